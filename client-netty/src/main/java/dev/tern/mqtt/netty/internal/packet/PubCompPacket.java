package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.PubCompReasonCode;

import java.util.List;
import java.util.Objects;

/**
 * PUBCOMP (MQTT 5.0 and 3.1.1 packet type 7). MQTT 3.1.1 has only the packet identifier; the reason
 * code is then {@code SUCCESS}.
 */
public record PubCompPacket(int packetId, PubCompReasonCode reasonCode, String reasonString,
        List<UserProperty> userProperties) implements MqttPacket {

    public PubCompPacket {
        Packets.checkPacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = Packets.props(userProperties);
    }

    /** A successful PUBCOMP with no properties. */
    public static PubCompPacket of(int packetId) {
        return new PubCompPacket(packetId, PubCompReasonCode.SUCCESS, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
