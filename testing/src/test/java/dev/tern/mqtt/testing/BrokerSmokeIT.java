package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;

/**
 * Checks each test broker with hand-written MQTT bytes on a raw socket (no codec of ours): CONNECT,
 * QoS 1 PUBLISH, SUBSCRIBE and delivery, in MQTT 3.1.1 and 5.0, and that {@link Limits} reach the CONNACK.
 */
@Timeout(30)
class BrokerSmokeIT {

    private static final int V311 = 4;
    private static final int V5 = 5;

    @BrokersTest
    void mqtt5ConnectIsAccepted(BrokerEndpoint broker) throws IOException {
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            RawMqtt.Packet connAck = connect(peer, V5);
            assertEquals(0x00, connAck.u8(0), "session present flag: clean start");
            assertEquals(0x00, connAck.u8(1), "reason code Success");
        }
    }

    @BrokersTest({Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void mqtt311ConnectIsAccepted(BrokerEndpoint broker) throws IOException {
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            RawMqtt.Packet connAck = connect(peer, V311);
            assertArrayEquals(new byte[] {0x00, 0x00}, connAck.body(), "CONNACK 20 02 00 00: accepted");
        }
    }

    @BrokersTest
    void mqtt5Qos1PublishIsAcknowledged(BrokerEndpoint broker) throws IOException {
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            connect(peer, V5);
            peer.write(RawMqtt.publishQos1(V5, uniqueTopic(), 7, "hello"));
            RawMqtt.Packet pubAck = peer.read();
            assertEquals(0x40, pubAck.header(), "PUBACK");
            assertEquals(7, pubAck.u16(0), "packet identifier");
            if (pubAck.body().length > 2) {
                // no subscriber: 0x10 "No matching subscribers" is a success code (MQTT 5 section 3.4.2.1)
                assertTrue(pubAck.u8(2) == 0x00 || pubAck.u8(2) == 0x10, "reason code " + hex(pubAck));
            }
        }
    }

    @BrokersTest({Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void mqtt311Qos1PublishIsAcknowledged(BrokerEndpoint broker) throws IOException {
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            connect(peer, V311);
            peer.write(RawMqtt.publishQos1(V311, uniqueTopic(), 7, "hello"));
            RawMqtt.Packet pubAck = peer.read();
            assertEquals(0x40, pubAck.header(), "PUBACK");
            assertArrayEquals(new byte[] {0x00, 0x07}, pubAck.body(), "PUBACK 40 02 00 07");
        }
    }

    @BrokersTest
    void mqtt5SubscriberReceivesQos1Publish(BrokerEndpoint broker) throws IOException {
        subscribePublishReceive(broker, V5);
    }

    @BrokersTest({Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void mqtt311SubscriberReceivesQos1Publish(BrokerEndpoint broker) throws IOException {
        subscribePublishReceive(broker, V311);
    }

    @BrokersTest(Broker.AEDES)
    void aedesRefusesMqtt5WithA311ReturnCode(BrokerEndpoint broker) throws IOException {
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            RawMqtt.Packet connAck = connect(peer, V5);
            // not an MQTT 5 CONNACK with 0x84: the 3.1.1 form with return code 1, "unacceptable protocol version"
            assertArrayEquals(new byte[] {0x00, 0x01}, connAck.body(), "CONNACK 20 02 00 01: " + hex(connAck));
            assertTrue(peer.closedByBroker(), "then it closes the connection");
        }
    }

    @BrokersTest
    void limitsAreAnnouncedInConnAck(
            @Limits(receiveMaximum = 3, maximumPacketSize = 2048, topicAliasMaximum = 4) BrokerEndpoint broker)
            throws IOException {
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            RawMqtt.Packet connAck = connect(peer, V5);
            Map<Integer, Long> properties = RawMqtt.connAckProperties(connAck);
            assertEquals(3L, properties.get(0x21), "Receive Maximum in " + hex(connAck));
            assertEquals(2048L, properties.get(0x27), "Maximum Packet Size in " + hex(connAck));
            assertEquals(4L, properties.get(0x22), "Topic Alias Maximum in " + hex(connAck));
        }
    }

    /** One connection subscribes at QoS 1 then publishes at QoS 1 to the same topic; it gets PUBACK and the message. */
    private static void subscribePublishReceive(BrokerEndpoint broker, int version) throws IOException {
        String topic = uniqueTopic();
        try (RawMqtt peer = RawMqtt.connect(broker)) {
            connect(peer, version);

            peer.write(RawMqtt.subscribeQos1(version, topic, 2));
            RawMqtt.Packet subAck = peer.read();
            assertEquals(0x90, subAck.header(), "SUBACK");
            assertEquals(2, subAck.u16(0), "packet identifier");
            // 3.1.1: 90 03 00 02 01; 5.0: 90 04 00 02 00 01 when the broker adds no property
            int grantedQos = subAck.u8(subAck.body().length - 1);
            assertEquals(0x01, grantedQos, "granted QoS 1 in " + hex(subAck));

            peer.write(RawMqtt.publishQos1(version, topic, 3, "payload-" + version));
            RawMqtt.Packet pubAck = null;
            RawMqtt.Packet delivered = null;
            for (int i = 0; i < 2; i++) { // PUBACK and the delivery may come in either order
                RawMqtt.Packet packet = peer.read();
                if (packet.type() == 4) {
                    pubAck = packet;
                } else if (packet.type() == 3) {
                    delivered = packet;
                }
            }
            assertTrue(pubAck != null && pubAck.u16(0) == 3, "PUBACK for packet 3");
            assertTrue(delivered != null, "the subscription delivered the message");
            assertEquals(0x32, delivered.header(), "PUBLISH QoS 1, no DUP, no RETAIN: " + hex(delivered));

            byte[] body = delivered.body();
            int topicLength = delivered.u16(0);
            assertEquals(topic, new String(body, 2, topicLength, StandardCharsets.UTF_8));
            int packetId = delivered.u16(2 + topicLength);
            int payloadStart = 2 + topicLength + 2 + (version == V5 ? 1 + delivered.u8(4 + topicLength) : 0);
            assertEquals("payload-" + version,
                    new String(Arrays.copyOfRange(body, payloadStart, body.length), StandardCharsets.UTF_8));

            peer.write(RawMqtt.pubAck(packetId));
            peer.write(RawMqtt.disconnect());
            assertTrue(peer.closedByBroker(), "broker closes the connection after DISCONNECT");
        }
    }

    private static RawMqtt.Packet connect(RawMqtt peer, int version) throws IOException {
        peer.write(RawMqtt.connect(version, "tern-smoke-" + UUID.randomUUID().toString().substring(0, 8)));
        RawMqtt.Packet connAck = peer.read();
        assertEquals(0x20, connAck.header(), "CONNACK " + hex(connAck));
        return connAck;
    }

    private static String uniqueTopic() {
        return "tern/smoke/" + UUID.randomUUID();
    }

    private static String hex(RawMqtt.Packet packet) {
        return String.format("%02x ", packet.header()) + HexFormat.of().formatHex(packet.body());
    }
}
