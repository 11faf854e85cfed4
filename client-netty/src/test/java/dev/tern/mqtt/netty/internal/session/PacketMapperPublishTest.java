package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.PayloadFormat;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketMapperPublishTest {

    private static final Publish WITH_PROPERTIES = Publish.builder().topic("a/b").payload("hello")
            .qos(Qos.AT_LEAST_ONCE).retain(true).payloadFormat(PayloadFormat.UTF_8).messageExpiryInterval(30L)
            .contentType("text/plain").responseTopic("replies").correlationData(new byte[] {4, 2})
            .userProperty("k", "v").build();

    @Test
    void mqtt5CarriesEveryPropertyOfTheMessage() {
        PublishPacket p = PacketMapper.publish(WITH_PROPERTIES, 1, MqttVersion.MQTT_5_0);
        assertEquals("a/b", p.topic());
        assertEquals(Qos.AT_LEAST_ONCE, p.qos());
        assertTrue(p.retain());
        assertFalse(p.dup());
        assertEquals(1, p.packetId());
        assertEquals(WITH_PROPERTIES.payload(), p.payload());
        assertEquals(1, p.payloadFormatIndicator());
        assertEquals(30L, p.messageExpiryInterval());
        assertEquals("text/plain", p.contentType());
        assertEquals("replies", p.responseTopic());
        assertEquals(ByteBuffer.wrap(new byte[] {4, 2}), p.correlationData());
        assertEquals(List.of(UserProperty.of("k", "v")), p.userProperties());
        assertNull(p.topicAlias());
        assertTrue(p.subscriptionIdentifiers().isEmpty());
    }

    @Test
    void mqtt311LeavesThePropertiesOut() {
        PublishPacket p = PacketMapper.publish(WITH_PROPERTIES, 1, MqttVersion.MQTT_3_1_1);
        assertEquals(PublishPacket.of("a/b", Qos.AT_LEAST_ONCE, true, 1, WITH_PROPERTIES.payload()), p);
    }

    @Test
    void aMessageWithoutPropertiesMapsToAPacketWithout() {
        Publish m = Publish.builder().topic("t").payload(new byte[] {1, 2, 3}).build();
        assertEquals(PublishPacket.of("t", Qos.AT_MOST_ONCE, false, 0, m.payload()),
                PacketMapper.publish(m, 0, MqttVersion.MQTT_5_0));
    }

    @Test
    void encodingTheSharedPayloadLeavesTheMessageAsItWas() {
        PublishPacket p = PacketMapper.publish(WITH_PROPERTIES, 1, MqttVersion.MQTT_5_0);
        ByteBuf out = Unpooled.buffer();
        try {
            MqttPacketEncoder.encodeInto(out, p, MqttVersion.MQTT_5_0);
            MqttPacketEncoder.encodePublishInto(out, p, 7, true, MqttVersion.MQTT_5_0);
        } finally {
            out.release();
        }
        assertEquals("hello", WITH_PROPERTIES.payloadAsString());
        assertEquals(5, p.payload().remaining());
        assertEquals(ByteBuffer.wrap(new byte[] {4, 2}), WITH_PROPERTIES.correlationData().orElseThrow());
        assertEquals(2, p.correlationData().remaining());
    }
}
