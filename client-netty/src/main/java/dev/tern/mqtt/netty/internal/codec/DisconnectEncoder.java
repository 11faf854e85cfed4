package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;

import io.netty.buffer.ByteBuf;

/**
 * Encodes DISCONNECT (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901205">MQTT
 * 5.0 section 3.14</a>, MQTT 3.1.1 section 3.14) in its shortest form: nothing for Normal disconnection without
 * properties, the reason code alone without properties, else reason code and properties. 3.1.1 has no content and
 * means a normal disconnection, so any other reason code is refused there
 * ({@link Mqtt311ReturnCodes#checkPlainDisconnect}) and the properties are left out.
 */
final class DisconnectEncoder {

    private DisconnectEncoder() {
    }

    static int remainingLength(DisconnectPacket packet, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0) {
            Mqtt311ReturnCodes.checkPlainDisconnect(packet.reasonCode());
            return 0;
        }
        int propertiesLength = propertiesLength(packet);
        if (propertiesLength > 0) {
            return 1 + PropertySizer.withLengthPrefix(propertiesLength);
        }
        return packet.reasonCode().code() == 0 ? 0 : 1;
    }

    static void write(ByteBuf out, DisconnectPacket packet, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0) {
            return;
        }
        int propertiesLength = propertiesLength(packet);
        int code = packet.reasonCode().code();
        if (propertiesLength == 0 && code == 0) {
            return;
        }
        out.writeByte(code);
        if (propertiesLength > 0) {
            VariableByteInteger.write(out, propertiesLength);
            properties(new PropertyWriter(out), packet);
        }
    }

    private static int propertiesLength(DisconnectPacket packet) {
        PropertySizer sizer = new PropertySizer();
        properties(sizer, packet);
        return sizer.size();
    }

    private static void properties(PropertySink sink, DisconnectPacket packet) {
        sink.fourByteProperty(Property.SESSION_EXPIRY_INTERVAL, packet.sessionExpiryInterval());
        sink.stringProperty(Property.SERVER_REFERENCE, packet.serverReference());
        sink.stringProperty(Property.REASON_STRING, packet.reasonString());
        sink.userProperties(packet.userProperties());
    }
}
