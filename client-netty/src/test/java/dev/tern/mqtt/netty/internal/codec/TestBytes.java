package dev.tern.mqtt.netty.internal.codec;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Small helpers for writing packets byte by byte in tests. Vectors are written as {@code bytes(0x10, 0x0D, ...)}
 * with characters standing for their ASCII byte ({@code 'M','Q','T','T'}), so each line of a vector can say what
 * its bytes are.
 */
final class TestBytes {

    private TestBytes() {
    }

    /** The given values as bytes; each must be 0..255 (a char stands for its ASCII code). */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte at index " + i + ": " + values[i]);
            }
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** The parts one after the other. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** {@code count} copies of {@code value}. */
    static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        Arrays.fill(out, (byte) value);
        return out;
    }

    /** A read-only buffer holding the given bytes. */
    static ByteBuffer buffer(int... values) {
        return ByteBuffer.wrap(bytes(values)).asReadOnlyBuffer();
    }

    /** A read-only buffer holding the UTF-8 bytes of {@code text}. */
    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    /** Space-separated hex, for assertion messages that show where two byte strings differ. */
    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString().toUpperCase();
    }

    /** The readable bytes of {@code buf} as hex, without moving its reader index. */
    static String hex(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return hex(bytes);
    }

    /**
     * Checks the fixed header of a hand-written packet: its Remaining Length must be a well-formed Variable Byte
     * Integer equal to the number of bytes that follow it. Catches counting mistakes in a vector before the codec is
     * blamed for them.
     *
     * @return null if consistent, otherwise what is wrong
     */
    static String framingProblem(byte[] packet) {
        int value = 0;
        int multiplier = 1;
        int index = 1;
        while (true) {
            if (index >= packet.length) {
                return "remaining length runs past the end";
            }
            int b = packet[index++] & 0xFF;
            value += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0) {
                break;
            }
            multiplier *= 128;
            if (index > 4) {
                return "remaining length longer than four bytes";
            }
        }
        int body = packet.length - index;
        return value == body ? null : "remaining length says " + value + " but " + body + " bytes follow";
    }
}
