package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.PubRecReasonCode;

import java.util.List;
import java.util.Objects;

/**
 * PUBREC (MQTT 5.0 and 3.1.1 packet type 5). MQTT 3.1.1 has only the packet identifier; the reason
 * code is then {@code SUCCESS}.
 */
public record PubRecPacket(int packetId, PubRecReasonCode reasonCode, String reasonString,
        List<UserProperty> userProperties) implements MqttPacket {

    public PubRecPacket {
        Packets.checkPacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = Packets.props(userProperties);
    }

    /** A successful PUBREC with no properties. */
    public static PubRecPacket of(int packetId) {
        return new PubRecPacket(packetId, PubRecReasonCode.SUCCESS, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
