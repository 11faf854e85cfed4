package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import io.netty.buffer.ByteBuf;

/**
 * Encodes PUBLISH (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901100">MQTT 5.0
 * section 3.3</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718037">
 * MQTT 3.1.1 section 3.3</a>). This is the hot path: one sizing pass, then the payload is copied once into the
 * output buffer; the caller's payload buffer is read through a duplicate and never moves.
 */
final class PublishEncoder {

    private PublishEncoder() {
    }

    /** Byte 1 of the fixed header: type 3, DUP, QoS and RETAIN (MQTT 5.0 section 3.3.1). */
    static int firstByte(PublishPacket packet) {
        int flags = packet.qos().code() << 1;
        if (packet.dup()) {
            flags |= 0x08;
        }
        if (packet.retain()) {
            flags |= 0x01;
        }
        return 0x30 | flags;
    }

    /** A long, because a payload near 2 GB plus the headers would overflow an int. */
    static long remainingLength(PublishPacket packet, MqttVersion version) {
        if (packet.dup() && packet.qos() == Qos.AT_MOST_ONCE) {
            throw new IllegalArgumentException("the DUP flag MUST be 0 on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
        }
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        if (packet.topic().isEmpty() && (!mqtt5 || packet.topicAlias() == null)) {
            throw new IllegalArgumentException("an empty topic name needs a topic alias (MQTT 5.0 only)");
        }
        int size = 2 + Utf8.encodedLength(packet.topic(), "topic name");
        if (packet.qos() != Qos.AT_MOST_ONCE) {
            size += 2;
        }
        if (mqtt5) {
            size += PropertySizer.withLengthPrefix(propertiesLength(packet));
        }
        return (long) size + packet.payload().remaining();
    }

    static void write(ByteBuf out, PublishPacket packet, MqttVersion version) {
        Utf8.write(out, packet.topic(), Utf8.encodedLength(packet.topic(), "topic name"));
        if (packet.qos() != Qos.AT_MOST_ONCE) {
            out.writeShort(packet.packetId());
        }
        if (version == MqttVersion.MQTT_5_0) {
            int propertiesLength = propertiesLength(packet);
            VariableByteInteger.write(out, propertiesLength);
            if (propertiesLength > 0) {
                properties(new PropertyWriter(out), packet);
            }
        }
        out.writeBytes(packet.payload().duplicate());
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
