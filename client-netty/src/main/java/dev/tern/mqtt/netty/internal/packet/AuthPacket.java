package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.reason.AuthReasonCode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/** AUTH (MQTT 5.0 section 3.15, no 3.1.1 equivalent). {@link #toString()} hides the authentication data. */
public record AuthPacket(AuthReasonCode reasonCode, String authenticationMethod, ByteBuffer authenticationData,
        String reasonString, List<UserProperty> userProperties) implements MqttPacket {

    public AuthPacket {
        Objects.requireNonNull(reasonCode, "reasonCode");
        authenticationData = Packets.readOnly(authenticationData);
        userProperties = Packets.props(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.AUTH;
    }

    @Override
    public String toString() {
        return "AuthPacket[reasonCode=" + reasonCode + ", authenticationMethod=" + authenticationMethod
                + ", authenticationData=" + (authenticationData == null ? "absent" : "<hidden>")
                + ", reasonString=" + reasonString + ", userProperties=" + userProperties + "]";
    }
}
