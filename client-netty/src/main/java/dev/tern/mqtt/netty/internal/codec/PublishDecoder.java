package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import java.nio.ByteBuffer;

/**
 * Decodes PUBLISH (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901100">MQTT 5.0
 * section 3.3</a>, <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718037">
 * MQTT 3.1.1 section 3.3</a>). The fixed header flags were checked by {@link MqttPacketDecoder}. The payload is
 * copied once, out of the network buffer.
 */
final class PublishDecoder {

    private PublishDecoder() {
    }

    static PublishPacket decode(PacketReader in, int flags, MqttVersion version) {
        boolean dup = (flags & 0x08) != 0;
        Qos qos = Qos.fromCode((flags >> 1) & 0x03);
        boolean retain = (flags & 0x01) != 0;
        String topic = in.readTopicName(); // checked, unless empty
        int packetId = 0;
        if (qos != Qos.AT_MOST_ONCE) {
            packetId = in.readTwoByteInteger("packet identifier");
            if (packetId == 0) {
                // [MQTT-2.2.1-3], [MQTT-2.2.1-4]: a QoS 1 or 2 PUBLISH MUST carry a non-zero packet identifier.
                throw in.protocolError("packet identifier 0");
            }
        }
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        DecodedProperties properties = mqtt5
                ? PropertyReader.read(in, PropertyContext.PUBLISH) : DecodedProperties.EMPTY;
        if (topic.isEmpty()) {
            if (!mqtt5) {
                // MQTT 3.1.1 [MQTT-4.7.3-1]: a Topic Name is at least one character long.
                throw in.malformed("empty topic name");
            }
            if (!properties.contains(Property.TOPIC_ALIAS)) {
                // MQTT 5.0 section 3.3.2.1: "It is a Protocol Error if the Topic Name is zero length and there is
                // no Topic Alias."
                throw in.protocolError("empty topic name without a topic alias");
            }
        }
        String responseTopic = properties.string(Property.RESPONSE_TOPIC);
        if (responseTopic != null) {
            Topics.checkTopicName(responseTopic, in, "response topic");
        }
        ByteBuffer payload = in.readRest();
        return new PublishPacket(dup, qos, retain, topic, packetId, payload,
                properties.integer(Property.PAYLOAD_FORMAT_INDICATOR),
                properties.fourByteInteger(Property.MESSAGE_EXPIRY_INTERVAL),
                properties.integer(Property.TOPIC_ALIAS),
                responseTopic,
                properties.binary(Property.CORRELATION_DATA),
                properties.userProperties(),
                properties.subscriptionIdentifiers(),
                properties.string(Property.CONTENT_TYPE));
    }
}
