package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The PUBLISH without properties that the session encodes from a message's own fields
 * ({@link MqttPacketEncoder#encodePublishInto(ByteBuf, String, Qos, boolean, ByteBuffer, int, boolean, MqttVersion)}
 * and {@link MqttPacketEncoder#encodedPublishSize}): the same bytes, size and refusals, with the same messages, as
 * the general encoder for {@code PublishPacket.of} of those fields.
 */
class EncodePlainPublishTest {

    @Test
    void sameBytesAndSizeAsTheGeneralEncoder() {
        for (MqttVersion version : MqttVersion.values()) {
            for (Qos qos : Qos.values()) {
                // 127 and 128 bytes of remaining length straddle the length's second byte
                for (int size : new int[] {0, 1, 118, 119, 120, 121, 2_000, 20_000}) {
                    for (boolean retain : new boolean[] {false, true}) {
                        for (boolean dup : qos == Qos.AT_MOST_ONCE ? new boolean[] {false}
                                : new boolean[] {false, true}) {
                            byte[] bytes = new byte[size];
                            for (int i = 0; i < size; i++) {
                                bytes[i] = (byte) (i * 31);
                            }
                            ByteBuffer payload = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
                            int id = qos == Qos.AT_MOST_ONCE ? 0 : 40_000;
                            String topic = "a/b/\u00e9";
                            PublishPacket packet = new PublishPacket(dup, qos, retain, topic, id, payload, null, null,
                                    null, null, null, null, null, null);
                            ByteBuf expected = Unpooled.buffer();
                            MqttPacketEncoder.encodeInto(expected, packet, version);
                            ByteBuf actual = Unpooled.buffer();
                            actual.writeByte(0x7E); // appended after what is there
                            MqttPacketEncoder.encodePublishInto(actual, topic, qos, retain, payload, id, dup, version);
                            assertEquals(0x7E, actual.readByte());
                            String what = version + " " + qos + " " + size + " retain " + retain + " dup " + dup;
                            assertEquals(expected, actual, what);
                            assertEquals(MqttPacketEncoder.encodedSize(packet, version),
                                    MqttPacketEncoder.encodedPublishSize(topic, qos, size, version), what);
                            assertEquals(0, payload.position(), "the payload did not move");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aPreparedPublishPatchedWithIdAndDupIsWhatTheGeneralEncoderWrites() {
        for (MqttVersion version : MqttVersion.values()) {
            for (Qos qos : Qos.values()) {
                for (int size : new int[] {0, 1, 118, 119, 120, 121, 2_000, 20_000}) {
                    for (boolean retain : new boolean[] {false, true}) {
                        byte[] bytes = new byte[size];
                        for (int i = 0; i < size; i++) {
                            bytes[i] = (byte) (i * 31);
                        }
                        ByteBuffer payload = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
                        String topic = "a/b/\u00e9";
                        int encodedSize = MqttPacketEncoder.encodedPublishSize(topic, qos, size, version);
                        byte[] prepared = MqttPacketEncoder.encodePublish(topic, qos, retain, payload, encodedSize,
                                version);
                        assertEquals(0, payload.position(), "the payload did not move");
                        assertEquals(encodedSize, prepared.length);
                        byte[] copy = prepared.clone();
                        for (boolean dup : qos == Qos.AT_MOST_ONCE ? new boolean[] {false}
                                : new boolean[] {false, true}) {
                            // 0x1234 and 0xFFFF: both bytes of the identifier and the sign bit of each
                            for (int id : qos == Qos.AT_MOST_ONCE ? new int[] {0} : new int[] {0x1234, 0xFFFF}) {
                                PublishPacket packet = new PublishPacket(dup, qos, retain, topic, id, payload, null,
                                        null, null, null, null, null, null, null);
                                ByteBuf expected = Unpooled.buffer();
                                MqttPacketEncoder.encodeInto(expected, packet, version);
                                String what = version + " " + qos + " " + size + " retain " + retain + " dup " + dup
                                        + " id " + id;
                                // an array-backed buffer (the encoder's gathered one) and a direct one
                                for (ByteBuf actual : new ByteBuf[] {Unpooled.buffer(4),
                                        Unpooled.directBuffer(4)}) {
                                    try {
                                        actual.writeByte(0x7E); // appended after what is there
                                        MqttPacketEncoder.encodePreparedPublishInto(actual, prepared, id, dup);
                                        assertEquals(0x7E, actual.readByte());
                                        assertEquals(expected, actual, what + " direct " + actual.isDirect());
                                    } finally {
                                        actual.release();
                                    }
                                }
                                expected.release();
                                assertArrayEquals(copy, prepared, "the prepared bytes are not changed: " + what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aPreparedPublishIsRefusedWhereTheGeneralEncoderRefusesAndTheBufferIsLeftAsItWas() {
        ByteBuffer payload = ByteBuffer.allocate(3);
        for (MqttVersion version : MqttVersion.values()) {
            byte[] qos0 = MqttPacketEncoder.encodePublish("a", Qos.AT_MOST_ONCE, false, payload,
                    MqttPacketEncoder.encodedPublishSize("a", Qos.AT_MOST_ONCE, 3, version), version);
            byte[] qos2 = MqttPacketEncoder.encodePublish("a", Qos.EXACTLY_ONCE, false, payload,
                    MqttPacketEncoder.encodedPublishSize("a", Qos.EXACTLY_ONCE, 3, version), version);
            ByteBuf out = Unpooled.buffer().writeByte(1);
            assertThrows(IllegalArgumentException.class,
                    () -> MqttPacketEncoder.encodePreparedPublishInto(out, qos0, 0, true));
            assertThrows(IllegalArgumentException.class,
                    () -> MqttPacketEncoder.encodePreparedPublishInto(out, qos2, 0, false));
            assertThrows(IllegalArgumentException.class,
                    () -> MqttPacketEncoder.encodePreparedPublishInto(out, qos2, 65_536, false));
            assertEquals(Unpooled.buffer().writeByte(1), out, version.toString());
            for (String topic : new String[] {"", "a/+", "\ud800"}) {
                IllegalArgumentException general = assertThrows(IllegalArgumentException.class,
                        () -> MqttPacketEncoder.encodedSize(PublishPacket.of(topic, Qos.AT_LEAST_ONCE, false, 1,
                                payload), version));
                IllegalArgumentException prepared = assertThrows(IllegalArgumentException.class,
                        () -> MqttPacketEncoder.encodePublish(topic, Qos.AT_LEAST_ONCE, false, payload, 10, version));
                assertEquals(general.getMessage(), prepared.getMessage(), topic);
            }
        }
    }

    @Test
    void refusesWhatTheGeneralEncoderRefusesWithItsMessageAndLeavesTheBufferAsItWas() {
        ByteBuffer payload = ByteBuffer.allocate(1);
        for (MqttVersion version : MqttVersion.values()) {
            ByteBuf out = Unpooled.buffer().writeByte(1);
            for (String topic : new String[] {"", "a/+", "a/#", "a\u0000b", "\ud800"}) {
                IllegalArgumentException general = assertThrows(IllegalArgumentException.class,
                        () -> MqttPacketEncoder.encodedSize(PublishPacket.of(topic, Qos.AT_LEAST_ONCE, false, 1,
                                payload), version));
                IllegalArgumentException sized = assertThrows(IllegalArgumentException.class,
                        () -> MqttPacketEncoder.encodedPublishSize(topic, Qos.AT_LEAST_ONCE, 1, version));
                IllegalArgumentException encoded = assertThrows(IllegalArgumentException.class,
                        () -> MqttPacketEncoder.encodePublishInto(out, topic, Qos.AT_LEAST_ONCE, false, payload, 1,
                                false, version));
                assertEquals(general.getMessage(), sized.getMessage(), topic);
                assertEquals(general.getMessage(), encoded.getMessage(), topic);
            }
            assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodePublishInto(out, "a",
                    Qos.AT_MOST_ONCE, false, payload, 0, true, version));
            assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodePublishInto(out, "a",
                    Qos.AT_LEAST_ONCE, false, payload, 0, false, version));
            assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodePublishInto(out, "a",
                    Qos.EXACTLY_ONCE, false, payload, 65_536, false, version));
            assertEquals(Unpooled.buffer().writeByte(1), out, version.toString());
        }
    }

    @Test
    void aPayloadOverTheLargestRemainingLengthIsRefusedWithTheGeneralEncodersMessage() {
        int payloadLength = VariableByteInteger.MAX_VALUE - 5; // + 2 + 1 topic byte + 2 id + 1 properties: one over
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodedPublishSize("a", Qos.AT_LEAST_ONCE, payloadLength,
                        MqttVersion.MQTT_5_0));
        assertEquals("PUBLISH needs a remaining length of " + (VariableByteInteger.MAX_VALUE + 1L)
                + " bytes, more than " + VariableByteInteger.MAX_VALUE, e.getMessage());
        assertEquals(VariableByteInteger.MAX_VALUE + 5, MqttPacketEncoder.encodedPublishSize("a",
                Qos.AT_LEAST_ONCE, payloadLength - 1, MqttVersion.MQTT_5_0));
        // 3.1.1 has no property block: the same payload fits there
        assertEquals(VariableByteInteger.MAX_VALUE + 5, MqttPacketEncoder.encodedPublishSize("a",
                Qos.AT_LEAST_ONCE, payloadLength, MqttVersion.MQTT_3_1_1));
    }
}
