package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * The property block every acknowledgement shares: Reason String (0x1F) then User Properties (0x26), as carried by
 * PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK and UNSUBACK (MQTT 5.0 sections 3.4.2.2 to 3.11.2.1).
 */
final class AckProperties {

    private AckProperties() {
    }

    /** The length of the properties without their length prefix; 0 when there are none. */
    static int length(String reasonString, List<UserProperty> userProperties) {
        if (reasonString == null && userProperties.isEmpty()) {
            return 0;
        }
        PropertySizer sizer = new PropertySizer();
        list(sizer, reasonString, userProperties);
        return sizer.size();
    }

    /** Writes the length prefix and the properties. */
    static void write(ByteBuf out, int length, String reasonString, List<UserProperty> userProperties) {
        VariableByteInteger.write(out, length);
        list(new PropertyWriter(out), reasonString, userProperties);
    }

    private static void list(PropertySink sink, String reasonString, List<UserProperty> userProperties) {
        sink.stringProperty(Property.REASON_STRING, reasonString);
        sink.userProperties(userProperties);
    }
}
