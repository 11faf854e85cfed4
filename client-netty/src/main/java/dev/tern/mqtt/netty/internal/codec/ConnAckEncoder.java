package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;

import io.netty.buffer.ByteBuf;

/**
 * Encodes CONNACK (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901074">MQTT 5.0
 * section 3.2</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718033">
 * MQTT 3.1.1 section 3.2</a>). On 3.1.1 the reason code must be one of the six that have a return code.
 */
final class ConnAckEncoder {

    private ConnAckEncoder() {
    }

    static int remainingLength(ConnAckPacket packet, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0) {
            Mqtt311ReturnCodes.connAckReturnCode(packet.reasonCode());
            return 2;
        }
        return 2 + PropertySizer.withLengthPrefix(propertiesLength(packet));
    }

    static void write(ByteBuf out, ConnAckPacket packet, MqttVersion version) {
        out.writeByte(packet.sessionPresent() ? 1 : 0);
        if (version != MqttVersion.MQTT_5_0) {
            out.writeByte(Mqtt311ReturnCodes.connAckReturnCode(packet.reasonCode()));
            return;
        }
        out.writeByte(packet.reasonCode().code());
        VariableByteInteger.write(out, propertiesLength(packet));
        properties(new PropertyWriter(out), packet);
    }

    private static int propertiesLength(ConnAckPacket packet) {
        PropertySizer sizer = new PropertySizer();
        properties(sizer, packet);
        return sizer.size();
    }

    private static void properties(PropertySink sink, ConnAckPacket packet) {
        sink.fourByteProperty(Property.SESSION_EXPIRY_INTERVAL, packet.sessionExpiryInterval());
        sink.stringProperty(Property.ASSIGNED_CLIENT_IDENTIFIER, packet.assignedClientIdentifier());
        sink.twoByteProperty(Property.SERVER_KEEP_ALIVE, packet.serverKeepAlive());
        sink.stringProperty(Property.AUTHENTICATION_METHOD, packet.authenticationMethod());
        sink.binaryProperty(Property.AUTHENTICATION_DATA, packet.authenticationData());
        sink.stringProperty(Property.RESPONSE_INFORMATION, packet.responseInformation());
        sink.stringProperty(Property.SERVER_REFERENCE, packet.serverReference());
        sink.stringProperty(Property.REASON_STRING, packet.reasonString());
        sink.twoByteProperty(Property.RECEIVE_MAXIMUM, packet.receiveMaximum());
        sink.twoByteProperty(Property.TOPIC_ALIAS_MAXIMUM, packet.topicAliasMaximum());
        sink.byteProperty(Property.MAXIMUM_QOS, packet.maximumQos());
        sink.byteProperty(Property.RETAIN_AVAILABLE, packet.retainAvailable());
        sink.userProperties(packet.userProperties());
        sink.fourByteProperty(Property.MAXIMUM_PACKET_SIZE, packet.maximumPacketSize());
        sink.byteProperty(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, packet.wildcardSubscriptionAvailable());
        sink.byteProperty(Property.SUBSCRIPTION_IDENTIFIERS_AVAILABLE, packet.subscriptionIdentifiersAvailable());
        sink.byteProperty(Property.SHARED_SUBSCRIPTION_AVAILABLE, packet.sharedSubscriptionAvailable());
    }
}
