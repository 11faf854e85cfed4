package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.PubAckReasonCode;

import java.util.List;
import java.util.Objects;

/**
 * PUBACK (MQTT 5.0 and 3.1.1 packet type 4). MQTT 3.1.1 has only the packet identifier; the reason
 * code is then {@code SUCCESS}.
 */
public record PubAckPacket(int packetId, PubAckReasonCode reasonCode, String reasonString,
        List<UserProperty> userProperties) implements MqttPacket {

    public PubAckPacket {
        Packets.checkPacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = Packets.props(userProperties);
    }

    /** A successful PUBACK with no properties. */
    public static PubAckPacket of(int packetId) {
        return new PubAckPacket(packetId, PubAckReasonCode.SUCCESS, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
