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

    /** Returned by {@link #read} when a fourth byte still has its continuation bit set. */
    static final int TOO_LONG = -2;

    /** Returned by {@link #read} when the encoding is longer than the value needs, such as 0x80 0x00. */
    static final int NOT_MINIMAL = -3;

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

    /** Writes {@code value} in its minimal encoding into {@code array} at {@code at}; returns the index after it. */
    static int write(byte[] array, int at, int value) {
        int rest = value;
        do {
            int digit = rest & 0x7F;
            rest >>>= 7;
            array[at++] = (byte) (rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
        return at;
    }

    /**
     * Reads an integer from {@code buf} starting at {@code index} without moving the reader index. Its length is
     * {@link #encodedSize} of the result, because only minimal encodings are accepted.
     *
     * @param limit the index of the first byte that may not be read
     * @return the value; {@link #INCOMPLETE} if the integer is not finished before {@code limit}; or
     *         {@link #TOO_LONG} or {@link #NOT_MINIMAL}, which {@link #error} turns into an exception. Codes rather
     *         than exceptions keep the caller's error message from being built on the hot path.
     */
    static int read(ByteBuf buf, int index, int limit) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (index + i >= limit) {
                return INCOMPLETE;
            }
            int b = buf.getUnsignedByte(index + i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return i > 0 && b == 0 ? NOT_MINIMAL : value;
            }
        }
        return TOO_LONG;
    }

    /**
     * The exception for a {@link #read} result of {@link #TOO_LONG} or {@link #NOT_MINIMAL}: MALFORMED_PACKET,
     * because section 1.5.5 limits the field to four bytes and [MQTT-1.5.5-1] says "The encoded value MUST use the
     * minimum number of bytes necessary to represent the value".
     */
    static MqttDecodeException error(int result, String what) {
        return MqttDecodeException.malformed(result == TOO_LONG
                ? what + " is longer than four bytes" : what + " is not in its minimal form");
    }
}
