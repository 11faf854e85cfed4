package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;

/**
 * Decodes DISCONNECT (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901205">MQTT
 * 5.0 section 3.14</a>, MQTT 3.1.1 section 3.14). In 5.0 a remaining length of 0 means Normal disconnection without
 * properties, and below 2 means no property length (section 3.14.2.2.1); a 3.1.1 DISCONNECT has no content and
 * decodes as NORMAL_DISCONNECTION.
 */
final class DisconnectDecoder {

    private DisconnectDecoder() {
    }

    static DisconnectPacket decode(PacketReader in, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0 || !in.hasRemaining()) {
            in.expectEnd();
            return DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION);
        }
        int code = in.readByte("reason code");
        // [MQTT-3.14.2-1]: only the DISCONNECT Reason Code values are allowed.
        DisconnectReasonCode reasonCode = DisconnectReasonCode.fromCode(code).orElseThrow(
                () -> in.protocolError(String.format("undefined reason code 0x%02X", code)));
        DecodedProperties properties = in.hasRemaining()
                ? PropertyReader.read(in, PropertyContext.DISCONNECT) : DecodedProperties.EMPTY;
        in.expectEnd();
        return new DisconnectPacket(reasonCode,
                properties.fourByteInteger(Property.SESSION_EXPIRY_INTERVAL),
                properties.string(Property.REASON_STRING),
                properties.userProperties(),
                properties.string(Property.SERVER_REFERENCE));
    }
}
