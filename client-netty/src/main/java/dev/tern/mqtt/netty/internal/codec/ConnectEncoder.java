package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.WillMessage;

import io.netty.buffer.ByteBuf;

/**
 * Encodes CONNECT (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901033">MQTT 5.0
 * section 3.1</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718028">
 * MQTT 3.1.1 section 3.1</a>) at the protocol level of the packet's own {@code protocolVersion}; for 3.1.1 the
 * 5.0 properties are left out.
 */
final class ConnectEncoder {

    /** Protocol name "MQTT" with its length prefix, then the level, flags and keep alive. */
    private static final int FIXED_VARIABLE_HEADER = 6 + 1 + 1 + 2;

    private ConnectEncoder() {
    }

    static int remainingLength(ConnectPacket packet) {
        boolean mqtt5 = packet.protocolVersion() == MqttVersion.MQTT_5_0;
        if (!mqtt5 && packet.password() != null && packet.username() == null) {
            throw new IllegalArgumentException("MQTT 3.1.1 cannot send a password without a user name");
        }
        if (packet.authenticationData() != null && packet.authenticationMethod() == null) {
            // Section 3.1.2.11.10: Authentication Data without an Authentication Method is a Protocol Error.
            throw new IllegalArgumentException("authentication data needs an authentication method");
        }
        if (!mqtt5 && packet.clientId().isEmpty() && !packet.cleanStart()) {
            // MQTT 3.1.1 [MQTT-3.1.3-7]; the server would answer return code 0x02 [MQTT-3.1.3-8]. MQTT 5.0 allows
            // it (the server may assign an identifier, section 3.1.3.1).
            throw new IllegalArgumentException(
                    "MQTT 3.1.1 needs clean session 1 with a zero-byte client identifier [MQTT-3.1.3-7]");
        }
        int size = FIXED_VARIABLE_HEADER;
        if (mqtt5) {
            size += PropertySizer.withLengthPrefix(propertiesLength(packet));
        }
        size += 2 + Utf8.encodedLength(packet.clientId(), "client identifier");
        WillMessage will = packet.will();
        if (will != null) {
            if (mqtt5) {
                if (will.responseTopic() != null) {
                    Topics.requireTopicName(will.responseTopic(), "will response topic");
                }
                size += PropertySizer.withLengthPrefix(willPropertiesLength(will));
            }
            Topics.requireTopicName(will.topic(), "will topic");
            size += 2 + Utf8.encodedLength(will.topic(), "will topic");
            size += 2 + PropertySizer.binaryLength(will.payload(), "will payload");
        }
        if (packet.username() != null) {
            size += 2 + Utf8.encodedLength(packet.username(), "user name");
        }
        if (packet.password() != null) {
            size += 2 + PropertySizer.binaryLength(packet.password(), "password");
        }
        return size;
    }

    static void write(ByteBuf out, ConnectPacket packet) {
        boolean mqtt5 = packet.protocolVersion() == MqttVersion.MQTT_5_0;
        Utf8.write(out, "MQTT", 4);
        out.writeByte(packet.protocolVersion().protocolLevel());
        out.writeByte(flags(packet));
        out.writeShort(packet.keepAliveSeconds());
        if (mqtt5) {
            VariableByteInteger.write(out, propertiesLength(packet));
            properties(new PropertyWriter(out), packet);
        }
        Utf8.write(out, packet.clientId(), Utf8.encodedLength(packet.clientId(), "client identifier"));
        WillMessage will = packet.will();
        if (will != null) {
            if (mqtt5) {
                VariableByteInteger.write(out, willPropertiesLength(will));
                willProperties(new PropertyWriter(out), will);
            }
            Utf8.write(out, will.topic(), Utf8.encodedLength(will.topic(), "will topic"));
            PropertyWriter.writeBinary(out, will.payload());
        }
        if (packet.username() != null) {
            Utf8.write(out, packet.username(), Utf8.encodedLength(packet.username(), "user name"));
        }
        if (packet.password() != null) {
            PropertyWriter.writeBinary(out, packet.password());
        }
    }

    private static int flags(ConnectPacket packet) {
        int flags = 0;
        if (packet.username() != null) {
            flags |= 0x80;
        }
        if (packet.password() != null) {
            flags |= 0x40;
        }
        WillMessage will = packet.will();
        if (will != null) {
            flags |= 0x04 | will.qos().code() << 3;
            if (will.retain()) {
                flags |= 0x20;
            }
        }
        if (packet.cleanStart()) {
            flags |= 0x02;
        }
        return flags;
    }

    private static int propertiesLength(ConnectPacket packet) {
        PropertySizer sizer = new PropertySizer();
        properties(sizer, packet);
        return sizer.size();
    }

    private static int willPropertiesLength(WillMessage will) {
        PropertySizer sizer = new PropertySizer();
        willProperties(sizer, will);
        return sizer.size();
    }

    private static void properties(PropertySink sink, ConnectPacket packet) {
        sink.fourByteProperty(Property.SESSION_EXPIRY_INTERVAL, packet.sessionExpiryInterval());
        sink.stringProperty(Property.AUTHENTICATION_METHOD, packet.authenticationMethod());
        sink.binaryProperty(Property.AUTHENTICATION_DATA, packet.authenticationData());
        sink.byteProperty(Property.REQUEST_PROBLEM_INFORMATION, packet.requestProblemInformation());
        sink.byteProperty(Property.REQUEST_RESPONSE_INFORMATION, packet.requestResponseInformation());
        sink.twoByteProperty(Property.RECEIVE_MAXIMUM, packet.receiveMaximum());
        sink.twoByteProperty(Property.TOPIC_ALIAS_MAXIMUM, packet.topicAliasMaximum());
        sink.userProperties(packet.userProperties());
        sink.fourByteProperty(Property.MAXIMUM_PACKET_SIZE, packet.maximumPacketSize());
    }

    private static void willProperties(PropertySink sink, WillMessage will) {
        sink.byteProperty(Property.PAYLOAD_FORMAT_INDICATOR, will.payloadFormatIndicator());
        sink.fourByteProperty(Property.MESSAGE_EXPIRY_INTERVAL, will.messageExpiryInterval());
        sink.stringProperty(Property.CONTENT_TYPE, will.contentType());
        sink.stringProperty(Property.RESPONSE_TOPIC, will.responseTopic());
        sink.binaryProperty(Property.CORRELATION_DATA, will.correlationData());
        sink.fourByteProperty(Property.WILL_DELAY_INTERVAL, will.willDelayInterval());
        sink.userProperties(will.userProperties());
    }
}
