package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.MqttVersion;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;

/** {@link InteropTest} injects a started broker of the run's kind and the run's protocol version. */
@Timeout(60)
class InteropTestIT {

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void eachRunGetsItsBrokerAndVersion(BrokerEndpoint endpoint, MqttVersion version, Broker broker)
            throws IOException {
        assertTrue(endpoint.is(broker.endpointName()), endpoint + " for " + broker);
        assertTrue(broker.supports(version));
        try (RawMqtt peer = RawMqtt.connect(endpoint)) {
            peer.write(RawMqtt.connect(version.protocolLevel(), "tern-interop-" + UUID.randomUUID()));
            RawMqtt.Packet connAck = peer.read();
            assertEquals(0x20, connAck.header());
            assertEquals(0x00, connAck.u8(1), "accepted with " + version);
        }
    }

    @InteropTest(brokers = Broker.MOSQUITTO, versions = MqttVersion.MQTT_5_0)
    void limitsReachTheBroker(@Limits(receiveMaximum = 7) BrokerEndpoint endpoint, MqttVersion version)
            throws IOException {
        try (RawMqtt peer = RawMqtt.connect(endpoint)) {
            peer.write(RawMqtt.connect(version.protocolLevel(), "tern-interop-" + UUID.randomUUID()));
            assertEquals(7L, RawMqtt.connAckProperties(peer.read()).get(0x21), "Receive Maximum");
        }
    }

    @InteropTest(brokers = Broker.HIVEMQ)
    void hiveMqDisconnectsAWildcardSubscriberWhenAsked(
            @Limits(wildcardSubscriptionAvailable = 0) BrokerEndpoint endpoint, MqttVersion version)
            throws IOException {
        try (RawMqtt peer = RawMqtt.connect(endpoint)) {
            peer.write(RawMqtt.connect(version.protocolLevel(), "tern-interop-" + UUID.randomUUID()));
            RawMqtt.Packet connAck = peer.read();
            if (version == MqttVersion.MQTT_5_0) {
                assertEquals(0L, RawMqtt.connAckProperties(connAck).get(0x28), "Wildcard Subscription Available");
            }
            peer.write(RawMqtt.subscribeQos1(version.protocolLevel(), "tern/wild/#", 5));
            if (version == MqttVersion.MQTT_5_0) {
                RawMqtt.Packet disconnect = peer.read();
                assertEquals(0xE0, disconnect.header(), "DISCONNECT");
                assertEquals(0xA2, disconnect.u8(0), "Wildcard Subscriptions not supported");
            }
            assertTrue(peer.closedByBroker(), "HiveMQ closes the connection instead of a SUBACK failure code");
        }
    }

    @InteropTest(brokers = Broker.MOSQUITTO)
    void mosquittoRefusesSubscriptionsWhenAsked(MqttVersion version) throws IOException {
        try (Mosquitto refusing = Mosquitto.builder().refuseSubscriptions("tern/refused/#").build()) {
            BrokerEndpoint endpoint = refusing.start();
            try (RawMqtt peer = RawMqtt.connect(endpoint)) {
                peer.write(RawMqtt.connect(version.protocolLevel(), "tern-interop-" + UUID.randomUUID()));
                peer.read();
                peer.write(RawMqtt.subscribeQos1(version.protocolLevel(), "tern/refused/x", 5));
                RawMqtt.Packet refused = peer.read();
                assertEquals(version == MqttVersion.MQTT_5_0 ? 0x87 : 0x80, refused.u8(refused.body().length - 1),
                        "SUBACK reason code");
                peer.write(RawMqtt.subscribeQos1(version.protocolLevel(), "tern/allowed/x", 6));
                RawMqtt.Packet granted = peer.read();
                assertArrayEquals(new byte[] {0x00, 0x06}, new byte[] {granted.body()[0], granted.body()[1]});
                assertEquals(0x01, granted.u8(granted.body().length - 1), "other filters stay allowed");
            }
        }
    }
}
