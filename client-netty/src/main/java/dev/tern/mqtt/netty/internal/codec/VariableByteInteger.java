package dev.tern.mqtt.netty.internal.codec;

import io.netty.buffer.ByteBuf;

/**
 * The Variable Byte Integer of <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901011">
 * MQTT 5.0 section 1.5.5</a> (the Remaining Length encoding of MQTT 3.1.1 section 2.2.3): seven bits per byte, least
 * significant group first, the high bit meaning "more bytes follow", at most four bytes.
 */
final class VariableByteInteger {

    /** The largest value four bytes can carry: 268,435,455. */
    static final int MAX_VALUE = 0x0FFF_FFFF;

    /** Returned by {@link #read} when the integer continues past {@code limit}. */
    static final int INCOMPLETE = -1;

    private VariableByteInteger() {
    }

    /** The number of bytes {@code value} takes in its minimal encoding (1 to 4). */
    static int encodedSize(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("variable byte integer out of range 0.." + MAX_VALUE + ": " + value);
        }
        if (value < 0x80) {
            return 1;
        }
        if (value < 0x4000) {
            return 2;
        }
        return value < 0x20_0000 ? 3 : 4;
    }

    /** Writes {@code value} in its minimal encoding. */
    static void write(ByteBuf out, int value) {
        int rest = value;
        do {
            int digit = rest & 0x7F;
            rest >>>= 7;
            out.writeByte(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
    }

    /**
     * Reads an integer from {@code buf} starting at {@code index} without moving the reader index. Its length is
     * {@link #encodedSize} of the result, because only minimal encodings are accepted.
     *
     * @param limit the index of the first byte that may not be read
     * @param what what the integer is, for the error message
     * @return the value, or {@link #INCOMPLETE} if the integer is not finished before {@code limit}
     * @throws MqttDecodeException MALFORMED_PACKET if a fourth byte still has its continuation bit set, or if the
     *         encoding is longer than needed: [MQTT-1.5.5-1] "The encoded value MUST use the minimum number of bytes
     *         necessary to represent the value", and section 1.5.5 limits the field to four bytes
     */
    static int read(ByteBuf buf, int index, int limit, String what) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (index + i >= limit) {
                return INCOMPLETE;
            }
            int b = buf.getUnsignedByte(index + i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) {
                    throw MqttDecodeException.malformed(what + " is not in its minimal " + (i + 1) + "-byte form");
                }
                return value;
            }
        }
        throw MqttDecodeException.malformed(what + " is longer than four bytes");
    }
}
