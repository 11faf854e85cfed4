package dev.tern.mqtt.netty.internal.codec;

import static dev.tern.mqtt.netty.internal.codec.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.List;

/** The assertions every vector goes through, shared by the 5.0 and 3.1.1 vector tests. */
final class VectorChecks {

    /** Large enough for every vector; the size limit has its own tests in {@link MalformedPacketTest}. */
    static final int MAXIMUM_PACKET_SIZE = 1 << 20;

    private VectorChecks() {
    }

    static void assertFramedConsistently(Vector vector) {
        assertNull(TestBytes.framingProblem(vector.bytes()), "hand-written vector is mis-counted");
    }

    static void assertEncodes(Vector vector) {
        ByteBuf encoded = MqttPacketEncoder.encode(UnpooledByteBufAllocator.DEFAULT, vector.packet(), vector.version());
        try {
            assertEquals(hex(vector.bytes()), hex(encoded), "encoded bytes");
            assertEquals(vector.bytes().length, encoded.readableBytes(), "encoded length");
            assertEquals(vector.bytes().length, MqttPacketEncoder.encodedSize(vector.packet(), vector.version()),
                    "encodedSize");
        } finally {
            encoded.release();
        }
    }

    static void assertDecodes(Vector vector) {
        assertDecodesWith(vector.version(), vector);
    }

    static void assertDecodesWith(MqttVersion decoderVersion, Vector vector) {
        ByteBuf in = Unpooled.wrappedBuffer(vector.bytes());
        MqttPacket decoded = new MqttPacketDecoder(decoderVersion, MAXIMUM_PACKET_SIZE).decode(in);
        assertEquals(vector.packet(), decoded, "decoded packet");
        assertEquals(vector.bytes().length, in.readerIndex(), "reader index after the packet");
    }

    /** All vectors written into one buffer decode one at a time, each leaving the reader index at the next. */
    static void assertDecodesBackToBack(MqttVersion version, List<Vector> vectors) {
        ByteBuf in = Unpooled.buffer();
        for (Vector vector : vectors) {
            in.writeBytes(vector.bytes());
        }
        MqttPacketDecoder decoder = new MqttPacketDecoder(version, MAXIMUM_PACKET_SIZE);
        int expectedIndex = 0;
        for (Vector vector : vectors) {
            assertEquals(vector.packet(), decoder.decode(in), vector.name());
            expectedIndex += vector.bytes().length;
            assertEquals(expectedIndex, in.readerIndex(), vector.name());
        }
        assertNull(decoder.decode(in), "nothing left to decode");
        assertEquals(expectedIndex, in.readerIndex());
    }
}
