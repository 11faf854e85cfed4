package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.WillMessage;

import java.nio.ByteBuffer;

/**
 * Decodes CONNECT (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901033">MQTT 5.0
 * section 3.1</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718028">
 * MQTT 3.1.1 section 3.1</a>) by the protocol level the packet itself carries. Only a server (the test broker)
 * receives CONNECT.
 */
final class ConnectDecoder {

    private static final int RESERVED = 0x01;
    private static final int CLEAN_START = 0x02;
    private static final int WILL = 0x04;
    private static final int WILL_RETAIN = 0x20;
    private static final int PASSWORD = 0x40;
    private static final int USER_NAME = 0x80;

    private ConnectDecoder() {
    }

    static ConnectPacket decode(PacketReader in) {
        String protocolName = in.readString("protocol name");
        if (!"MQTT".equals(protocolName)) {
            // [MQTT-3.1.2-1]: a wrong protocol name means the packet is not MQTT at all as far as we can parse it.
            throw in.malformed("protocol name '" + protocolName + "' is not 'MQTT'");
        }
        int level = in.readByte("protocol level");
        MqttVersion version;
        if (level == 4) {
            version = MqttVersion.MQTT_3_1_1;
        } else if (level == 5) {
            version = MqttVersion.MQTT_5_0;
        } else {
            // [MQTT-3.1.2-2]: a well-formed CONNECT for a level we do not speak; the server answers 0x84 / 0x01.
            throw in.protocolError("unsupported protocol level " + level);
        }
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        int flags = in.readByte("connect flags");
        if ((flags & RESERVED) != 0) {
            // [MQTT-3.1.2-3]: "If the reserved flag is not 0 it is a Malformed Packet."
            throw in.malformed("reserved connect flag is set");
        }
        boolean will = (flags & WILL) != 0;
        int willQos = (flags >> 3) & 0x03;
        boolean willRetain = (flags & WILL_RETAIN) != 0;
        if (!will && (willQos != 0 || willRetain)) {
            // [MQTT-3.1.2-11], [MQTT-3.1.2-13]: will QoS and retain MUST be 0 without a will; invalid flags.
            throw in.malformed("will QoS or will retain set without the will flag");
        }
        if (willQos == 3) {
            // [MQTT-3.1.2-12]: "A value of 3 (0x03) is a Malformed Packet."
            throw in.malformed("will QoS 3");
        }
        boolean hasUserName = (flags & USER_NAME) != 0;
        boolean hasPassword = (flags & PASSWORD) != 0;
        if (!mqtt5 && hasPassword && !hasUserName) {
            // MQTT 3.1.1 [MQTT-3.1.2-22]: without a user name the password flag MUST be 0 (5.0 lifted this).
            throw in.malformed("password flag set without the user name flag");
        }
        int keepAlive = in.readTwoByteInteger("keep alive");
        DecodedProperties properties = mqtt5
                ? PropertyReader.read(in, PropertyContext.CONNECT) : DecodedProperties.EMPTY;
        if (properties.contains(Property.AUTHENTICATION_DATA) && !properties.contains(Property.AUTHENTICATION_METHOD)) {
            // MQTT 5.0 section 3.1.2.11.10: "It is a Protocol Error to include Authentication Data if there is no
            // Authentication Method."
            throw in.protocolError("authentication data without an authentication method");
        }
        String clientId = in.readString("client identifier");
        WillMessage willMessage = null;
        if (will) {
            willMessage = readWill(in, mqtt5, Qos.fromCode(willQos), willRetain);
        }
        String userName = hasUserName ? in.readString("user name") : null;
        ByteBuffer password = hasPassword ? in.readBinary("password") : null;
        in.expectEnd();
        return new ConnectPacket(version, clientId, (flags & CLEAN_START) != 0, keepAlive, userName, password,
                willMessage,
                properties.fourByteInteger(Property.SESSION_EXPIRY_INTERVAL),
                properties.integer(Property.RECEIVE_MAXIMUM),
                properties.fourByteInteger(Property.MAXIMUM_PACKET_SIZE),
                properties.integer(Property.TOPIC_ALIAS_MAXIMUM),
                properties.integer(Property.REQUEST_RESPONSE_INFORMATION),
                properties.integer(Property.REQUEST_PROBLEM_INFORMATION),
                properties.string(Property.AUTHENTICATION_METHOD),
                properties.binary(Property.AUTHENTICATION_DATA),
                properties.userProperties());
    }

    private static WillMessage readWill(PacketReader in, boolean mqtt5, Qos qos, boolean retain) {
        DecodedProperties properties = mqtt5
                ? PropertyReader.read(in, PropertyContext.WILL) : DecodedProperties.EMPTY;
        String responseTopic = properties.string(Property.RESPONSE_TOPIC);
        if (responseTopic != null) {
            Topics.checkTopicName(responseTopic, in, "will response topic");
        }
        String topic = in.readString("will topic");
        // The Will Topic is a Topic Name: [MQTT-4.7.3-1] at least one character, [MQTT-4.7.0-1] no wildcard.
        Topics.checkTopicName(topic, in, "will topic");
        ByteBuffer payload = in.readBinary("will payload");
        return new WillMessage(topic, payload, qos, retain,
                properties.fourByteInteger(Property.WILL_DELAY_INTERVAL),
                properties.integer(Property.PAYLOAD_FORMAT_INDICATOR),
                properties.fourByteInteger(Property.MESSAGE_EXPIRY_INTERVAL),
                properties.string(Property.CONTENT_TYPE),
                responseTopic,
                properties.binary(Property.CORRELATION_DATA),
                properties.userProperties());
    }
}
