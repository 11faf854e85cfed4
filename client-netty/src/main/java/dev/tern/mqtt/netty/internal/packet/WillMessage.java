package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The will carried in a CONNECT packet (MQTT 5.0 section 3.1.3.2 and 3.1.3.3). Nullable fields are MQTT 5.0 will
 * properties, absent when null.
 */
public record WillMessage(
        String topic,
        ByteBuffer payload,
        Qos qos,
        boolean retain,
        Long willDelayInterval,
        Integer payloadFormatIndicator,
        Long messageExpiryInterval,
        String contentType,
        String responseTopic,
        ByteBuffer correlationData,
        List<UserProperty> userProperties) {

    public WillMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        payload = payload == null ? ByteBuffer.allocate(0).asReadOnlyBuffer() : Packets.readOnly(payload);
        correlationData = Packets.readOnly(correlationData);
        userProperties = Packets.props(userProperties);
    }

    /** A will with no MQTT 5.0 properties. */
    public static WillMessage of(String topic, ByteBuffer payload, Qos qos, boolean retain) {
        return new WillMessage(topic, payload, qos, retain, null, null, null, null, null, null, List.of());
    }
}
