package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;

import java.util.List;

/** SUBSCRIBE (MQTT 5.0 section 3.8). {@code subscriptionIdentifier} is absent when null. */
public record SubscribePacket(int packetId, List<SubscriptionRequest> subscriptions, Integer subscriptionIdentifier,
        List<UserProperty> userProperties) implements MqttPacket {

    public SubscribePacket {
        Packets.checkPacketId(packetId);
        subscriptions = Packets.list(subscriptions);
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE needs at least one topic filter");
        }
        userProperties = Packets.props(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
