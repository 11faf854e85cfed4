package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReceivedTopicNamesTest {

    private static PublishPacket decode(String topic) {
        return decode(topic.getBytes(StandardCharsets.UTF_8));
    }

    /** A QoS 0 MQTT 3.1.1 PUBLISH with a one-byte payload (topics under 16 KB). */
    private static PublishPacket decode(byte[] topic) {
        ByteBuf in = Unpooled.buffer();
        int remaining = 2 + topic.length + 1;
        in.writeByte(0x30);
        if (remaining < 128) {
            in.writeByte(remaining);
        } else {
            in.writeByte(remaining & 0x7F | 0x80).writeByte(remaining >> 7);
        }
        in.writeShort(topic.length).writeBytes(topic).writeByte(7);
        try {
            return (PublishPacket) new MqttPacketDecoder(MqttVersion.MQTT_3_1_1, 1024).decode(in);
        } finally {
            in.release();
        }
    }

    @Test
    void aRunOnOneTopicDecodesItOnce() {
        String first = decode("sensors/\u00e9t\u00e9/1").topic();
        assertEquals("sensors/\u00e9t\u00e9/1", first);
        assertSame(first, decode("sensors/\u00e9t\u00e9/1").topic());
    }

    @Test
    void anotherTopicOfTheSameLengthIsDecodedAfresh() {
        String a = decode("room/a").topic();
        String b = decode("room/b").topic();
        assertEquals("room/b", b);
        assertNotSame(a, b);
        assertEquals("room/a", decode("room/a").topic());
    }

    @Test
    void aBadTopicIsRefusedEveryTimeAndDoesNotReplaceTheRememberedOne() {
        String good = decode("a/b").topic();
        assertThrows(MqttDecodeException.class, () -> decode("a/+"));
        assertThrows(MqttDecodeException.class, () -> decode("a/+"));
        byte[] invalidUtf8 = {'a', '/', (byte) 0xC3};
        assertThrows(MqttDecodeException.class, () -> decode(invalidUtf8));
        assertThrows(MqttDecodeException.class, () -> decode(invalidUtf8));
        assertSame(good, decode("a/b").topic());
    }

    @Test
    void longTopicsAreRememberedToo() {
        String longTopic = "x/".repeat(100) + "end";
        String first = decode(longTopic).topic();
        assertSame(first, decode(longTopic).topic());
    }
}
