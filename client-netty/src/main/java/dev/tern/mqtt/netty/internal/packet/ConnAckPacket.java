package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.ConnAckReasonCode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * CONNACK (MQTT 5.0 section 3.2, MQTT 3.1.1 section 3.2). A 3.1.1 return code is mapped to its 5.0 reason code.
 * Nullable fields are MQTT 5.0 properties, absent when null (the client then applies the spec's default).
 */
public record ConnAckPacket(
        boolean sessionPresent,
        ConnAckReasonCode reasonCode,
        Long sessionExpiryInterval,
        Integer receiveMaximum,
        Integer maximumQos,
        Integer retainAvailable,
        Long maximumPacketSize,
        String assignedClientIdentifier,
        Integer topicAliasMaximum,
        String reasonString,
        List<UserProperty> userProperties,
        Integer wildcardSubscriptionAvailable,
        Integer subscriptionIdentifiersAvailable,
        Integer sharedSubscriptionAvailable,
        Integer serverKeepAlive,
        String responseInformation,
        String serverReference,
        String authenticationMethod,
        ByteBuffer authenticationData) implements MqttPacket {

    public ConnAckPacket {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = Packets.props(userProperties);
        authenticationData = Packets.readOnly(authenticationData);
    }

    /** A CONNACK with no properties. */
    public static ConnAckPacket of(boolean sessionPresent, ConnAckReasonCode reasonCode) {
        return new ConnAckPacket(sessionPresent, reasonCode, null, null, null, null, null, null, null, null,
                List.of(), null, null, null, null, null, null, null, null);
    }

    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
