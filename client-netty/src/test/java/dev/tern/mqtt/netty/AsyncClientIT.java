package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.netty.Clients.Inbox;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The async client against the embedded HiveMQ broker, in both protocol versions: connecting again after a
 * disconnect, total order across QoS 1 and 2, and a {@code #} subscription that never sees a {@code $} topic. Publish
 * and subscribe at every QoS, retained messages, unsubscribe, assigned client ids and the catch-all handler are in
 * {@link PubSubInteropIT}, which runs them on HiveMQ, Mosquitto and Aedes.
 */
@ExtendWith(HiveMqExtension.class)
class AsyncClientIT {

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void connectsAndDisconnects(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient c = clients.async(Clients.options(broker, version).build());
        assertEquals(ClientState.DISCONNECTED, c.state());
        ConnAck ack = await(c.connect());
        assertEquals(ConnAckReasonCode.SUCCESS, ack.reasonCode());
        assertFalse(ack.isSessionPresent());
        assertEquals(ClientState.CONNECTED, c.state());
        assertEquals(version, c.version());
        await(c.disconnect());
        assertEquals(ClientState.DISCONNECTED, c.state());
        assertInstanceOf(MqttClientStateException.class,
                failure(c.publish(Publish.builder().topic("t").build())));
        await(c.connect());
        assertEquals(ClientState.CONNECTED, c.state(), "a client can connect again");
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void manyQos1And2MessagesArriveInOrder(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient sub = clients.connected(broker, version);
        AsyncMqttClient pub = clients.connected(broker, version);
        String topic = Clients.uniqueTopic("order");
        Inbox inbox = new Inbox();
        await(sub.subscribe(Subscription.of(topic, Qos.EXACTLY_ONCE), inbox));
        int n = 200;
        List<java.util.concurrent.CompletableFuture<PublishResult>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Qos qos = i % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE;
            futures.add(pub.publish(Publish.builder().topic(topic).payload(Integer.toString(i)).qos(qos).build()));
        }
        futures.forEach(Clients::await);
        for (int i = 0; i < n; i++) {
            assertEquals(Integer.toString(i), inbox.take().payloadAsString());
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void wildcardsMatchAndDollarTopicsDoNot(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient sub = clients.connected(broker, version);
        AsyncMqttClient pub = clients.connected(broker, version);
        String base = Clients.uniqueTopic("wild");
        Inbox plus = new Inbox();
        Inbox hash = new Inbox();
        Inbox all = new Inbox();
        await(sub.subscribe(base + "/+/temp", Qos.AT_LEAST_ONCE, plus));
        await(sub.subscribe(base + "/#", Qos.AT_LEAST_ONCE, hash));
        await(sub.subscribe("#", Qos.AT_MOST_ONCE, all));
        await(pub.publish(Publish.builder().topic(base + "/kitchen/temp").payload("1").qos(Qos.AT_LEAST_ONCE)
                .build()));
        await(pub.publish(Publish.builder().topic(base + "/kitchen/humidity").payload("2").qos(Qos.AT_LEAST_ONCE)
                .build()));
        assertEquals("1", plus.take().payloadAsString());
        Set<String> viaHash = new HashSet<>(List.of(hash.take().payloadAsString(), hash.take().payloadAsString()));
        assertEquals(Set.of("1", "2"), viaHash);
        assertNull(plus.poll(200), "+ matches one level only");
        // "#" sees everything on the shared broker, but never a $-topic
        Set<String> seen = new HashSet<>();
        Publish p;
        while ((p = all.poll(300)) != null) {
            assertFalse(p.topic().startsWith("$"), "wildcard delivered " + p.topic());
            seen.add(p.topic());
        }
        assertTrue(seen.contains(base + "/kitchen/temp"));
    }
}
