package dev.tern.mqtt.netty.internal.codec;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * Reads the data types of <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901006">
 * MQTT 5.0 section 1.5</a> from the body of one packet, never past its end. Every read checks the length first, so
 * a short packet becomes a MALFORMED_PACKET error, never an IndexOutOfBoundsException; binary fields are copied
 * because the network buffer is released once the packet is decoded.
 */
final class PacketReader {

    private final ByteBuf buf;
    private final String packetName;

    /**
     * @param buf the bytes of the packet (or of one part of it) from reader index to writer index
     * @param packetName the packet type, for error messages
     */
    PacketReader(ByteBuf buf, String packetName) {
        this.buf = buf;
        this.packetName = packetName;
    }

    String packetName() {
        return packetName;
    }

    int remaining() {
        return buf.readableBytes();
    }

    boolean hasRemaining() {
        return buf.isReadable();
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
        int value = VariableByteInteger.read(buf, buf.readerIndex(), buf.writerIndex());
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

    ByteBuffer readBinary(String what) {
        int length = readLength(what);
        return readBytes(length, what);
    }

    /** Copies everything left, for a payload whose length is what the remaining length leaves. */
    ByteBuffer readRest() {
        return readBytes(buf.readableBytes(), "payload");
    }

    /**
     * A reader over the next {@code length} bytes (which this reader skips), for a property block whose length is
     * announced up front.
     */
    PacketReader split(int length, String what) {
        require(length, what);
        return new PacketReader(buf.readSlice(length), packetName);
    }

    /**
     * Checks that the packet has been read to its end.
     *
     * @throws MqttDecodeException MALFORMED_PACKET: the remaining length announced more bytes than the packet's
     *         fields use
     */
    void expectEnd() {
        int extra = buf.readableBytes();
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

    private ByteBuffer readBytes(int length, String what) {
        require(length, what);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** The two-byte length prefix of a string or binary field; the message is only built on failure. */
    private int readLength(String what) {
        if (buf.readableBytes() < 2) {
            throw truncated(what + " length");
        }
        return buf.readUnsignedShort();
    }

    private void require(int length, String what) {
        if (buf.readableBytes() < length) {
            throw truncated(what);
        }
    }

    private MqttDecodeException truncated(String what) {
        return MqttDecodeException.malformed(
                packetName + " ends before its " + what + " (remaining length too short)");
    }
}
