package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;

/** Helpers shared by the packet records: defensive copies that keep the records immutable. */
final class Packets {

    private Packets() {
    }

    /** An immutable copy; the usual empty list costs no copy (a mutable empty list would otherwise be copied). */
    static List<UserProperty> props(List<UserProperty> userProperties) {
        return userProperties == null || userProperties.isEmpty() ? List.of() : List.copyOf(userProperties);
    }

    static <T> List<T> list(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : List.copyOf(list);
    }

    /**
     * A read-only view of {@code buffer} from its position; null stays null. A buffer that is already read-only is
     * kept as it is (its content cannot change through it, and the decoder makes one per field), saving a second
     * view per payload on the receive path.
     */
    static ByteBuffer readOnly(ByteBuffer buffer) {
        return buffer == null || buffer.isReadOnly() ? buffer : buffer.asReadOnlyBuffer();
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
