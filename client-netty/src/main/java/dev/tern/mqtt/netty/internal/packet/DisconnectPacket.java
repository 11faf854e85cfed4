package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.DisconnectReasonCode;

import java.util.List;
import java.util.Objects;

/**
 * DISCONNECT (MQTT 5.0 section 3.14). MQTT 3.1.1 DISCONNECT has no content; it decodes as
 * {@code NORMAL_DISCONNECTION} with no properties.
 */
public record DisconnectPacket(DisconnectReasonCode reasonCode, Long sessionExpiryInterval, String reasonString,
        List<UserProperty> userProperties, String serverReference) implements MqttPacket {

    public DisconnectPacket {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = Packets.props(userProperties);
    }

    /** A DISCONNECT with a reason code and no properties. */
    public static DisconnectPacket of(DisconnectReasonCode reasonCode) {
        return new DisconnectPacket(reasonCode, null, null, List.of(), null);
    }

    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
