package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;

import io.netty.buffer.ByteBuf;

/**
 * Encodes UNSUBSCRIBE (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901179">
 * MQTT 5.0 section 3.10</a>, MQTT 3.1.1 section 3.10); its only property is User Property.
 */
final class UnsubscribeEncoder {

    private UnsubscribeEncoder() {
    }

    static int remainingLength(UnsubscribePacket packet, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        int size = 2;
        if (mqtt5) {
            size += PropertySizer.withLengthPrefix(propertiesLength(packet));
        }
        for (String filter : packet.topicFilters()) {
            // [MQTT-3.10.3-1]: the filters are Topic Filters, so the same rules as in SUBSCRIBE apply.
            Topics.requireTopicFilter(filter, mqtt5);
            size += 2 + Utf8.encodedLength(filter, "topic filter");
        }
        return size;
    }

    static void write(ByteBuf out, UnsubscribePacket packet, MqttVersion version) {
        out.writeShort(packet.packetId());
        if (version == MqttVersion.MQTT_5_0) {
            VariableByteInteger.write(out, propertiesLength(packet));
            new PropertyWriter(out).userProperties(packet.userProperties());
        }
        for (String filter : packet.topicFilters()) {
            Utf8.write(out, filter, Utf8.encodedLength(filter, "topic filter"));
        }
    }

    private static int propertiesLength(UnsubscribePacket packet) {
        PropertySizer sizer = new PropertySizer();
        sizer.userProperties(packet.userProperties());
        return sizer.size();
    }
}
