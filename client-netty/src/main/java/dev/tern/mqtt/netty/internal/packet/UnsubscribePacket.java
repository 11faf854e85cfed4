package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;

import java.util.List;

/** UNSUBSCRIBE (MQTT 5.0 section 3.10). */
public record UnsubscribePacket(int packetId, List<String> topicFilters, List<UserProperty> userProperties)
        implements MqttPacket {

    public UnsubscribePacket {
        Packets.checkPacketId(packetId);
        topicFilters = Packets.list(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE needs at least one topic filter");
        }
        userProperties = Packets.props(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
