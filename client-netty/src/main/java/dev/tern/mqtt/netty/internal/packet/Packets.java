package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;

/** Helpers shared by the packet records: defensive copies that keep the records immutable. */
final class Packets {

    private Packets() {
    }

    static List<UserProperty> props(List<UserProperty> userProperties) {
        return userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A read-only view of {@code buffer} from its position; null stays null. */
    static ByteBuffer readOnly(ByteBuffer buffer) {
        return buffer == null ? null : buffer.asReadOnlyBuffer();
    }

    static void checkPacketId(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier must be 1..65535, was " + packetId);
        }
    }

    static String bytes(ByteBuffer buffer) {
        return buffer == null ? "null" : "<" + buffer.remaining() + " bytes>";
    }
}
