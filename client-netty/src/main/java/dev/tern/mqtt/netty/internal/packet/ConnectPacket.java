package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * CONNECT (MQTT 5.0 section 3.1, MQTT 3.1.1 section 3.1). {@code cleanStart} is "clean session" in 3.1.1.
 * Nullable fields are MQTT 5.0 properties, absent when null. {@link #toString()} never shows the password or
 * authentication data.
 */
public record ConnectPacket(
        MqttVersion protocolVersion,
        String clientId,
        boolean cleanStart,
        int keepAliveSeconds,
        String username,
        ByteBuffer password,
        WillMessage will,
        Long sessionExpiryInterval,
        Integer receiveMaximum,
        Long maximumPacketSize,
        Integer topicAliasMaximum,
        Integer requestResponseInformation,
        Integer requestProblemInformation,
        String authenticationMethod,
        ByteBuffer authenticationData,
        List<UserProperty> userProperties) implements MqttPacket {

    public ConnectPacket {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(clientId, "clientId");
        if (keepAliveSeconds < 0 || keepAliveSeconds > 0xFFFF) {
            throw new IllegalArgumentException("keep alive must be 0..65535 seconds, was " + keepAliveSeconds);
        }
        password = Packets.readOnly(password);
        authenticationData = Packets.readOnly(authenticationData);
        userProperties = Packets.props(userProperties);
    }

    /** A CONNECT with only the fields MQTT 3.1.1 has. */
    public static ConnectPacket basic(MqttVersion version, String clientId, boolean cleanStart, int keepAliveSeconds) {
        return new ConnectPacket(version, clientId, cleanStart, keepAliveSeconds, null, null, null,
                null, null, null, null, null, null, null, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }

    @Override
    public String toString() {
        return "ConnectPacket[version=" + protocolVersion + ", clientId=" + clientId + ", cleanStart=" + cleanStart
                + ", keepAlive=" + keepAliveSeconds + ", username=" + username
                + ", password=" + (password == null ? "absent" : "<hidden>") + ", will=" + will
                + ", sessionExpiryInterval=" + sessionExpiryInterval + ", receiveMaximum=" + receiveMaximum
                + ", maximumPacketSize=" + maximumPacketSize + ", topicAliasMaximum=" + topicAliasMaximum
                + ", authenticationMethod=" + authenticationMethod
                + ", authenticationData=" + (authenticationData == null ? "absent" : "<hidden>")
                + ", userProperties=" + userProperties + "]";
    }
}
