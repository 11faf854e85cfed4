package dev.tern.mqtt.netty.internal.codec;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * Reads the data types of <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901006">
 * MQTT 5.0 section 1.5</a> from the body of one packet, never past its end. Every read checks the length first, so
 * a short packet becomes a MALFORMED_PACKET error, never an IndexOutOfBoundsException; binary fields are copied
 * because the network buffer is released once the packet is decoded.
 *
 * <p>It reads the network buffer in place, moving its reader index, and stops at {@code end} instead of taking a
 * slice: no buffer object per packet or property block on the receive path.
 */
final class PacketReader {

    private final ByteBuf buf;
    private final int end;
    private final String packetName;

    /**
     * @param buf the received bytes, positioned (reader index) at the start of the packet's body or part
     * @param end the index just past the body or part; the reader never reads at or beyond it
     * @param packetName the packet type, for error messages
     */
    PacketReader(ByteBuf buf, int end, String packetName) {
        this.buf = buf;
        this.end = end;
        this.packetName = packetName;
    }

    String packetName() {
        return packetName;
    }

    int remaining() {
        return end - buf.readerIndex();
    }

    boolean hasRemaining() {
        return buf.readerIndex() < end;
    }

    int readByte(String what) {
        require(1, what);
        return buf.readUnsignedByte();
    }

    int readTwoByteInteger(String what) {
        require(2, what);
        return buf.readUnsignedShort();
    }

    long readFourByteInteger(String what) {
        require(4, what);
        return buf.readUnsignedInt();
    }

    int readVariableByteInteger(String what) {
        int value = VariableByteInteger.read(buf, buf.readerIndex(), end);
        if (value == VariableByteInteger.INCOMPLETE) {
            throw truncated(what);
        }
        if (value < 0) {
            throw VariableByteInteger.error(value, what + " in " + packetName);
        }
        buf.skipBytes(VariableByteInteger.encodedSize(value));
        return value;
    }

    String readString(String what) {
        int length = readLength(what);
        require(length, what);
        String value = Utf8.decode(buf, buf.readerIndex(), length, what, packetName);
        buf.skipBytes(length);
        return value;
    }

    /**
     * A PUBLISH's Topic Name: the same {@code String} as the last one decoded on this thread if the bytes are the
     * same (that one passed {@link Topics#checkTopicName}); otherwise decoded and, if not empty, checked and
     * remembered. An empty name is left to the caller, which needs the properties to judge it.
     */
    String readTopicName() {
        int length = readLength("topic name");
        require(length, "topic name");
        int index = buf.readerIndex();
        ReceivedTopicNames names = ReceivedTopicNames.current();
        String known = names.find(buf, index, length);
        if (known != null) {
            buf.skipBytes(length);
            return known;
        }
        String topic = Utf8.decode(buf, index, length, "topic name", packetName);
        buf.skipBytes(length);
        if (!topic.isEmpty()) {
            Topics.checkTopicName(topic, this, "topic name");
            names.remember(topic, buf, index, length);
        }
        return topic;
    }

    ByteBuffer readBinary(String what) {
        int length = readLength(what);
        return readBytes(length, what);
    }

    /** Copies everything left, for a payload whose length is what the remaining length leaves. */
    ByteBuffer readRest() {
        return readBytes(remaining(), "payload");
    }

    /**
     * A reader over the next {@code length} bytes, for a property block whose length is announced up front. Both
     * read the same buffer: read the returned reader to its end before reading this one again.
     */
    PacketReader split(int length, String what) {
        require(length, what);
        return new PacketReader(buf, buf.readerIndex() + length, packetName);
    }

    /**
     * Checks that the packet has been read to its end.
     *
     * @throws MqttDecodeException MALFORMED_PACKET: the remaining length announced more bytes than the packet's
     *         fields use
     */
    void expectEnd() {
        int extra = remaining();
        if (extra > 0) {
            throw MqttDecodeException.malformed(
                    packetName + " has " + extra + (extra == 1 ? " byte" : " bytes") + " after its last field");
        }
    }

    MqttDecodeException malformed(String message) {
        return MqttDecodeException.malformed(message + " in " + packetName);
    }

    MqttDecodeException protocolError(String message) {
        return MqttDecodeException.protocolError(message + " in " + packetName);
    }

    /**
     * A copy, read-only from the start: the record it goes into keeps a read-only buffer as it is, so one buffer
     * object is made per field (the writable {@code wrap} is removed by escape analysis).
     */
    private ByteBuffer readBytes(int length, String what) {
        require(length, what);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** The two-byte length prefix of a string or binary field; the message is only built on failure. */
    private int readLength(String what) {
        if (remaining() < 2) {
            throw truncated(what + " length");
        }
        return buf.readUnsignedShort();
    }

    private void require(int length, String what) {
        if (remaining() < length) {
            throw truncated(what);
        }
    }

    private MqttDecodeException truncated(String what) {
        return MqttDecodeException.malformed(
                packetName + " ends before its " + what + " (remaining length too short)");
    }
}
