package dev.tern.mqtt.netty.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 Encoded Strings (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901010">
 * MQTT 5.0 section 1.5.4</a>, MQTT 3.1.1 section 1.5.3): a two-byte length and at most 65,535 bytes of well-formed
 * UTF-8 that encode no surrogate code point and no U+0000.
 *
 * <p>The bytes are validated here, byte by byte, because Java's decoder replaces bad input instead of rejecting it.
 */
final class Utf8 {

    /** The longest string the two-byte length prefix can announce. */
    static final int MAX_BYTES = 0xFFFF;

    private Utf8() {
    }

    /**
     * Decodes {@code length} bytes at {@code index} after checking them.
     *
     * @param what the field, and {@code packetName} the packet, for the error message (built only on failure)
     * @throws MqttDecodeException MALFORMED_PACKET for ill-formed UTF-8 or a surrogate ([MQTT-1.5.4-1]: "If the
     *         Client or Server receives a Control Packet containing ill-formed UTF-8 it is a Malformed Packet") and
     *         for U+0000 ([MQTT-1.5.4-2]: "If a receiver receives a Control Packet containing U+0000 it is a
     *         Malformed Packet"); MQTT 3.1.1 [MQTT-1.5.3-1] and [MQTT-1.5.3-2] say the same
     */
    static String decode(ByteBuf buf, int index, int length, String what, String packetName) {
        int end = index + length;
        int i = index;
        boolean ascii = true;
        while (i < end) {
            int b = buf.getUnsignedByte(i);
            if (b < 0x80) {
                if (b == 0) {
                    throw error(what, packetName, " contains U+0000");
                }
                i++;
                continue;
            }
            ascii = false;
            int size;
            int secondLow = 0x80;
            int secondHigh = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                size = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                size = 3;
                if (b == 0xE0) {
                    secondLow = 0xA0; // shorter forms are overlong
                } else if (b == 0xED) {
                    secondHigh = 0x9F; // ED A0..BF would encode U+D800..U+DFFF
                    if (i + 1 < end && buf.getUnsignedByte(i + 1) >= 0xA0 && buf.getUnsignedByte(i + 1) <= 0xBF) {
                        throw error(what, packetName, " encodes a surrogate code point");
                    }
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                size = 4;
                if (b == 0xF0) {
                    secondLow = 0x90; // overlong
                } else if (b == 0xF4) {
                    secondHigh = 0x8F; // above U+10FFFF
                }
            } else {
                throw error(what, packetName, String.format(" is not valid UTF-8 (byte 0x%02X)", b));
            }
            if (i + size > end) {
                throw error(what, packetName, " ends inside a UTF-8 sequence");
            }
            int second = buf.getUnsignedByte(i + 1);
            if (second < secondLow || second > secondHigh) {
                throw error(what, packetName, " is not valid UTF-8");
            }
            for (int k = 2; k < size; k++) {
                int next = buf.getUnsignedByte(i + k);
                if (next < 0x80 || next > 0xBF) {
                    throw error(what, packetName, " is not valid UTF-8");
                }
            }
            i += size;
        }
        // The bytes are now known to be exact UTF-8, so the JDK's decoding cannot substitute anything.
        return buf.toString(index, length, ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
    }

    private static MqttDecodeException error(String what, String packetName, String problem) {
        return MqttDecodeException.malformed(what + " in " + packetName + problem);
    }

    /**
     * The number of UTF-8 bytes of {@code s}, checking that it can be sent.
     *
     * @throws IllegalArgumentException if {@code s} contains U+0000 or an unpaired surrogate (which have no valid
     *         encoding, [MQTT-1.5.4-1], [MQTT-1.5.4-2]) or needs more than 65,535 bytes
     */
    static int encodedLength(String s, String what) {
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw new IllegalArgumentException(what + " contains U+0000");
                }
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException(what + " contains an unpaired surrogate");
                }
                i++;
                bytes += 4;
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(what + " contains an unpaired surrogate");
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes + " UTF-8 bytes, more than " + MAX_BYTES);
        }
        return bytes;
    }

    /** Writes the length prefix and the bytes of a string already checked by {@link #encodedLength}. */
    static void write(ByteBuf out, String s, int encodedLength) {
        out.writeShort(encodedLength);
        ByteBufUtil.reserveAndWriteUtf8(out, s, encodedLength);
    }
}
