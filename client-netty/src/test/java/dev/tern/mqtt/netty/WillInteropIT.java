package dev.tern.mqtt.netty;

import static dev.tern.mqtt.netty.InteropClients.await;
import static dev.tern.mqtt.netty.InteropClients.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.message.Will;
import dev.tern.mqtt.netty.InteropClients.Inbox;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.InteropTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * The will: published when the connection breaks (a reset through {@link TcpProxy}) and on a disconnect with will
 * (MQTT 5.0 DISCONNECT 0x04, MQTT 3.1.1 closing without DISCONNECT), never on a normal disconnect; its QoS, retain
 * flag, MQTT 5.0 properties and delay.
 */
@Timeout(60)
class WillInteropIT {

    private final InteropClients clients = new InteropClients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private Inbox watch(BrokerEndpoint broker, MqttVersion version, String topic) {
        Inbox inbox = new Inbox();
        await(clients.connected(broker, version).subscribe(topic, Qos.EXACTLY_ONCE, inbox));
        return inbox;
    }

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void willIsPublishedWhenTheConnectionBreaks(BrokerEndpoint broker, MqttVersion version) {
        String willTopic = InteropClients.topic("will-abrupt");
        Inbox inbox = watch(broker, version, willTopic);
        try (TcpProxy proxy = TcpProxy.to(broker)) {
            // without reconnect, so that the client's own state shows it noticed the break
            AsyncMqttClient dying = clients.async(InteropClients.options(broker, version).serverUri(proxy.uri())
                    .automaticReconnect(false).will(Will.of(message(willTopic, "lost", Qos.AT_LEAST_ONCE))).build());
            await(dying.connect());
            proxy.cut();
            Publish will = inbox.take();
            assertEquals("lost", will.payloadAsString());
            assertEquals(Qos.AT_LEAST_ONCE, will.qos());
            InteropClients.awaitCondition("the client notices the broken connection",
                    () -> dying.state() == ClientState.DISCONNECTED);
        }
    }

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void willIsPublishedOnDisconnectWithWillButNotOnANormalDisconnect(BrokerEndpoint broker, MqttVersion version) {
        String willTopic = InteropClients.topic("will-disconnect");
        Inbox inbox = watch(broker, version, willTopic);
        Will will = Will.of(message(willTopic, "gone", Qos.EXACTLY_ONCE));

        AsyncMqttClient polite = clients.async(InteropClients.options(broker, version).will(will).build());
        await(polite.connect());
        await(polite.disconnect());
        assertNull(inbox.quiet(), "no will after a normal DISCONNECT");

        AsyncMqttClient withWill = clients.async(InteropClients.options(broker, version).will(will).build());
        await(withWill.connect());
        await(withWill.disconnectWithWill());
        assertEquals(ClientState.DISCONNECTED, withWill.state());
        Publish got = inbox.take();
        assertEquals("gone", got.payloadAsString());
        assertEquals(Qos.EXACTLY_ONCE, got.qos());
        assertNull(inbox.quiet(), "the will once");
    }

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO})
    void disconnectWithWillFromTheBlockingClient(BrokerEndpoint broker, MqttVersion version) {
        String willTopic = InteropClients.topic("will-blocking");
        Inbox inbox = watch(broker, version, willTopic);
        MqttClient c = clients.blocking(InteropClients.options(broker, version)
                .will(Will.of(message(willTopic, "bye", Qos.AT_MOST_ONCE))).build());
        c.connect();
        c.disconnectWithWill();
        assertEquals(ClientState.DISCONNECTED, c.state());
        assertEquals("bye", inbox.take().payloadAsString());
    }

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void aRetainedWillReachesLaterSubscribers(BrokerEndpoint broker, MqttVersion version) {
        String willTopic = InteropClients.topic("will-retained");
        try (TcpProxy proxy = TcpProxy.to(broker)) {
            // without reconnect, so that the client's own state shows it noticed the break
            AsyncMqttClient dying = clients.async(InteropClients.options(broker, version).serverUri(proxy.uri())
                    .automaticReconnect(false).will(Will.of(Publish.builder().topic(willTopic).payload("offline").qos(Qos.AT_LEAST_ONCE)
                            .retain(true).build())).build());
            await(dying.connect());
            Inbox live = watch(broker, version, willTopic);
            proxy.cut();
            assertEquals("offline", live.take().payloadAsString());
        }
        Inbox late = watch(broker, version, willTopic);
        Publish retained = late.take();
        assertEquals("offline", retained.payloadAsString());
        assertTrue(retained.isRetain());
        await(clients.connected(broker, version).publish(Publish.builder().topic(willTopic).retain(true)
                .qos(Qos.AT_LEAST_ONCE).build())); // clear
    }

    @InteropTest(versions = MqttVersion.MQTT_5_0)
    void willPropertiesArrive(BrokerEndpoint broker, MqttVersion version) {
        String willTopic = InteropClients.topic("will-properties");
        Inbox inbox = watch(broker, version, willTopic);
        Publish message = Publish.builder().topic(willTopic).payload("{\"state\":\"offline\"}").qos(Qos.AT_LEAST_ONCE)
                .contentType("application/json").responseTopic(willTopic + "/ack").correlationData(new byte[] {7})
                .userProperty("device", "d-1").messageExpiryInterval(300L).build();
        AsyncMqttClient c = clients.async(InteropClients.options(broker, version).will(Will.of(message)).build());
        await(c.connect());
        await(c.disconnectWithWill());
        Publish will = inbox.take();
        assertEquals("application/json", will.contentType().orElseThrow());
        assertEquals(willTopic + "/ack", will.responseTopic().orElseThrow());
        assertEquals(List.of(UserProperty.of("device", "d-1")), will.userProperties());
        assertTrue(will.messageExpiryInterval().orElseThrow() <= 300);
    }

    /**
     * The session outlives the connection (expiry 30 s), so the will waits for its own 2 s delay. With a shorter
     * session expiry the will would be due when the session ends, which Mosquitto does not honour (BROKERS.md).
     */
    @InteropTest(versions = MqttVersion.MQTT_5_0)
    void willDelayHoldsTheWillBack(BrokerEndpoint broker, MqttVersion version) {
        String willTopic = InteropClients.topic("will-delay");
        Inbox inbox = watch(broker, version, willTopic);
        AsyncMqttClient c = clients.async(InteropClients.options(broker, version).sessionExpiryInterval(30)
                .will(Will.builder().message(message(willTopic, "late", Qos.AT_LEAST_ONCE)).delayInterval(2L).build())
                .build());
        await(c.connect());
        long disconnected = System.nanoTime();
        await(c.disconnectWithWill());
        Publish will = inbox.take();
        long waitedMillis = (System.nanoTime() - disconnected) / 1_000_000;
        assertEquals("late", will.payloadAsString());
        assertTrue(waitedMillis >= 1_500, "the will came after its delay, not at once: " + waitedMillis + " ms");
    }
}
