package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.UserProperty;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Encodes PUBACK, PUBREC, PUBREL and PUBCOMP
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901121">MQTT 5.0 sections 3.4
 * to 3.7</a>, MQTT 3.1.1 sections 3.4 to 3.7) in the shortest form that carries the packet: 2 bytes for SUCCESS
 * without properties, 3 for another reason code without properties, otherwise reason code and properties. MQTT
 * 3.1.1 has only the packet identifier, so the reason code and properties are not written there.
 */
final class PubAckFamilyEncoder {

    private PubAckFamilyEncoder() {
    }

    static int remainingLength(MqttVersion version, int reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        if (version != MqttVersion.MQTT_5_0) {
            return 2;
        }
        int propertiesLength = AckProperties.length(reasonString, userProperties);
        if (propertiesLength > 0) {
            return 3 + PropertySizer.withLengthPrefix(propertiesLength);
        }
        return reasonCode == 0 ? 2 : 3;
    }

    static void write(ByteBuf out, MqttVersion version, int packetId, int reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        out.writeShort(packetId);
        if (version != MqttVersion.MQTT_5_0) {
            return;
        }
        int propertiesLength = AckProperties.length(reasonString, userProperties);
        if (propertiesLength == 0 && reasonCode == 0) {
            return;
        }
        out.writeByte(reasonCode);
        if (propertiesLength > 0) {
            AckProperties.write(out, propertiesLength, reasonString, userProperties);
        }
    }
}
