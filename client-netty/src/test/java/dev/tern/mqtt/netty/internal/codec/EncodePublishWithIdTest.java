package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link MqttPacketEncoder#encodePublishInto}, the event loop's one-pass PUBLISH encoder: the same bytes as the
 * general encoder writes for the packet with that identifier and DUP flag, and the same refusals.
 */
class EncodePublishWithIdTest {

    private static List<PublishPacket> variants(Qos qos, MqttVersion version) {
        List<PublishPacket> all = new ArrayList<>();
        int id = qos == Qos.AT_MOST_ONCE ? 0 : 1;
        for (int size : new int[] {0, 100, 20_000}) {
            ByteBuffer payload = ByteBuffer.wrap(new byte[size]).asReadOnlyBuffer();
            all.add(PublishPacket.of("a/b/\u00e9", qos, size == 100, id, payload));
            all.add(new PublishPacket(false, qos, false, "x", id, payload, 1, 30L, null, "reply/to",
                    ByteBuffer.wrap(new byte[] {1, 2}), List.of(UserProperty.of("k", "v")), List.of(), "text/plain"));
            if (version == MqttVersion.MQTT_5_0) {
                all.add(new PublishPacket(false, qos, false, "", id, payload, null, null, 3, null, null, List.of(),
                        List.of(), null));
            }
        }
        return all;
    }

    @Test
    void sameBytesAsTheGeneralEncoderWithTheIdAndDupPatched() {
        for (MqttVersion version : MqttVersion.values()) {
            for (Qos qos : Qos.values()) {
                for (PublishPacket p : variants(qos, version)) {
                    for (boolean dup : qos == Qos.AT_MOST_ONCE ? new boolean[] {false} : new boolean[] {false, true}) {
                        int id = qos == Qos.AT_MOST_ONCE ? 0 : 40_000;
                        PublishPacket patched = new PublishPacket(dup, qos, p.retain(), p.topic(), id, p.payload(),
                                p.payloadFormatIndicator(), p.messageExpiryInterval(), p.topicAlias(),
                                p.responseTopic(), p.correlationData(), p.userProperties(),
                                p.subscriptionIdentifiers(), p.contentType());
                        ByteBuf expected = Unpooled.buffer();
                        MqttPacketEncoder.encodeInto(expected, patched, version);
                        ByteBuf actual = Unpooled.buffer();
                        actual.writeByte(0x7E); // appended after what is there
                        MqttPacketEncoder.encodePublishInto(actual, p, id, dup, version);
                        assertEquals(0x7E, actual.readByte());
                        assertEquals(expected, actual, version + " " + qos + " dup " + dup + " " + p);
                        assertEquals(0, p.payload().position(), "the payload did not move");
                    }
                }
            }
        }
    }

    @Test
    void refusesWhatTheGeneralEncoderRefusesAndLeavesTheBufferAsItWas() {
        ByteBuf out = Unpooled.buffer().writeByte(1);
        ByteBuffer payload = ByteBuffer.allocate(1);
        PublishPacket qos0 = PublishPacket.of("a", Qos.AT_MOST_ONCE, false, 0, payload);
        PublishPacket qos1 = PublishPacket.of("a", Qos.AT_LEAST_ONCE, false, 1, payload);
        PublishPacket aliasOnly = new PublishPacket(false, Qos.AT_LEAST_ONCE, false, "", 1, payload, null, null, 2,
                null, null, List.of(), List.of(), null);
        PublishPacket badReplyTopic = new PublishPacket(false, Qos.AT_LEAST_ONCE, false, "a", 1, payload, null, null,
                null, "reply/#", null, List.of(), List.of(), null);
        PublishPacket wildcard = PublishPacket.of("a/+", Qos.AT_LEAST_ONCE, false, 1, payload);
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodePublishInto(out, qos0, 0, true, MqttVersion.MQTT_5_0));
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodePublishInto(out, qos1, 0, false, MqttVersion.MQTT_5_0));
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodePublishInto(out, qos1, 65_536, false, MqttVersion.MQTT_5_0));
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodePublishInto(out, aliasOnly, 1, false, MqttVersion.MQTT_3_1_1));
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodePublishInto(out, badReplyTopic, 1, false, MqttVersion.MQTT_5_0));
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodePublishInto(out, wildcard, 1, false, MqttVersion.MQTT_3_1_1));
        assertEquals(Unpooled.buffer().writeByte(1), out);
    }
}
