package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Encodes SUBSCRIBE (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901161">MQTT
 * 5.0 section 3.8</a>, MQTT 3.1.1 section 3.8). On 3.1.1 the options byte carries only the QoS; No Local, Retain
 * As Published, Retain Handling and the properties are 5.0 only. Every filter is checked by {@link Topics}, as the
 * decoder checks it.
 */
final class SubscribeEncoder {

    private SubscribeEncoder() {
    }

    static int remainingLength(SubscribePacket packet, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        int size = 2;
        if (mqtt5) {
            size += PropertySizer.withLengthPrefix(propertiesLength(packet));
        }
        for (SubscriptionRequest subscription : packet.subscriptions()) {
            boolean shared = Topics.requireTopicFilter(subscription.topicFilter(), mqtt5);
            if (shared && subscription.noLocal()) {
                throw new IllegalArgumentException("No Local on shared subscription " + subscription.topicFilter()
                        + " is a Protocol Error [MQTT-3.8.3-4]");
            }
            size += 2 + Utf8.encodedLength(subscription.topicFilter(), "topic filter") + 1;
        }
        return size;
    }

    static void write(ByteBuf out, SubscribePacket packet, MqttVersion version) {
        out.writeShort(packet.packetId());
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        if (mqtt5) {
            VariableByteInteger.write(out, propertiesLength(packet));
            properties(new PropertyWriter(out), packet);
        }
        for (SubscriptionRequest subscription : packet.subscriptions()) {
            String filter = subscription.topicFilter();
            Utf8.write(out, filter, Utf8.encodedLength(filter, "topic filter"));
            int options = subscription.qos().code();
            if (mqtt5) {
                options |= subscription.retainHandling().code() << 4;
                if (subscription.noLocal()) {
                    options |= 0x04;
                }
                if (subscription.retainAsPublished()) {
                    options |= 0x08;
                }
            }
            out.writeByte(options);
        }
    }

    private static int propertiesLength(SubscribePacket packet) {
        PropertySizer sizer = new PropertySizer();
        properties(sizer, packet);
        return sizer.size();
    }

    private static void properties(PropertySink sink, SubscribePacket packet) {
        Integer identifier = packet.subscriptionIdentifier();
        sink.subscriptionIdentifiers(identifier == null ? List.of() : List.of(identifier));
        sink.userProperties(packet.userProperties());
    }
}
