package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.reason.SubAckReasonCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes SUBACK (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901171">MQTT 5.0
 * section 3.9</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718068">
 * MQTT 3.1.1 section 3.9</a>); the 3.1.1 failure code 0x80 becomes UNSPECIFIED_ERROR.
 */
final class SubAckDecoder {

    private SubAckDecoder() {
    }

    static SubAckPacket decode(PacketReader in, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        int packetId = in.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            // [MQTT-2.2.1-6]: SUBACK carries its SUBSCRIBE's identifier, which is never 0.
            throw in.protocolError("packet identifier 0");
        }
        DecodedProperties properties = mqtt5
                ? PropertyReader.read(in, PropertyContext.SUBACK) : DecodedProperties.EMPTY;
        if (!in.hasRemaining()) {
            // [MQTT-3.8.4-6]: one reason code per topic filter, and a SUBSCRIBE has at least one.
            throw in.protocolError("no reason code");
        }
        List<SubAckReasonCode> reasonCodes = new ArrayList<>();
        while (in.hasRemaining()) {
            int code = in.readByte("reason code");
            SubAckReasonCode reasonCode = mqtt5
                    ? SubAckReasonCode.fromCode(code).orElse(null) : Mqtt311ReturnCodes.subAck(code);
            if (reasonCode == null) {
                // [MQTT-3.9.3-2] (3.1.1: [MQTT-3.9.3-2], other values reserved): only the listed codes are allowed.
                throw in.protocolError(String.format("undefined reason code 0x%02X", code));
            }
            reasonCodes.add(reasonCode);
        }
        return new SubAckPacket(packetId, reasonCodes, properties.string(Property.REASON_STRING),
                properties.userProperties());
    }
}
