package dev.tern.mqtt.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the value types of this package. Not public API. */
final class Bytes {

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private Bytes() {
    }

    /** A read-only copy of the remaining bytes of {@code buffer}, independent of later changes to it. */
    static ByteBuffer copyOf(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate());
        copy.flip();
        return copy.asReadOnlyBuffer();
    }

    /** A read-only copy of {@code bytes}; null stays null. */
    static ByteBuffer copyOf(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer();
    }

    /** The remaining bytes of a buffer as a new array, without moving its position. */
    static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The length of {@code s} in UTF-8, as MQTT measures strings. */
    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Checks an MQTT UTF-8 string: at most 65,535 bytes and no U+0000 (MQTT 5.0 section 1.5.4). */
    static void checkMqttString(String s, String what) {
        if (s.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(what + " must not contain U+0000");
        }
        if (s.length() > 0xFFFF / 3 && utf8Length(s) > 0xFFFF) {
            throw new IllegalArgumentException(what + " is longer than 65,535 bytes in UTF-8");
        }
    }
}
