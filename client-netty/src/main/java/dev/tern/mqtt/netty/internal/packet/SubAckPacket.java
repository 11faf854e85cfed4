package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.SubAckReasonCode;

import java.util.List;

/** SUBACK (MQTT 5.0 section 3.9): one reason code per topic filter of the SUBSCRIBE, in the same order. */
public record SubAckPacket(int packetId, List<SubAckReasonCode> reasonCodes, String reasonString,
        List<UserProperty> userProperties) implements MqttPacket {

    public SubAckPacket {
        Packets.checkPacketId(packetId);
        reasonCodes = Packets.list(reasonCodes);
        userProperties = Packets.props(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
