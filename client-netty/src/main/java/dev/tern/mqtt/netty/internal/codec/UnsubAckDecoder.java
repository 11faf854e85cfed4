package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.reason.UnsubAckReasonCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes UNSUBACK (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901187">MQTT 5.0
 * section 3.11</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718077">
 * MQTT 3.1.1 section 3.11</a>). A 3.1.1 UNSUBACK has only the packet identifier; its reason code list is empty.
 */
final class UnsubAckDecoder {

    private UnsubAckDecoder() {
    }

    static UnsubAckPacket decode(PacketReader in, MqttVersion version) {
        int packetId = in.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            // [MQTT-2.2.1-6]: UNSUBACK carries its UNSUBSCRIBE's identifier, which is never 0.
            throw in.protocolError("packet identifier 0");
        }
        if (version != MqttVersion.MQTT_5_0) {
            in.expectEnd();
            return new UnsubAckPacket(packetId, List.of(), null, List.of());
        }
        DecodedProperties properties = PropertyReader.read(in, PropertyContext.UNSUBACK);
        if (!in.hasRemaining()) {
            // [MQTT-3.11.3-2]: one reason code per topic filter, and an UNSUBSCRIBE has at least one.
            throw in.protocolError("no reason code");
        }
        List<UnsubAckReasonCode> reasonCodes = new ArrayList<>();
        while (in.hasRemaining()) {
            int code = in.readByte("reason code");
            // [MQTT-3.11.3-2]: only the Unsubscribe Reason Code values are allowed.
            reasonCodes.add(UnsubAckReasonCode.fromCode(code).orElseThrow(
                    () -> in.protocolError(String.format("undefined reason code 0x%02X", code))));
        }
        return new UnsubAckPacket(packetId, reasonCodes, properties.string(Property.REASON_STRING),
                properties.userProperties());
    }
}
