package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.netty.Clients.Inbox;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The async client against the embedded HiveMQ broker, in both protocol versions. */
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
    void publishesAndReceivesAtEveryQos(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient sub = clients.connected(broker, version);
        AsyncMqttClient pub = clients.connected(broker, version);
        String topic = Clients.uniqueTopic("qos");
        Inbox inbox = new Inbox();
        SubAck subAck = await(sub.subscribe(Subscription.of(topic, Qos.EXACTLY_ONCE), inbox));
        assertEquals(List.of(SubAckReasonCode.GRANTED_QOS_2), subAck.reasonCodes());
        for (Qos qos : Qos.values()) {
            PublishResult r = await(pub.publish(Publish.builder().topic(topic).payload("m" + qos.code()).qos(qos)
                    .build()));
            if (qos == Qos.AT_MOST_ONCE) {
                assertTrue(r.reasonCode().isEmpty());
            } else {
                assertEquals(0x00, r.reasonCode().orElseThrow().code());
            }
            Publish received = inbox.take();
            assertEquals("m" + qos.code(), received.payloadAsString());
            assertEquals(qos, received.qos());
            assertEquals(topic, received.topic());
        }
        assertNull(inbox.poll(200), "each message exactly once");
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
    void retainedMessageReachesALaterSubscriber(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient pub = clients.connected(broker, version);
        String topic = Clients.uniqueTopic("retained");
        await(pub.publish(Publish.builder().topic(topic).payload("kept").qos(Qos.AT_LEAST_ONCE).retain(true)
                .build()));
        AsyncMqttClient sub = clients.connected(broker, version);
        Inbox inbox = new Inbox();
        await(sub.subscribe(topic, Qos.AT_LEAST_ONCE, inbox));
        Publish p = inbox.take();
        assertEquals("kept", p.payloadAsString());
        assertTrue(p.isRetain());
        await(pub.publish(Publish.builder().topic(topic).retain(true).qos(Qos.AT_LEAST_ONCE).build())); // clear
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

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void unsubscribeStopsDelivery(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, version);
        String topic = Clients.uniqueTopic("unsub");
        Inbox inbox = new Inbox();
        await(c.subscribe(topic, Qos.AT_LEAST_ONCE, inbox));
        await(c.publish(Publish.builder().topic(topic).payload("before").qos(Qos.AT_LEAST_ONCE).build()));
        assertEquals("before", inbox.take().payloadAsString());
        await(c.unsubscribe(topic));
        PublishResult r = await(c.publish(Publish.builder().topic(topic).payload("after").qos(Qos.AT_LEAST_ONCE)
                .build()));
        if (version == MqttVersion.MQTT_5_0) {
            assertEquals(PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, r.reasonCode().orElseThrow());
        }
        assertNull(inbox.poll(300));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void emptyClientIdIsAssignedByTheServer(MqttVersion version, BrokerEndpoint broker) {
        AsyncMqttClient c = clients.async(Clients.options(broker, version).clientId("").build());
        ConnAck ack = await(c.connect());
        if (version == MqttVersion.MQTT_5_0) {
            String assigned = ack.assignedClientId().orElseThrow();
            assertFalse(assigned.isEmpty());
            assertEquals(assigned, c.clientId(), "the client uses the assigned id");
        } else {
            assertEquals(ConnAckReasonCode.SUCCESS, ack.reasonCode());
        }
        await(c.publish(Publish.builder().topic(Clients.uniqueTopic("anon")).qos(Qos.AT_LEAST_ONCE).build()));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void catchAllHandlerAndStreamGetMessagesWithoutAHandler(MqttVersion version, BrokerEndpoint broker)
            throws Exception {
        AsyncMqttClient c = clients.connected(broker, version);
        String topic = Clients.uniqueTopic("catchall");
        Inbox catchAll = new Inbox();
        c.setMessageHandler(catchAll);
        LinkedBlockingQueue<Publish> streamed = new LinkedBlockingQueue<>();
        c.messages().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Publish item) {
                streamed.add(item);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        await(c.subscribe(List.of(Subscription.of(topic, Qos.AT_LEAST_ONCE))));
        await(c.publish(Publish.builder().topic(topic).payload("x").qos(Qos.AT_LEAST_ONCE).build()));
        assertEquals("x", catchAll.take().payloadAsString());
        assertEquals("x", Clients.take(streamed).payloadAsString());
    }
}
