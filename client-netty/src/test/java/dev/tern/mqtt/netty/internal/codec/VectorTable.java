package dev.tern.mqtt.netty.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.PacketType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tests every table of hand-written vectors goes through, once per protocol version ({@link Mqtt5VectorsTest},
 * {@link Mqtt311VectorsTest}): each vector is framed consistently, encodes to exactly its bytes and decodes to
 * exactly its packet; the table covers every packet type of its version; its vectors decode back to back from one
 * buffer; and its decoder reads the other version's CONNECT. The assertions themselves are in {@link VectorChecks}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the method sources below are the subclass's instance methods
abstract class VectorTable {

    private final MqttVersion version;
    private final Set<PacketType> packetTypes;
    private final int packetTypeCount;

    /**
     * @param packetTypes the packet types of the version, all of which need vectors
     * @param packetTypeCount how many those are, written out so that a new packet type is noticed
     */
    VectorTable(MqttVersion version, Set<PacketType> packetTypes, int packetTypeCount) {
        this.version = version;
        this.packetTypes = packetTypes;
        this.packetTypeCount = packetTypeCount;
    }

    /** Every vector of this version. */
    abstract List<Vector> table();

    /** Every vector of the other version. */
    abstract List<Vector> otherVersionTable();

    List<Vector> encodable() {
        return table().stream().filter(Vector::encodes).collect(Collectors.toList());
    }

    List<Vector> decodable() {
        return table().stream().filter(Vector::decodes).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void vectorIsFramedConsistently(Vector vector) {
        VectorChecks.assertFramedConsistently(vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodable")
    void encodesExactlyToTheVector(Vector vector) {
        VectorChecks.assertEncodes(vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodable")
    void decodesExactlyToThePacket(Vector vector) {
        VectorChecks.assertDecodes(vector);
    }

    @Test
    void everyPacketTypeHasVectors() {
        Set<PacketType> covered = table().stream().map(v -> v.packet().type())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(PacketType.class)));
        assertEquals(packetTypes, covered);
        assertEquals(packetTypeCount, covered.size());
    }

    @Test
    void decodesAllVectorsBackToBackFromOneBuffer() {
        VectorChecks.assertDecodesBackToBack(version, decodable());
    }

    /**
     * A decoder of this version reads the other version's CONNECT by its protocol level (the packet says which
     * version it is), so a server-side peer can tell what it got.
     */
    @Test
    void connectIsDecodedByItsOwnProtocolLevel() {
        for (Vector vector : otherVersionTable()) {
            if (vector.packet().type() == PacketType.CONNECT && vector.decodes()) {
                VectorChecks.assertDecodesWith(version, vector);
            }
        }
    }
}
