package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.RetainHandling;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes SUBSCRIBE (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901161">MQTT
 * 5.0 section 3.8</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718063">
 * MQTT 3.1.1 section 3.8</a>). Only a server (the test broker) receives it.
 */
final class SubscribeDecoder {

    private SubscribeDecoder() {
    }

    static SubscribePacket decode(PacketReader in, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        int packetId = in.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            // [MQTT-2.2.1-3]: SUBSCRIBE MUST carry a non-zero packet identifier.
            throw in.protocolError("packet identifier 0");
        }
        DecodedProperties properties = mqtt5
                ? PropertyReader.read(in, PropertyContext.SUBSCRIBE) : DecodedProperties.EMPTY;
        if (!in.hasRemaining()) {
            // [MQTT-3.8.3-2] (3.1.1: [MQTT-3.8.3-3]): at least one filter; "A SUBSCRIBE packet with no Payload is a
            // Protocol Error."
            throw in.protocolError("no topic filter");
        }
        // No capacity hint: the count is not known, and a guess from untrusted input could over-allocate.
        List<SubscriptionRequest> subscriptions = new ArrayList<>();
        while (in.hasRemaining()) {
            String filter = in.readString("topic filter");
            boolean shared = Topics.checkTopicFilter(filter, mqtt5, in);
            int options = in.readByte("subscription options");
            subscriptions.add(mqtt5 ? options5(options, filter, shared, in) : options311(options, filter, in));
        }
        return new SubscribePacket(packetId, subscriptions, properties.subscriptionIdentifier(),
                properties.userProperties());
    }

    private static SubscriptionRequest options5(int options, String filter, boolean shared, PacketReader in) {
        if ((options & 0xC0) != 0) {
            // [MQTT-3.8.3-5]: "The Server MUST treat a SUBSCRIBE packet as malformed if any of Reserved bits in the
            // Payload are non-zero."
            throw in.malformed("reserved subscription option bits are set for '" + filter + "'");
        }
        int qos = options & 0x03;
        if (qos == 3) {
            // Section 3.8.3.1: "It is a Protocol Error if the Maximum QoS field has the value 3."
            throw in.protocolError("maximum QoS 3 for '" + filter + "'");
        }
        boolean noLocal = (options & 0x04) != 0;
        if (noLocal && shared) {
            // [MQTT-3.8.3-4]: "It is a Protocol Error to set the No Local bit to 1 on a Shared Subscription."
            throw in.protocolError("no local on shared subscription '" + filter + "'");
        }
        int retainHandling = (options >> 4) & 0x03;
        if (retainHandling == 3) {
            // Section 3.8.3.1: "It is a Protocol Error to send a Retain Handling value of 3."
            throw in.protocolError("retain handling 3 for '" + filter + "'");
        }
        return new SubscriptionRequest(filter, Qos.fromCode(qos), noLocal, (options & 0x08) != 0,
                RetainHandling.fromCode(retainHandling));
    }

    private static SubscriptionRequest options311(int options, String filter, PacketReader in) {
        // MQTT 3.1.1 [MQTT-3-8.3-4]: "The Server MUST treat a SUBSCRIBE packet as malformed and close the Network
        // Connection if any of Reserved bits in the payload are non-zero, or QoS is not 0,1 or 2."
        if ((options & 0xFC) != 0 || (options & 0x03) == 3) {
            throw in.malformed(String.format("requested QoS byte 0x%02X for '%s'", options, filter));
        }
        return SubscriptionRequest.of(filter, Qos.fromCode(options));
    }
}
