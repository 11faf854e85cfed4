package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * PUBLISH (MQTT 5.0 section 3.3, MQTT 3.1.1 section 3.3). {@code packetId} is 0 for QoS 0 and 1..65535 otherwise.
 * {@code topic} may be empty when a {@code topicAlias} stands for it. Nullable fields are MQTT 5.0 properties,
 * absent when null.
 */
public record PublishPacket(
        boolean dup,
        Qos qos,
        boolean retain,
        String topic,
        int packetId,
        ByteBuffer payload,
        Integer payloadFormatIndicator,
        Long messageExpiryInterval,
        Integer topicAlias,
        String responseTopic,
        ByteBuffer correlationData,
        List<UserProperty> userProperties,
        List<Integer> subscriptionIdentifiers,
        String contentType) implements MqttPacket {

    public PublishPacket {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(topic, "topic");
        if (qos == Qos.AT_MOST_ONCE) {
            if (packetId != 0) {
                throw new IllegalArgumentException("a QoS 0 PUBLISH has no packet identifier");
            }
        } else {
            Packets.checkPacketId(packetId);
        }
        payload = payload == null ? ByteBuffer.allocate(0).asReadOnlyBuffer() : Packets.readOnly(payload);
        correlationData = Packets.readOnly(correlationData);
        userProperties = Packets.props(userProperties);
        subscriptionIdentifiers = Packets.list(subscriptionIdentifiers);
    }

    /** A PUBLISH with no MQTT 5.0 properties. */
    public static PublishPacket of(String topic, Qos qos, boolean retain, int packetId, ByteBuffer payload) {
        return new PublishPacket(false, qos, retain, topic, packetId, payload, null, null, null, null, null,
                List.of(), List.of(), null);
    }

    /** This packet with the DUP flag set, for a resend. */
    public PublishPacket withDup() {
        return new PublishPacket(true, qos, retain, topic, packetId, payload, payloadFormatIndicator,
                messageExpiryInterval, topicAlias, responseTopic, correlationData, userProperties,
                subscriptionIdentifiers, contentType);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }

    @Override
    public String toString() {
        return "PublishPacket[topic=" + topic + ", qos=" + qos.code() + ", retain=" + retain + ", dup=" + dup
                + ", packetId=" + packetId + ", payload=" + Packets.bytes(payload)
                + (topicAlias == null ? "" : ", topicAlias=" + topicAlias) + "]";
    }
}
