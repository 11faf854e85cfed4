package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.ByteBuffer;

/**
 * Encodes PUBLISH (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901100">MQTT 5.0
 * section 3.3</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718037">
 * MQTT 3.1.1 section 3.3</a>). This is the hot path: one checking and sizing pass, then the payload is copied once into the
 * output buffer; the caller's payload buffer is read through a duplicate and never moves.
 */
final class PublishEncoder {

    private static final byte[] EMPTY = new byte[0];

    private PublishEncoder() {
    }

    /** Byte 1 of the fixed header: type 3, DUP, QoS and RETAIN (MQTT 5.0 section 3.3.1). */
    static int firstByte(PublishPacket packet) {
        return firstByte(packet, packet.dup());
    }

    /** As {@link #firstByte(PublishPacket)}, with {@code dup} instead of the packet's DUP flag. */
    static int firstByte(PublishPacket packet, boolean dup) {
        int flags = packet.qos().code() << 1;
        if (dup) {
            flags |= 0x08;
        }
        if (packet.retain()) {
            flags |= 0x01;
        }
        return 0x30 | flags;
    }

    /**
     * Checks the packet, once per encode: DUP on QoS 0, an empty topic without an alias, the topic and response
     * topic by {@link Topics} (one scan each) and every property value; returns the length of the property block
     * (0 on MQTT 3.1.1), for {@link #remainingLength} and {@link #write}, so that the properties are sized once.
     */
    static int checkedPropertiesLength(PublishPacket packet, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        checkedTopic(packet, packet.dup(), mqtt5); // the bytes are remembered for remainingLength and write
        return checkedProperties(packet, mqtt5);
    }

    /** The topic's bytes (none for an alias-only PUBLISH), after checking DUP on QoS 0 and the topic. */
    private static byte[] checkedTopic(PublishPacket packet, boolean dup, boolean mqtt5) {
        requireDupAllowed(packet.qos(), dup);
        if (packet.topic().isEmpty()) {
            if (!mqtt5 || packet.topicAlias() == null) {
                throw emptyTopicWithoutAlias();
            }
            return EMPTY;
        }
        return TopicNameBytes.of(packet.topic());
    }

    private static void requireDupAllowed(Qos qos, boolean dup) {
        if (dup && qos == Qos.AT_MOST_ONCE) {
            throw new IllegalArgumentException("the DUP flag MUST be 0 on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
        }
    }

    private static IllegalArgumentException emptyTopicWithoutAlias() {
        return new IllegalArgumentException("an empty topic name needs a topic alias (MQTT 5.0 only)");
    }

    /** The length of the checked property block; 0 on MQTT 3.1.1, which has none. */
    private static int checkedProperties(PublishPacket packet, boolean mqtt5) {
        if (!mqtt5) {
            return 0;
        }
        if (packet.responseTopic() != null) {
            Topics.requireTopicName(packet.responseTopic(), "response topic");
        }
        return propertiesLength(packet);
    }

    /**
     * The remaining length, as a long because a payload near 2 GB plus the headers would overflow an int.
     * {@code propertiesLength} is what {@link #checkedPropertiesLength} returned.
     */
    static long remainingLength(PublishPacket packet, MqttVersion version, int propertiesLength) {
        return remainingLength(packet, topicBytes(packet.topic()), version == MqttVersion.MQTT_5_0, propertiesLength);
    }

    private static long remainingLength(PublishPacket packet, byte[] topic, boolean mqtt5, int propertiesLength) {
        int size = 2 + topic.length;
        if (packet.qos() != Qos.AT_MOST_ONCE) {
            size += 2;
        }
        if (mqtt5) {
            size += PropertySizer.withLengthPrefix(propertiesLength);
        }
        return (long) size + packet.payload().remaining();
    }

    /** The checked bytes of a topic name; none for an empty one (an alias the server knows). */
    private static byte[] topicBytes(String topic) {
        return topic.isEmpty() ? EMPTY : TopicNameBytes.of(topic);
    }

    /** Writes the variable header and payload; {@code propertiesLength} as for {@link #remainingLength}. */
    static void write(ByteBuf out, PublishPacket packet, MqttVersion version, int propertiesLength) {
        write(out, packet, topicBytes(packet.topic()), packet.packetId(), version == MqttVersion.MQTT_5_0,
                propertiesLength);
    }

    private static void write(ByteBuf out, PublishPacket packet, byte[] topic, int packetId, boolean mqtt5,
            int propertiesLength) {
        out.writeShort(topic.length);
        out.writeBytes(topic);
        if (packet.qos() != Qos.AT_MOST_ONCE) {
            out.writeShort(packetId);
        }
        if (mqtt5) {
            VariableByteInteger.write(out, propertiesLength);
            if (propertiesLength > 0) {
                properties(new PropertyWriter(out), packet);
            }
        }
        writePayload(out, packet.payload());
    }

    /**
     * Checks and encodes a PUBLISH at the end of {@code out} with {@code packetId} and {@code dup} in place of its
     * own, in one pass: the same checks and bytes as {@link #checkedPropertiesLength}, {@link #remainingLength} and
     * {@link #write} together, but the topic's bytes are looked up once, not three times (a per-thread lookup each,
     * on the event loop, per message). On failure {@code out} is left as it was.
     *
     * @throws IllegalArgumentException as {@link MqttPacketEncoder#encode} does
     */
    static void encodeWithId(ByteBuf out, PublishPacket packet, int packetId, boolean dup, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        byte[] topic = checkedTopic(packet, dup, mqtt5);
        int propertiesLength = checkedProperties(packet, mqtt5);
        int remainingLength = MqttPacketEncoder.checkedRemainingLength(PacketType.PUBLISH,
                remainingLength(packet, topic, mqtt5, propertiesLength));
        int size = 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
        int start = out.writerIndex();
        out.ensureWritable(size);
        try {
            out.writeByte(firstByte(packet, dup));
            VariableByteInteger.write(out, remainingLength);
            write(out, packet, topic, packetId, mqtt5, propertiesLength);
        } catch (RuntimeException | Error e) {
            out.writerIndex(start);
            throw e;
        }
        MqttPacketEncoder.requireWritten(out, start, size, "PUBLISH");
    }

    /**
     * The encoded size of a PUBLISH without properties (the property block's length byte only, on MQTT 5.0), fixed
     * header included, after the checks {@link #checkedPropertiesLength} and {@link MqttPacketEncoder#encodedSize}
     * make for such a packet: the topic and the remaining length. Why: the publishing thread sizes every message, and
     * a message without properties needs no packet record for that.
     *
     * @throws IllegalArgumentException with the general encoder's message
     */
    static int plainSize(String topic, Qos qos, int payloadLength, boolean mqtt5) {
        int remainingLength = plainRemainingLength(plainTopic(topic), qos, payloadLength, mqtt5);
        return 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
    }

    /** The checked bytes of the topic of a PUBLISH without properties (so without a topic alias). */
    private static byte[] plainTopic(String topic) {
        if (topic.isEmpty()) {
            throw emptyTopicWithoutAlias();
        }
        return TopicNameBytes.of(topic);
    }

    /** The remaining length of a PUBLISH without properties, checked against the largest there is. */
    private static int plainRemainingLength(byte[] topic, Qos qos, int payloadLength, boolean mqtt5) {
        return MqttPacketEncoder.checkedRemainingLength(PacketType.PUBLISH,
                2L + topic.length + (qos == Qos.AT_MOST_ONCE ? 0 : 2) + (mqtt5 ? 1 : 0) + payloadLength);
    }

    /**
     * Checks and encodes a PUBLISH without properties at the end of {@code out}, from the message's own fields: the
     * bytes {@link #encodeWithId} writes for a packet of these fields and no properties, without a packet record per
     * message. On failure {@code out} is left as it was.
     *
     * @throws IllegalArgumentException as {@link #encodeWithId} does
     */
    static void encodePlain(ByteBuf out, String topic, Qos qos, boolean retain, ByteBuffer payload, int packetId,
            boolean dup, boolean mqtt5) {
        requireDupAllowed(qos, dup);
        encodeFields(out, plainTopic(topic), 0, qos, retain, payload, packetId, dup, mqtt5);
    }

    /** The length of a property block holding only a Topic Alias: its identifier and a Two Byte Integer. */
    private static final int TOPIC_ALIAS_PROPERTY_LENGTH = 3;

    /**
     * Checks and encodes an MQTT 5.0 PUBLISH whose only property is a Topic Alias at the end of {@code out}, from the
     * message's own fields: the bytes {@link #encodeWithId} writes for a packet of these fields and that alias.
     * {@code topic} is empty when the server knows the alias already. Why: on a connection with topic aliases every
     * message had a packet record made for it twice (mapped, then with the alias) and went through the general
     * property sizing and writing, for three bytes. On failure {@code out} is left as it was.
     *
     * @throws IllegalArgumentException as {@link #encodeWithId} does, or if {@code topicAlias} is not 1..65535
     */
    static void encodeAliased(ByteBuf out, String topic, int topicAlias, Qos qos, boolean retain, ByteBuffer payload,
            int packetId, boolean dup) {
        requireDupAllowed(qos, dup);
        requireTopicAlias(topicAlias);
        encodeFields(out, topicBytes(topic), topicAlias, qos, retain, payload, packetId, dup, true);
    }

    private static void requireTopicAlias(int topicAlias) {
        if (!Property.TOPIC_ALIAS.allows(topicAlias)) {
            throw new IllegalArgumentException(Property.TOPIC_ALIAS.displayName() + " must be "
                    + Property.TOPIC_ALIAS.minimum() + ".." + Property.TOPIC_ALIAS.maximum() + ", was " + topicAlias);
        }
    }

    /**
     * The encoded size of what {@link #encodeAliased} writes for these fields, after its checks; for
     * {@link #writeAliased}.
     *
     * @throws IllegalArgumentException as {@link #encodeAliased} does
     */
    static int aliasedSize(String topic, int topicAlias, Qos qos, int payloadLength, boolean dup) {
        requireDupAllowed(qos, dup);
        requireTopicAlias(topicAlias);
        int remainingLength = aliasedRemainingLength(topicBytes(topic).length, qos, payloadLength);
        return 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
    }

    private static int aliasedRemainingLength(int topicLength, Qos qos, int payloadLength) {
        return MqttPacketEncoder.checkedRemainingLength(PacketType.PUBLISH, 2L + topicLength
                + (qos == Qos.AT_MOST_ONCE ? 0 : 2) + 1 + TOPIC_ALIAS_PROPERTY_LENGTH + payloadLength);
    }

    /**
     * Writes what {@link #encodeAliased} writes for these fields into {@code array} at {@code base}, where the
     * caller made room for {@code size} bytes, what {@link #aliasedSize} returned for them (so checked). Why: written
     * through a buffer, each write checked the buffer, and reaching its array checked the reference count of the
     * memory behind it, a fifth of the event loop's time per message; the encoder keeps the array at hand.
     */
    static void writeAliased(byte[] array, int base, int size, String topic, int topicAlias, Qos qos,
            boolean retain, ByteBuffer payload, int packetId, boolean dup) {
        byte[] topicBytes = topicBytes(topic);
        int payloadLength = payload.remaining();
        int at = writeFixedHeaderAndTopic(array, base, firstByte(qos, retain, dup),
                aliasedRemainingLength(topicBytes.length, qos, payloadLength), topicBytes);
        if (qos != Qos.AT_MOST_ONCE) {
            array[at++] = (byte) (packetId >>> 8);
            array[at++] = (byte) packetId;
        }
        array[at++] = TOPIC_ALIAS_PROPERTY_LENGTH;
        array[at++] = (byte) Property.TOPIC_ALIAS.id();
        array[at++] = (byte) (topicAlias >>> 8);
        array[at++] = (byte) topicAlias;
        payload.get(payload.position(), array, at, payloadLength);
        requireWrote(at + payloadLength - base, size);
    }

    private static int firstByte(Qos qos, boolean retain, boolean dup) {
        return 0x30 | qos.code() << 1 | (dup ? 0x08 : 0) | (retain ? 0x01 : 0);
    }

    /**
     * Writes a PUBLISH's fixed header (its first byte and the remaining length) and its topic name into
     * {@code array} at {@code at}; returns the index after the topic.
     */
    private static int writeFixedHeaderAndTopic(byte[] array, int at, int firstByte, int remainingLength,
            byte[] topicBytes) {
        array[at++] = (byte) firstByte;
        at = VariableByteInteger.write(array, at, remainingLength);
        array[at++] = (byte) (topicBytes.length >>> 8);
        array[at++] = (byte) topicBytes.length;
        System.arraycopy(topicBytes, 0, array, at, topicBytes.length);
        return at + topicBytes.length;
    }

    /** Checks that an array writer wrote the size it was sized for, so that a wrong length never reaches the wire. */
    private static void requireWrote(int wrote, int size) {
        if (wrote != size) {
            throw new IllegalStateException("PUBLISH wrote " + wrote + " bytes, not " + size);
        }
    }

    /**
     * Encodes a checked PUBLISH from its fields, with no properties or (MQTT 5.0) only {@code topicAlias} unless it
     * is 0; {@code out} is left as it was on failure.
     */
    private static void encodeFields(ByteBuf out, byte[] topicBytes, int topicAlias, Qos qos, boolean retain,
            ByteBuffer payload, int packetId, boolean dup, boolean mqtt5) {
        int propertiesLength = topicAlias == 0 ? 0 : TOPIC_ALIAS_PROPERTY_LENGTH;
        int remainingLength = MqttPacketEncoder.checkedRemainingLength(PacketType.PUBLISH, 2L + topicBytes.length
                + (qos == Qos.AT_MOST_ONCE ? 0 : 2) + (mqtt5 ? 1 + propertiesLength : 0) + payload.remaining());
        int size = 1 + VariableByteInteger.encodedSize(remainingLength) + remainingLength;
        int start = out.writerIndex();
        out.ensureWritable(size);
        try {
            out.writeByte(0x30 | qos.code() << 1 | (dup ? 0x08 : 0) | (retain ? 0x01 : 0));
            VariableByteInteger.write(out, remainingLength);
            out.writeShort(topicBytes.length);
            out.writeBytes(topicBytes);
            if (qos != Qos.AT_MOST_ONCE) {
                out.writeShort(packetId);
            }
            if (mqtt5) {
                out.writeByte(propertiesLength); // a one-byte Variable Byte Integer
                if (topicAlias != 0) {
                    out.writeByte(Property.TOPIC_ALIAS.id());
                    out.writeShort(topicAlias);
                }
            }
            writePayload(out, payload);
        } catch (RuntimeException | Error e) {
            out.writerIndex(start);
            throw e;
        }
        MqttPacketEncoder.requireWritten(out, start, size, "PUBLISH");
    }

    /**
     * Encodes a PUBLISH without properties into a new array of exactly its size, with packet identifier 0 and no DUP,
     * for {@link #writePrepared} to copy into the output with the identifier and DUP of the send patched in. The
     * same checks and bytes as {@link #encodePlain}. Why: the publishing thread has the message's topic, payload
     * buffer and payload array in its cache; the event loop reading them was a cache miss each, per message, and
     * copying one contiguous array touches a few lines that the hardware prefetches.
     *
     * @param size what {@link #plainSize} returned for these fields
     * @throws IllegalArgumentException as {@link #plainSize} does
     */
    static byte[] plainPacket(String topic, Qos qos, boolean retain, ByteBuffer payload, boolean mqtt5, int size) {
        byte[] topicBytes = plainTopic(topic);
        int payloadLength = payload.remaining();
        int remainingLength = plainRemainingLength(topicBytes, qos, payloadLength, mqtt5);
        byte[] packet = new byte[size];
        int at = writeFixedHeaderAndTopic(packet, 0, firstByte(qos, retain, false), remainingLength, topicBytes);
        if (qos != Qos.AT_MOST_ONCE) {
            at += 2; // the packet identifier, patched in by writePrepared
        }
        if (mqtt5) {
            at++; // no properties: a property length of 0
        }
        payload.get(payload.position(), packet, at, payloadLength);
        requireWrote(at + payloadLength, size);
        return packet;
    }

    /**
     * Writes a PUBLISH that {@link #plainPacket} encoded at the end of {@code out}, with {@code packetId} (QoS 1 and
     * 2) and {@code dup} patched in: at byte 0 (DUP) and after the fixed header and the topic (the identifier).
     *
     * @throws IllegalArgumentException if {@code dup} is set on a QoS 0 PUBLISH; nothing is written then
     */
    static void writePrepared(ByteBuf out, byte[] packet, int packetId, boolean dup) {
        int first = packet[0];
        boolean qos0 = (first & 0x06) == 0;
        requireDupAllowed(qos0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE, dup);
        int length = packet.length;
        out.ensureWritable(length);
        int start = out.writerIndex();
        if (out.hasArray()) {
            writePrepared(out.array(), out.arrayOffset() + start, packet, packetId, dup);
            out.writerIndex(start + length);
            return;
        }
        out.writeBytes(packet);
        if (dup) {
            out.setByte(start, first | 0x08);
        }
        if (!qos0) {
            out.setShort(start + packetIdOffset(packet), packetId);
        }
    }

    /**
     * As {@link #writePrepared(ByteBuf, byte[], int, boolean)}, straight into an array at {@code base}, which the
     * caller made room at: one copy and no per-write accessibility check of a buffer.
     */
    static void writePrepared(byte[] array, int base, byte[] packet, int packetId, boolean dup) {
        int first = packet[0];
        boolean qos0 = (first & 0x06) == 0;
        requireDupAllowed(qos0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE, dup);
        System.arraycopy(packet, 0, array, base, packet.length);
        if (dup) {
            array[base] = (byte) (first | 0x08);
        }
        if (!qos0) {
            int id = packetIdOffset(packet);
            array[base + id] = (byte) (packetId >>> 8);
            array[base + id + 1] = (byte) packetId;
        }
    }

    /** Where the packet identifier starts in an encoded PUBLISH: after the fixed header and the topic. */
    private static int packetIdOffset(byte[] packet) {
        int at = 1;
        while ((packet[at++] & 0x80) != 0) {
            // the remaining length's continuation bytes
        }
        int topicLength = (packet[at] & 0xFF) << 8 | packet[at + 1] & 0xFF;
        return at + 2 + topicLength;
    }

    /** Payloads up to this size are copied through a per-thread scratch array. */
    private static final int SCRATCH_LIMIT = 1024;
    /** One per event loop thread (a {@code FastThreadLocal} is an array lookup there), never shared across threads. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_LIMIT];
        }
    };

    /**
     * Copies the payload without moving its position. Into an output backed by an array (the encoder's gathered heap
     * buffer) a read-only payload (the usual kind: {@code Publish} hands out read-only buffers) is copied straight
     * into that array: one copy, where the way through a scratch array took two and a thread-local lookup per
     * message. Otherwise a small read-only payload goes through a thread-local array: writing a {@code ByteBuffer}
     * into a buffer of Netty 4.2's default adaptive allocator makes a 64-byte NIO view per call, writing an array
     * makes nothing.
     */
    private static void writePayload(ByteBuf out, ByteBuffer payload) {
        int length = payload.remaining();
        if (payload.hasArray()) {
            out.writeBytes(payload.array(), payload.arrayOffset() + payload.position(), length);
        } else if (out.hasArray()) {
            out.ensureWritable(length);
            int at = out.writerIndex();
            payload.get(payload.position(), out.array(), out.arrayOffset() + at, length);
            out.writerIndex(at + length);
        } else if (length <= SCRATCH_LIMIT) {
            byte[] scratch = SCRATCH.get();
            payload.get(payload.position(), scratch, 0, length);
            out.writeBytes(scratch, 0, length);
        } else {
            out.writeBytes(payload.duplicate());
        }
    }

    private static int propertiesLength(PublishPacket packet) {
        if (!hasProperties(packet)) {
            return 0; // the common case on the hot path: no sizing pass, no allocation
        }
        PropertySizer sizer = new PropertySizer();
        properties(sizer, packet);
        return sizer.size();
    }

    private static boolean hasProperties(PublishPacket packet) {
        return packet.payloadFormatIndicator() != null || packet.messageExpiryInterval() != null
                || packet.contentType() != null || packet.responseTopic() != null
                || packet.correlationData() != null || !packet.subscriptionIdentifiers().isEmpty()
                || packet.topicAlias() != null || !packet.userProperties().isEmpty();
    }

    private static void properties(PropertySink sink, PublishPacket packet) {
        sink.byteProperty(Property.PAYLOAD_FORMAT_INDICATOR, packet.payloadFormatIndicator());
        sink.fourByteProperty(Property.MESSAGE_EXPIRY_INTERVAL, packet.messageExpiryInterval());
        sink.stringProperty(Property.CONTENT_TYPE, packet.contentType());
        sink.stringProperty(Property.RESPONSE_TOPIC, packet.responseTopic());
        sink.binaryProperty(Property.CORRELATION_DATA, packet.correlationData());
        sink.subscriptionIdentifiers(packet.subscriptionIdentifiers());
        sink.twoByteProperty(Property.TOPIC_ALIAS, packet.topicAlias());
        sink.userProperties(packet.userProperties());
    }
}
