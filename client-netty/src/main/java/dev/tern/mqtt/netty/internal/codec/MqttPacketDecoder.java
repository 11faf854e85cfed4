package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import dev.tern.mqtt.netty.internal.packet.PingRespPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * Decodes MQTT control packets from a byte stream, one at a time, for one connection. It reads the fixed header
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901021">MQTT 5.0 section
 * 2.1</a>, MQTT 3.1.1 section 2.2), checks the type, flags and size as soon as they are readable, and hands the
 * body to the decoder of that packet type once it has arrived completely.
 *
 * <p>Not thread-safe: one instance belongs to one connection and is used on its event loop. The version and
 * maximum packet size may change after CONNACK through {@link #setVersion} and {@link #setMaximumPacketSize}.
 */
public final class MqttPacketDecoder {

    private MqttVersion version;
    private int maximumPacketSize;

    /**
     * Creates a decoder.
     *
     * @param version the protocol version of every packet but CONNECT, which is decoded by its own protocol level
     * @param maximumPacketSize the largest packet accepted, fixed header included, in bytes
     */
    public MqttPacketDecoder(MqttVersion version, int maximumPacketSize) {
        setVersion(version);
        setMaximumPacketSize(maximumPacketSize);
    }

    /** Sets the protocol version used from the next packet on. */
    public void setVersion(MqttVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * Sets the largest packet accepted from the next packet on.
     *
     * @throws IllegalArgumentException if {@code maximumPacketSize} is less than 2, the smallest packet
     */
    public void setMaximumPacketSize(int maximumPacketSize) {
        if (maximumPacketSize < 2) {
            throw new IllegalArgumentException("maximum packet size must be at least 2, was " + maximumPacketSize);
        }
        this.maximumPacketSize = maximumPacketSize;
    }

    /** The protocol version packets are decoded with. */
    public MqttVersion version() {
        return version;
    }

    /** The largest packet accepted, in bytes. */
    public int maximumPacketSize() {
        return maximumPacketSize;
    }

    /**
     * Decodes one packet if all of it is readable.
     *
     * @param in the received bytes, from its reader index
     * @return the packet, with the reader index moved past it; or null, with the reader index unchanged, if more
     *         bytes are needed
     * @throws MqttDecodeException if the bytes are not a valid packet; this is the only exception thrown. The
     *         size check happens as soon as the fixed header is readable, so an oversized packet is never buffered.
     */
    public MqttPacket decode(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (start >= end) {
            return null;
        }
        int first = in.getUnsignedByte(start);
        if (end - start >= 4 && in.getByte(start + 1) == 2 && maximumPacketSize >= 4) {
            MqttPacket ack = plainAck(first, in.getUnsignedShort(start + 2));
            if (ack != null) {
                in.readerIndex(start + 4);
                return ack;
            }
        }
        PacketType type = FixedHeader.type(first, version);
        int remainingLength = VariableByteInteger.read(in, start + 1, end);
        if (remainingLength == VariableByteInteger.INCOMPLETE) {
            return null;
        }
        if (remainingLength < 0) {
            throw VariableByteInteger.error(remainingLength, "remaining length of " + type);
        }
        int headerLength = 1 + VariableByteInteger.encodedSize(remainingLength);
        long packetSize = (long) headerLength + remainingLength;
        if (packetSize > maximumPacketSize) {
            // MQTT 5.0 section 3.1.2.11.4 / 3.2.2.3.6: a packet over the Maximum Packet Size we announced is
            // answered with DISCONNECT 0x95 (Packet too large).
            throw MqttDecodeException.tooLarge(type + " of " + packetSize + " bytes exceeds the maximum packet size "
                    + maximumPacketSize);
        }
        if (end - start < packetSize) {
            return null;
        }
        // The body is read in place (no slice); on a decode error the handler discards the rest of the input.
        in.readerIndex(start + headerLength);
        MqttPacket packet = decodeBody(type, first & 0x0F, new PacketReader(in, start + (int) packetSize, type.name()));
        in.readerIndex(start + (int) packetSize);
        return packet;
    }

    /**
     * A PUBACK, PUBREC, PUBREL or PUBCOMP of remaining length 2 (success, no reason code, no properties: the same in
     * both versions), from its first byte and packet identifier; null for anything else, including identifier 0,
     * which the general path refuses. Why: these are most of what a publishing client receives, and the general
     * path (type and flag checks, a reader, reason-code and property decoding) cost several times as much.
     */
    private static MqttPacket plainAck(int first, int packetId) {
        if (packetId == 0) {
            return null;
        }
        switch (first) {
            case 0x40:
                return PubAckPacket.of(packetId);
            case 0x50:
                return PubRecPacket.of(packetId);
            case 0x62:
                return PubRelPacket.of(packetId);
            case 0x70:
                return PubCompPacket.of(packetId);
            default:
                return null;
        }
    }

    private MqttPacket decodeBody(PacketType type, int flags, PacketReader body) {
        switch (type) {
            case CONNECT:
                return ConnectDecoder.decode(body);
            case CONNACK:
                return ConnAckDecoder.decode(body, version);
            case PUBLISH:
                return PublishDecoder.decode(body, flags, version);
            case PUBACK:
            case PUBREC:
            case PUBREL:
            case PUBCOMP:
                return PubAckFamilyDecoder.decode(body, type, version);
            case SUBSCRIBE:
                return SubscribeDecoder.decode(body, version);
            case SUBACK:
                return SubAckDecoder.decode(body, version);
            case UNSUBSCRIBE:
                return UnsubscribeDecoder.decode(body, version);
            case UNSUBACK:
                return UnsubAckDecoder.decode(body, version);
            case PINGREQ:
                body.expectEnd();
                return PingReqPacket.INSTANCE;
            case PINGRESP:
                body.expectEnd();
                return PingRespPacket.INSTANCE;
            case DISCONNECT:
                return DisconnectDecoder.decode(body, version);
            case AUTH:
                return AuthDecoder.decode(body);
            default:
                throw new AssertionError(type);
        }
    }
}
