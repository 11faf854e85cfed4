package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MqttPacketEncoder#encodeAliasedPublishInto}, the PUBLISH of a message without properties on a connection
 * with topic aliases: the same bytes as the general encoder writes for the packet with that alias (a new one with
 * the topic, a known one with an empty topic), for every QoS, with and without DUP, and the same refusals.
 */
class EncodeAliasedPublishTest {

    private static final MqttVersion V5 = MqttVersion.MQTT_5_0;

    private static PublishPacket withAlias(boolean dup, Qos qos, boolean retain, String topic, int packetId,
            ByteBuffer payload, int alias) {
        return new PublishPacket(dup, qos, retain, topic, packetId, payload, null, null, alias, null, null, List.of(),
                List.of(), null);
    }

    @Test
    void sameBytesAsTheGeneralEncoderForANewAndAKnownAlias() {
        // 100 bytes: the remaining length crosses 127 only with the topic and alias; 20,000: a 3-byte one
        for (int size : new int[] {0, 100, 120, 20_000}) {
            ByteBuffer payload = ByteBuffer.wrap(new byte[size]).asReadOnlyBuffer();
            for (String topic : new String[] {"a/b/\u00e9", "x", ""}) {
                for (int alias : new int[] {1, 300, 65_535}) {
                    for (Qos qos : Qos.values()) {
                        for (boolean dup : qos == Qos.AT_MOST_ONCE ? new boolean[] {false}
                                : new boolean[] {false, true}) {
                            int id = qos == Qos.AT_MOST_ONCE ? 0 : 40_000;
                            boolean retain = size == 100;
                            ByteBuf expected = Unpooled.buffer();
                            MqttPacketEncoder.encodeInto(expected,
                                    withAlias(dup, qos, retain, topic, id, payload, alias), V5);
                            ByteBuf actual = Unpooled.buffer();
                            actual.writeByte(0x7E); // appended after what is there
                            MqttPacketEncoder.encodeAliasedPublishInto(actual, topic, alias, qos, retain, payload, id,
                                    dup, V5);
                            assertEquals(0x7E, actual.readByte());
                            String what = topic + " alias " + alias + " " + qos + " dup " + dup + " size " + size;
                            assertEquals(expected, actual, what);
                            assertEquals(expected, appendedByAnEncoderHandler(topic, alias, qos, retain, payload, id,
                                    dup), what + ", into the encoder's array");
                            assertEquals(0, payload.position(), "the payload did not move");
                        }
                    }
                }
            }
        }
    }

    /** What {@link MqttEncoderHandler#appendAliasedPublish} writes into its own buffer, which has an array. */
    private static ByteBuf appendedByAnEncoderHandler(String topic, int alias, Qos qos, boolean retain,
            ByteBuffer payload, int packetId, boolean dup) {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        assertTrue(encoder.appendAliasedPublish(topic, alias, qos, retain, payload, packetId, dup));
        channel.flush();
        ByteBuf written = channel.readOutbound();
        ByteBuf copy = Unpooled.copiedBuffer(written);
        written.release();
        channel.finishAndReleaseAll();
        return copy;
    }

    @Test
    void theEncoderHandlerAppendsTheSameBytes() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3}).asReadOnlyBuffer();
        assertTrue(encoder.appendAliasedPublish("s/1", 7, Qos.AT_LEAST_ONCE, false, payload, 9, false));
        assertTrue(encoder.appendAliasedPublish("", 7, Qos.EXACTLY_ONCE, true, payload, 10, true));
        channel.flush();
        ByteBuf expected = Unpooled.buffer();
        MqttPacketEncoder.encodeInto(expected, withAlias(false, Qos.AT_LEAST_ONCE, false, "s/1", 9, payload, 7), V5);
        MqttPacketEncoder.encodeInto(expected, withAlias(true, Qos.EXACTLY_ONCE, true, "", 10, payload, 7), V5);
        ByteBuf written = channel.readOutbound();
        assertEquals(expected, written);
        written.release();
        channel.finishAndReleaseAll();
        assertFalse(encoder.appendAliasedPublish("s/1", 7, Qos.AT_LEAST_ONCE, false, payload, 9, false),
                "no longer in a pipeline");
    }

    @Test
    void refusesWhatTheGeneralEncoderRefusesAndLeavesTheBufferAsItWas() {
        ByteBuf out = Unpooled.buffer().writeByte(1);
        ByteBuffer payload = ByteBuffer.allocate(1);
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a", 1,
                Qos.AT_MOST_ONCE, false, payload, 0, true, V5), "DUP on QoS 0");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a", 1,
                Qos.AT_LEAST_ONCE, false, payload, 0, false, V5), "no packet identifier");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a", 1,
                Qos.AT_LEAST_ONCE, false, payload, 65_536, false, V5), "packet identifier too large");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a", 0,
                Qos.AT_LEAST_ONCE, false, payload, 1, false, V5), "Topic Alias 0");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a",
                65_536, Qos.AT_LEAST_ONCE, false, payload, 1, false, V5), "Topic Alias too large");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a/+", 1,
                Qos.AT_LEAST_ONCE, false, payload, 1, false, V5), "a wildcard in a topic name");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeAliasedPublishInto(out, "a", 1,
                Qos.AT_LEAST_ONCE, false, payload, 1, false, MqttVersion.MQTT_3_1_1), "no aliases in 3.1.1");
        for (int alias : new int[] {0, 65_536}) {
            assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeInto(Unpooled.buffer(),
                    withAlias(false, Qos.AT_LEAST_ONCE, false, "a", 1, payload, alias), V5),
                    "the general encoder refuses Topic Alias " + alias + " too");
        }
        assertEquals(Unpooled.buffer().writeByte(1), out);
    }
}
