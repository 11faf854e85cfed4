package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.PubRelReasonCode;

import java.util.List;
import java.util.Objects;

/**
 * PUBREL (MQTT 5.0 and 3.1.1 packet type 6). MQTT 3.1.1 has only the packet identifier; the reason
 * code is then {@code SUCCESS}.
 */
public record PubRelPacket(int packetId, PubRelReasonCode reasonCode, String reasonString,
        List<UserProperty> userProperties) implements MqttPacket {

    public PubRelPacket {
        Packets.checkPacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = Packets.props(userProperties);
    }

    /** A successful PUBREL with no properties. */
    public static PubRelPacket of(int packetId) {
        return new PubRelPacket(packetId, PubRelReasonCode.SUCCESS, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
