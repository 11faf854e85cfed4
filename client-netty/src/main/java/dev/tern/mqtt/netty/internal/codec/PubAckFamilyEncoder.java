package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.reason.ReasonCode;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Encodes PUBACK, PUBREC, PUBREL and PUBCOMP
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901121">MQTT 5.0 sections 3.4
 * to 3.7</a>, MQTT 3.1.1 sections 3.4 to 3.7) in the shortest form that carries the packet: 2 bytes for SUCCESS
 * without properties, 3 for another reason code without properties, otherwise reason code and properties. MQTT
 * 3.1.1 has only the packet identifier, which says success: a success reason code is sent as that, an error code
 * is refused ({@link Mqtt311ReturnCodes#checkPlainAck}), and the properties are left out.
 */
final class PubAckFamilyEncoder {

    private PubAckFamilyEncoder() {
    }

    static int remainingLength(MqttVersion version, PacketType type, ReasonCode reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        if (version != MqttVersion.MQTT_5_0) {
            Mqtt311ReturnCodes.checkPlainAck(type.name(), reasonCode);
            return 2;
        }
        int propertiesLength = AckProperties.length(reasonString, userProperties);
        if (propertiesLength > 0) {
            return 3 + PropertySizer.withLengthPrefix(propertiesLength);
        }
        return reasonCode.code() == 0 ? 2 : 3;
    }

    static void write(ByteBuf out, MqttVersion version, int packetId, ReasonCode reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        out.writeShort(packetId);
        if (version != MqttVersion.MQTT_5_0) {
            return;
        }
        int code = reasonCode.code();
        int propertiesLength = AckProperties.length(reasonString, userProperties);
        if (propertiesLength == 0 && code == 0) {
            return;
        }
        out.writeByte(code);
        if (propertiesLength > 0) {
            AckProperties.write(out, propertiesLength, reasonString, userProperties);
        }
    }
}
