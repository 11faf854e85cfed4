package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.UnsubAckReasonCode;

import java.util.List;

/**
 * UNSUBACK (MQTT 5.0 section 3.11): one reason code per topic filter. An MQTT 3.1.1 UNSUBACK carries none, so the
 * list is empty there.
 */
public record UnsubAckPacket(int packetId, List<UnsubAckReasonCode> reasonCodes, String reasonString,
        List<UserProperty> userProperties) implements MqttPacket {

    public UnsubAckPacket {
        Packets.checkPacketId(packetId);
        reasonCodes = Packets.list(reasonCodes);
        userProperties = Packets.props(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
