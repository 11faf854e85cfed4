package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;

import io.netty.buffer.ByteBuf;

/**
 * Encodes AUTH (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901217">MQTT 5.0
 * section 3.15</a>) in its shortest form: nothing for Success without properties, the reason code alone without
 * properties, else reason code and properties. AUTH does not exist in MQTT 3.1.1.
 */
final class AuthEncoder {

    private AuthEncoder() {
    }

    static int remainingLength(AuthPacket packet, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0) {
            throw new IllegalArgumentException("AUTH does not exist in MQTT 3.1.1");
        }
        int propertiesLength = propertiesLength(packet);
        boolean empty = propertiesLength == 0 && packet.reasonCode().code() == 0;
        if (!empty && packet.authenticationMethod() == null) {
            // Section 3.15.2.2.2: only the empty form (remaining length 0) may omit the Authentication Method.
            throw new IllegalArgumentException("AUTH needs an authentication method unless it is an empty Success");
        }
        if (propertiesLength > 0) {
            return 1 + PropertySizer.withLengthPrefix(propertiesLength);
        }
        return empty ? 0 : 1;
    }

    static void write(ByteBuf out, AuthPacket packet) {
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

    private static int propertiesLength(AuthPacket packet) {
        PropertySizer sizer = new PropertySizer();
        properties(sizer, packet);
        return sizer.size();
    }

    private static void properties(PropertySink sink, AuthPacket packet) {
        sink.stringProperty(Property.AUTHENTICATION_METHOD, packet.authenticationMethod());
        sink.binaryProperty(Property.AUTHENTICATION_DATA, packet.authenticationData());
        sink.stringProperty(Property.REASON_STRING, packet.reasonString());
        sink.userProperties(packet.userProperties());
    }
}
