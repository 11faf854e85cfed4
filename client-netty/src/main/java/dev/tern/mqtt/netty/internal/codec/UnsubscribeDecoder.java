package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes UNSUBSCRIBE (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901179">
 * MQTT 5.0 section 3.10</a>,
 * <a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718072">MQTT 3.1.1 section
 * 3.10</a>). Only a server (the test broker) receives it.
 */
final class UnsubscribeDecoder {

    private UnsubscribeDecoder() {
    }

    static UnsubscribePacket decode(PacketReader in, MqttVersion version) {
        boolean mqtt5 = version == MqttVersion.MQTT_5_0;
        int packetId = in.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            // [MQTT-2.2.1-3]: UNSUBSCRIBE MUST carry a non-zero packet identifier.
            throw in.protocolError("packet identifier 0");
        }
        DecodedProperties properties = mqtt5
                ? PropertyReader.read(in, PropertyContext.UNSUBSCRIBE) : DecodedProperties.EMPTY;
        if (!in.hasRemaining()) {
            // [MQTT-3.10.3-2]: at least one topic filter; "An UNSUBSCRIBE packet with no Payload is a Protocol
            // Error" (3.1.1: "a protocol violation").
            throw in.protocolError("no topic filter");
        }
        List<String> filters = new ArrayList<>();
        while (in.hasRemaining()) {
            String filter = in.readString("topic filter");
            Topics.checkTopicFilter(filter, mqtt5, in);
            filters.add(filter);
        }
        return new UnsubscribePacket(packetId, filters, properties.userProperties());
    }
}
