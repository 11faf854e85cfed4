package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.PubCompReasonCode;
import dev.tern.mqtt.reason.PubRecReasonCode;
import dev.tern.mqtt.reason.PubRelReasonCode;

import java.util.List;
import java.util.Optional;

/**
 * Decodes the four QoS acknowledgements, which share one layout: PUBACK, PUBREC, PUBREL and PUBCOMP
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901121">MQTT 5.0 sections 3.4
 * to 3.7</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718043">MQTT
 * 3.1.1 sections 3.4 to 3.7</a>). In 5.0 a remaining length of 2 means SUCCESS without properties and 3 means a
 * reason code without properties (sections 3.4.2.1 and 3.4.2.2.1); 3.1.1 has only the packet identifier.
 */
final class PubAckFamilyDecoder {

    private PubAckFamilyDecoder() {
    }

    static MqttPacket decode(PacketReader in, PacketType type, MqttVersion version) {
        int packetId = in.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            // [MQTT-2.2.1-5]: the acknowledgement carries the PUBLISH's identifier, which is never 0.
            throw in.protocolError("packet identifier 0");
        }
        int code = 0;
        DecodedProperties properties = DecodedProperties.EMPTY;
        if (version == MqttVersion.MQTT_5_0) {
            if (in.hasRemaining()) {
                code = in.readByte("reason code");
            }
            if (in.hasRemaining()) {
                properties = PropertyReader.read(in, context(type));
            }
        }
        in.expectEnd();
        String reasonString = properties.string(Property.REASON_STRING);
        List<UserProperty> userProperties = properties.userProperties();
        switch (type) {
            case PUBACK:
                return new PubAckPacket(packetId, reason(PubAckReasonCode.fromCode(code), code, in),
                        reasonString, userProperties);
            case PUBREC:
                return new PubRecPacket(packetId, reason(PubRecReasonCode.fromCode(code), code, in),
                        reasonString, userProperties);
            case PUBREL:
                return new PubRelPacket(packetId, reason(PubRelReasonCode.fromCode(code), code, in),
                        reasonString, userProperties);
            case PUBCOMP:
                return new PubCompPacket(packetId, reason(PubCompReasonCode.fromCode(code), code, in),
                        reasonString, userProperties);
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * The enum value, or PROTOCOL_ERROR for a code not defined for this packet: [MQTT-3.4.2-1], [MQTT-3.5.2-1],
     * [MQTT-3.6.2-1] and [MQTT-3.7.2.1-1] require one of the listed values; anything else parses but is not allowed.
     */
    private static <R> R reason(Optional<R> reason, int code, PacketReader in) {
        return reason.orElseThrow(() -> in.protocolError(String.format("undefined reason code 0x%02X", code)));
    }

    private static PropertyContext context(PacketType type) {
        switch (type) {
            case PUBACK:
                return PropertyContext.PUBACK;
            case PUBREC:
                return PropertyContext.PUBREC;
            case PUBREL:
                return PropertyContext.PUBREL;
            default:
                return PropertyContext.PUBCOMP;
        }
    }
}
