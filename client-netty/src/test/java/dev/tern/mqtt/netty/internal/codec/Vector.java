package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;

import java.util.List;
import java.util.Objects;

/**
 * One hand-written test vector: the exact bytes of a packet in one protocol version and the packet they stand for.
 *
 * @param name what the vector shows, used as the test's display name
 * @param version the protocol version the bytes are in
 * @param bytes the packet on the wire, fixed header included
 * @param packet the decoded form
 * @param direction which ways the vector holds: most hold both ways; a few wire forms are valid but not what our
 *     encoder writes (decode only), and a few packets carry fields the version cannot express (encode only)
 */
record Vector(String name, MqttVersion version, byte[] bytes, MqttPacket packet, Direction direction) {

    enum Direction { BOTH, DECODE_ONLY, ENCODE_ONLY }

    Vector {
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        Objects.requireNonNull(bytes);
        Objects.requireNonNull(packet);
        Objects.requireNonNull(direction);
    }

    static Vector both(String name, MqttVersion version, byte[] bytes, MqttPacket packet) {
        return new Vector(name, version, bytes, packet, Direction.BOTH);
    }

    static Vector decodeOnly(String name, MqttVersion version, byte[] bytes, MqttPacket packet) {
        return new Vector(name, version, bytes, packet, Direction.DECODE_ONLY);
    }

    static Vector encodeOnly(String name, MqttVersion version, byte[] bytes, MqttPacket packet) {
        return new Vector(name, version, bytes, packet, Direction.ENCODE_ONLY);
    }

    boolean decodes() {
        return direction != Direction.ENCODE_ONLY;
    }

    boolean encodes() {
        return direction != Direction.DECODE_ONLY;
    }

    /** Every vector of both versions, for tests that need valid packets (prefix checks, the fuzzer's seeds). */
    static List<Vector> all() {
        List<Vector> all = new java.util.ArrayList<>(Mqtt5VectorsTest.vectors());
        all.addAll(Mqtt311VectorsTest.vectors());
        return all;
    }

    @Override
    public String toString() {
        return name;
    }
}
