package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes MQTT control packets for a protocol version
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901019">MQTT 5.0 chapter 2</a>,
 * MQTT 3.1.1 chapter 2). Stateless and thread-safe.
 *
 * <p>Each packet is measured first and then written into one buffer of exactly that size; MQTT 5.0-only fields are
 * left out on 3.1.1, and the caller's {@link java.nio.ByteBuffer}s are read through duplicates, never consumed.
 * CONNECT is always written at its own {@code protocolVersion}.
 */
public final class MqttPacketEncoder {

    private MqttPacketEncoder() {
    }

    /**
     * Encodes one packet.
     *
     * @return a buffer holding exactly the encoded packet; the caller owns (and releases) it
     * @throws IllegalArgumentException if the packet cannot be encoded or breaks a rule the receiver checks: a
     *         string over 65,535 UTF-8 bytes or with U+0000 or an unpaired surrogate, binary data over 65,535 bytes, a
     *         property value outside its data type or the range its section allows (Topic Alias 0, Receive Maximum
     *         0, Payload Format Indicator 2, ...), an ill-formed topic name or filter (wildcards, empty, a bad
     *         shared subscription), a reason code MQTT 3.1.1 cannot express (an error on an acknowledgement, any
     *         DISCONNECT but a normal one), a 3.1.1 CONNECT with a zero-byte client identifier and clean session 0,
     *         AUTH on 3.1.1, DUP on QoS 0, or a remaining length over 268,435,455
     */
    public static ByteBuf encode(ByteBufAllocator alloc, MqttPacket packet, MqttVersion version) {
        int publishProperties = publishPropertiesLength(packet, version);
        int remainingLength = remainingLength(packet, version, publishProperties);
        int size = 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
        ByteBuf out = alloc.buffer(size, size);
        try {
            out.writeByte(firstByte(packet));
            VariableByteInteger.write(out, remainingLength);
            writeBody(out, packet, version, publishProperties);
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
        if (out.writerIndex() != size) {
            out.release();
            throw new IllegalStateException(packet.type() + " wrote " + out.writerIndex() + " bytes, not " + size);
        }
        return out;
    }

    /**
     * Encodes one packet at the end of {@code out}, which grows as needed. On failure {@code out} is left as it was.
     *
     * @throws IllegalArgumentException as {@link #encode} does
     */
    public static void encodeInto(ByteBuf out, MqttPacket packet, MqttVersion version) {
        if (PubAckFamilyEncoder.writePlain(out, packet)) {
            return;
        }
        int publishProperties = publishPropertiesLength(packet, version);
        int remainingLength = remainingLength(packet, version, publishProperties);
        int size = 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
        int start = out.writerIndex();
        out.ensureWritable(size);
        try {
            out.writeByte(firstByte(packet));
            VariableByteInteger.write(out, remainingLength);
            writeBody(out, packet, version, publishProperties);
        } catch (RuntimeException | Error e) {
            out.writerIndex(start);
            throw e;
        }
        requireWritten(out, start, size, packet.type());
    }

    /**
     * Undoes a write that did not produce the {@code size} bytes it was sized at (a sizing bug, never bad input), so
     * that a wrong length never reaches the wire.
     */
    static void requireWritten(ByteBuf out, int start, int size, Object what) {
        int wrote = out.writerIndex() - start;
        if (wrote != size) {
            out.writerIndex(start);
            throw new IllegalStateException(what + " wrote " + wrote + " bytes, not " + size);
        }
    }

    /**
     * Encodes a PUBLISH at the end of {@code out} with another packet identifier and DUP flag than the packet's, as
     * {@link #encodeInto} would encode the packet with those two changed. Why: an outgoing message is mapped to a
     * packet once, and each send differs only in these two fields; making a new packet record per send cost an
     * object and its defensive copies per message.
     *
     * @param packetId 1..65535 for QoS 1 and 2; ignored for QoS 0
     * @throws IllegalArgumentException as {@link #encode} does, or if {@code packetId} is out of range for QoS 1, 2
     */
    public static void encodePublishInto(ByteBuf out, PublishPacket packet, int packetId, boolean dup,
            MqttVersion version) {
        Objects.requireNonNull(version, "version");
        requirePacketId(packet.qos() != Qos.AT_MOST_ONCE, packetId);
        PublishEncoder.encodeWithId(out, packet, packetId, dup, version);
    }

    /**
     * Encodes a PUBLISH without properties at the end of {@code out} from its fields, as {@link #encodeInto} would
     * encode {@code PublishPacket.of(topic, qos, retain, packetId, payload)} with {@code dup}. Why: most messages
     * have no properties, and the session sends those without making a packet record per message.
     *
     * @param payload read without moving its position
     * @param packetId 1..65535 for QoS 1 and 2; ignored for QoS 0
     * @throws IllegalArgumentException as {@link #encodePublishInto(ByteBuf, PublishPacket, int, boolean,
     *         MqttVersion)} does
     */
    public static void encodePublishInto(ByteBuf out, String topic, Qos qos, boolean retain, ByteBuffer payload,
            int packetId, boolean dup, MqttVersion version) {
        Objects.requireNonNull(version, "version");
        requirePacketId(qos != Qos.AT_MOST_ONCE, packetId);
        PublishEncoder.encodePlain(out, topic, qos, retain, payload, packetId, dup,
                version == MqttVersion.MQTT_5_0);
    }

    /**
     * Encodes an MQTT 5.0 PUBLISH whose only property is a Topic Alias at the end of {@code out} from its fields, as
     * {@link #encodeInto} would encode {@code new PublishPacket(dup, qos, retain, topic, packetId, payload, null, null,
     * topicAlias, null, null, List.of(), List.of(), null)}. Why: on a connection that gives topics aliases, most
     * messages have no other property, and the session sends those without making a packet record per message.
     *
     * @param topic empty when the server knows the alias already (only the alias is sent)
     * @param payload read without moving its position
     * @param packetId 1..65535 for QoS 1 and 2; ignored for QoS 0
     * @throws IllegalArgumentException as {@link #encodePublishInto(ByteBuf, PublishPacket, int, boolean,
     *         MqttVersion)} does, or if {@code topicAlias} is not 1..65535, or on MQTT 3.1.1, which has no aliases
     */
    public static void encodeAliasedPublishInto(ByteBuf out, String topic, int topicAlias, Qos qos, boolean retain,
            ByteBuffer payload, int packetId, boolean dup, MqttVersion version) {
        requireAliasedPublish(qos, packetId, version);
        PublishEncoder.encodeAliased(out, topic, topicAlias, qos, retain, payload, packetId, dup);
    }

    private static void requireAliasedPublish(Qos qos, int packetId, MqttVersion version) {
        if (Objects.requireNonNull(version, "version") != MqttVersion.MQTT_5_0) {
            throw new IllegalArgumentException("a topic alias needs MQTT 5.0, not " + version);
        }
        requirePacketId(qos != Qos.AT_MOST_ONCE, packetId);
    }

    /**
     * The size of what {@link #encodeAliasedPublishInto(ByteBuf, String, int, Qos, boolean, ByteBuffer, int, boolean,
     * MqttVersion)} writes for these fields, after its checks: for a writer that writes into its buffer's array with
     * {@link #encodeAliasedPublishInto(byte[], int, int, String, int, Qos, boolean, ByteBuffer, int, boolean)}.
     *
     * @throws IllegalArgumentException as that method does
     */
    static int aliasedPublishSize(String topic, int topicAlias, Qos qos, int payloadLength, int packetId,
            boolean dup, MqttVersion version) {
        requireAliasedPublish(qos, packetId, version);
        return PublishEncoder.aliasedSize(topic, topicAlias, qos, payloadLength, dup);
    }

    /**
     * As {@link #encodeAliasedPublishInto(ByteBuf, String, int, Qos, boolean, ByteBuffer, int, boolean,
     * MqttVersion)}, into {@code array} at {@code base}, where the caller made room for {@code size} bytes: what
     * {@link #aliasedPublishSize} returned for the same fields, which it checked.
     */
    static void encodeAliasedPublishInto(byte[] array, int base, int size, String topic, int topicAlias, Qos qos,
            boolean retain, ByteBuffer payload, int packetId, boolean dup) {
        PublishEncoder.writeAliased(array, base, size, topic, topicAlias, qos, retain, payload, packetId, dup);
    }

    /**
     * Encodes a PUBLISH without properties into a new array of exactly {@code size} bytes, as
     * {@link #encodePublishInto(ByteBuf, String, Qos, boolean, ByteBuffer, int, boolean, MqttVersion)} would with
     * packet identifier 0 and no DUP; {@link #encodePreparedPublishInto} writes it with the send's identifier and
     * DUP. Why: the publishing thread encodes the message while it has the message's memory in its cache, and the
     * event loop copies one array instead of reading the topic, the payload buffer and its array.
     *
     * @param payload read without moving its position
     * @param size what {@link #encodedPublishSize} returned for these fields and version
     * @throws IllegalArgumentException as {@link #encodedPublishSize} does
     */
    public static byte[] encodePublish(String topic, Qos qos, boolean retain, ByteBuffer payload, int size,
            MqttVersion version) {
        Objects.requireNonNull(version, "version");
        return PublishEncoder.plainPacket(topic, qos, retain, payload, version == MqttVersion.MQTT_5_0, size);
    }

    /**
     * Writes a PUBLISH {@link #encodePublish} encoded at the end of {@code out}, with {@code packetId} and
     * {@code dup} patched in: the bytes {@link #encodePublishInto(ByteBuf, String, Qos, boolean, ByteBuffer, int,
     * boolean, MqttVersion)} writes for the same fields.
     *
     * @param packetId 1..65535 for QoS 1 and 2; ignored for QoS 0
     * @throws IllegalArgumentException if {@code packetId} is out of range for QoS 1 and 2, or {@code dup} is set on
     *         QoS 0; nothing is written then
     */
    public static void encodePreparedPublishInto(ByteBuf out, byte[] packet, int packetId, boolean dup) {
        requirePreparedPacketId(packet, packetId);
        PublishEncoder.writePrepared(out, packet, packetId, dup);
    }

    /**
     * As {@link #encodePreparedPublishInto}, into {@code array} at {@code base}, where the caller made room for
     * {@code packet.length} bytes: for a writer that keeps its buffer's backing array at hand.
     */
    static void encodePreparedPublishInto(byte[] array, int base, byte[] packet, int packetId, boolean dup) {
        requirePreparedPacketId(packet, packetId);
        PublishEncoder.writePrepared(array, base, packet, packetId, dup);
    }

    private static void requirePreparedPacketId(byte[] packet, int packetId) {
        requirePacketId((packet[0] & 0x06) != 0, packetId); // QoS 1 or 2 in the fixed header
    }

    /** Checks a PUBLISH's packet identifier when its QoS (1 or 2) {@code needsOne}. */
    private static void requirePacketId(boolean needsOne, int packetId) {
        if (needsOne && (packetId < 1 || packetId > 0xFFFF)) {
            throw new IllegalArgumentException("packet identifier must be 1..65535, was " + packetId);
        }
    }

    /**
     * The number of bytes a PUBLISH without properties of this topic, QoS and payload length encodes to, with the
     * checks of {@link #encodedSize} for {@code PublishPacket.of(topic, qos, ...)}.
     *
     * @throws IllegalArgumentException as {@link #encodedSize} does for that packet
     */
    public static int encodedPublishSize(String topic, Qos qos, int payloadLength, MqttVersion version) {
        Objects.requireNonNull(version, "version");
        return PublishEncoder.plainSize(topic, qos, payloadLength, version == MqttVersion.MQTT_5_0);
    }

    /**
     * The number of bytes {@link #encode} produces for this packet, fixed header included.
     *
     * @throws IllegalArgumentException as {@link #encode} does
     */
    public static int encodedSize(MqttPacket packet, MqttVersion version) {
        int remainingLength = remainingLength(packet, version, publishPropertiesLength(packet, version));
        return 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
    }

    /**
     * For a PUBLISH, the checks and the length of its property block, worked out once per encode for both sizing
     * and writing (the hot path's properties are sized once); 0 for any other packet.
     */
    private static int publishPropertiesLength(MqttPacket packet, MqttVersion version) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(version, "version");
        return packet instanceof PublishPacket
                ? PublishEncoder.checkedPropertiesLength((PublishPacket) packet, version) : 0;
    }

    private static int remainingLength(MqttPacket packet, MqttVersion version, int publishProperties) {
        return checkedRemainingLength(packet.type(), bodyLength(packet, version, publishProperties));
    }

    /**
     * A packet's remaining length, checked against the largest a Variable Byte Integer holds.
     *
     * @throws IllegalArgumentException if it is larger
     */
    static int checkedRemainingLength(PacketType type, long length) {
        if (length > VariableByteInteger.MAX_VALUE) {
            throw new IllegalArgumentException(type + " needs a remaining length of " + length
                    + " bytes, more than " + VariableByteInteger.MAX_VALUE);
        }
        return (int) length;
    }

    private static long bodyLength(MqttPacket packet, MqttVersion version, int publishProperties) {
        switch (packet.type()) {
            case CONNECT:
                return ConnectEncoder.remainingLength((ConnectPacket) packet);
            case CONNACK:
                return ConnAckEncoder.remainingLength((ConnAckPacket) packet, version);
            case PUBLISH:
                return PublishEncoder.remainingLength((PublishPacket) packet, version, publishProperties);
            case PUBACK: {
                PubAckPacket ack = (PubAckPacket) packet;
                return PubAckFamilyEncoder.remainingLength(version, ack.type(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
            }
            case PUBREC: {
                PubRecPacket ack = (PubRecPacket) packet;
                return PubAckFamilyEncoder.remainingLength(version, ack.type(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
            }
            case PUBREL: {
                PubRelPacket ack = (PubRelPacket) packet;
                return PubAckFamilyEncoder.remainingLength(version, ack.type(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
            }
            case PUBCOMP: {
                PubCompPacket ack = (PubCompPacket) packet;
                return PubAckFamilyEncoder.remainingLength(version, ack.type(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
            }
            case SUBSCRIBE:
                return SubscribeEncoder.remainingLength((SubscribePacket) packet, version);
            case SUBACK:
                return SubAckEncoder.remainingLength((SubAckPacket) packet, version);
            case UNSUBSCRIBE:
                return UnsubscribeEncoder.remainingLength((UnsubscribePacket) packet, version);
            case UNSUBACK:
                return UnsubAckEncoder.remainingLength((UnsubAckPacket) packet, version);
            case PINGREQ:
            case PINGRESP:
                return 0;
            case DISCONNECT:
                return DisconnectEncoder.remainingLength((DisconnectPacket) packet, version);
            case AUTH:
                return AuthEncoder.remainingLength((AuthPacket) packet, version);
            default:
                throw new AssertionError(packet.type());
        }
    }

    private static int firstByte(MqttPacket packet) {
        if (packet instanceof PublishPacket) {
            return PublishEncoder.firstByte((PublishPacket) packet);
        }
        return FixedHeader.firstByte(packet.type());
    }

    private static void writeBody(ByteBuf out, MqttPacket packet, MqttVersion version, int publishProperties) {
        switch (packet.type()) {
            case CONNECT:
                ConnectEncoder.write(out, (ConnectPacket) packet);
                break;
            case CONNACK:
                ConnAckEncoder.write(out, (ConnAckPacket) packet, version);
                break;
            case PUBLISH:
                PublishEncoder.write(out, (PublishPacket) packet, version, publishProperties);
                break;
            case PUBACK: {
                PubAckPacket ack = (PubAckPacket) packet;
                PubAckFamilyEncoder.write(out, version, ack.packetId(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
                break;
            }
            case PUBREC: {
                PubRecPacket ack = (PubRecPacket) packet;
                PubAckFamilyEncoder.write(out, version, ack.packetId(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
                break;
            }
            case PUBREL: {
                PubRelPacket ack = (PubRelPacket) packet;
                PubAckFamilyEncoder.write(out, version, ack.packetId(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
                break;
            }
            case PUBCOMP: {
                PubCompPacket ack = (PubCompPacket) packet;
                PubAckFamilyEncoder.write(out, version, ack.packetId(), ack.reasonCode(), ack.reasonString(),
                        ack.userProperties());
                break;
            }
            case SUBSCRIBE:
                SubscribeEncoder.write(out, (SubscribePacket) packet, version);
                break;
            case SUBACK:
                SubAckEncoder.write(out, (SubAckPacket) packet, version);
                break;
            case UNSUBSCRIBE:
                UnsubscribeEncoder.write(out, (UnsubscribePacket) packet, version);
                break;
            case UNSUBACK:
                UnsubAckEncoder.write(out, (UnsubAckPacket) packet, version);
                break;
            case PINGREQ:
            case PINGRESP:
                break;
            case DISCONNECT:
                DisconnectEncoder.write(out, (DisconnectPacket) packet, version);
                break;
            case AUTH:
                AuthEncoder.write(out, (AuthPacket) packet);
                break;
            default:
                throw new AssertionError(packet.type());
        }
    }
}
