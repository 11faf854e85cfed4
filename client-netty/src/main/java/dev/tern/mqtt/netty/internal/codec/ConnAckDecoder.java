package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;

/**
 * Decodes CONNACK (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901074">MQTT 5.0
 * section 3.2</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718033">
 * MQTT 3.1.1 section 3.2</a>). A 3.1.1 return code becomes its 5.0 reason code.
 */
final class ConnAckDecoder {

    private ConnAckDecoder() {
    }

    static ConnAckPacket decode(PacketReader in, MqttVersion version) {
        int flags = in.readByte("acknowledge flags");
        if ((flags & 0xFE) != 0) {
            // [MQTT-3.2.2-1] (3.1.1 too): bits 7-1 are reserved and MUST be 0; reserved bits set cannot be parsed.
            throw in.malformed("reserved acknowledge flags are set");
        }
        boolean sessionPresent = (flags & 0x01) != 0;
        int code = in.readByte("reason code");
        ConnAckReasonCode reasonCode = version == MqttVersion.MQTT_5_0
                ? ConnAckReasonCode.fromCode(code).orElse(null) : Mqtt311ReturnCodes.connAck(code);
        if (reasonCode == null) {
            // The packet parses, but [MQTT-3.2.2-8] (3.1.1: section 3.2.2.3, 6-255 reserved) allows only the listed
            // values: data the protocol does not allow.
            throw in.protocolError(String.format("undefined reason code 0x%02X", code));
        }
        if (sessionPresent && reasonCode != ConnAckReasonCode.SUCCESS) {
            // [MQTT-3.2.2-6] (3.1.1: [MQTT-3.2.2-4]): a refusal MUST have Session Present 0.
            throw in.protocolError("session present set on a refused connection");
        }
        if (version != MqttVersion.MQTT_5_0) {
            in.expectEnd();
            return ConnAckPacket.of(sessionPresent, reasonCode);
        }
        DecodedProperties properties = PropertyReader.read(in, PropertyContext.CONNACK);
        in.expectEnd();
        return new ConnAckPacket(sessionPresent, reasonCode,
                properties.fourByteInteger(Property.SESSION_EXPIRY_INTERVAL),
                properties.integer(Property.RECEIVE_MAXIMUM),
                properties.integer(Property.MAXIMUM_QOS),
                properties.integer(Property.RETAIN_AVAILABLE),
                properties.fourByteInteger(Property.MAXIMUM_PACKET_SIZE),
                properties.string(Property.ASSIGNED_CLIENT_IDENTIFIER),
                properties.integer(Property.TOPIC_ALIAS_MAXIMUM),
                properties.string(Property.REASON_STRING),
                properties.userProperties(),
                properties.integer(Property.WILDCARD_SUBSCRIPTION_AVAILABLE),
                properties.integer(Property.SUBSCRIPTION_IDENTIFIERS_AVAILABLE),
                properties.integer(Property.SHARED_SUBSCRIPTION_AVAILABLE),
                properties.integer(Property.SERVER_KEEP_ALIVE),
                properties.string(Property.RESPONSE_INFORMATION),
                properties.string(Property.SERVER_REFERENCE),
                properties.string(Property.AUTHENTICATION_METHOD),
                properties.binary(Property.AUTHENTICATION_DATA));
    }
}
