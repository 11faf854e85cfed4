package dev.tern.mqtt.reactive;

import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.reactive.internal.DefaultReactiveMqttClient;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.BrokersTest;
import org.junit.jupiter.api.AfterEach;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static dev.tern.mqtt.reactive.Clients.WAIT;
import static dev.tern.mqtt.reactive.Clients.awaitSubscribed;
import static dev.tern.mqtt.reactive.Clients.qos1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message streams across a cut connection: the subscriber's connection goes through a {@link CutProxy} that resets
 * it (and refuses new ones while the test wants the client to stay in RECONNECTING); the publisher connects directly.
 * The async client reconnects by itself; the stream must not notice, except for what MQTT itself loses or repeats.
 */
class ReconnectIT {

    private static final int STREAM_LENGTH = 300;

    private final Clients clients = new Clients();
    private final List<CutProxy> proxies = new ArrayList<>();

    @AfterEach
    void close() {
        clients.close();
        proxies.forEach(CutProxy::close);
    }

    @BrokersTest
    void aStreamKeepsDeliveringAfterTheConnectionIsCut(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b); // the session ends with the link
        ReactiveMqttClient publisher = clients.connected(broker);
        TestSubscriber<ConnectionEvent> events = TestSubscriber.create();
        Set<String> eventThreads = ConcurrentHashMap.newKeySet();
        subscriber.lifecycle().doOnNext(e -> eventThreads.add(Thread.currentThread().getName())).subscribe(events);
        String topic = Clients.uniqueTopic("cut");
        StepVerifier.create(subscriber.subscribe(topic, Qos.AT_LEAST_ONCE))
                .then(() -> awaitSubscribed(publisher, topic))
                .assertNext(p -> assertEquals("probe", p.payloadAsString()))
                .then(() -> {
                    proxy.cutAll();
                    awaitReconnected(events, 1);
                    awaitSubscribed(publisher, topic); // the async client subscribed again: the session was lost
                })
                .assertNext(p -> assertEquals("probe", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);

        List<ConnectionEvent> seen = events.getReceivedOnNext();
        ConnectionEvent.Disconnected lost = assertInstanceOf(ConnectionEvent.Disconnected.class, seen.get(0));
        assertTrue(lost.event().willReconnect(), lost.toString());
        assertInstanceOf(ConnectionEvent.Reconnecting.class, seen.get(1));
        ConnectionEvent.Connected back = assertInstanceOf(ConnectionEvent.Connected.class, seen.get(seen.size() - 1));
        assertTrue(back.event().isReconnect() && !back.event().isSessionPresent(), back.toString());
        assertTrue(eventThreads.stream().noneMatch(t -> t.startsWith("tern-io")), eventThreads.toString());
        events.cancel();
    }

    @BrokersTest
    void aPersistentSessionDeliversWhatWasPublishedWhileTheConnectionWasDown(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b.sessionExpiryInterval(60));
        ReactiveMqttClient publisher = clients.connected(broker);
        TestSubscriber<ConnectionEvent> events = TestSubscriber.create();
        subscriber.lifecycle().subscribe(events);
        String topic = Clients.uniqueTopic("while-down");
        StepVerifier.create(subscriber.subscribe(topic, Qos.AT_LEAST_ONCE))
                .then(() -> awaitSubscribed(publisher, topic))
                .assertNext(p -> assertEquals("probe", p.payloadAsString()))
                .then(() -> {
                    proxy.refuse(true);
                    proxy.cutAll();
                    Clients.await(() -> subscriber.async().state() == ClientState.RECONNECTING);
                    assertEquals(PubAckReasonCode.SUCCESS, publisher.publish(qos1(topic, "while down")).block(WAIT)
                            .reasonCode().orElseThrow(), "the broker keeps the session and its subscription");
                    proxy.refuse(false);
                })
                // the probe's PUBACK may have been cut off: then the resumed session sends it again (at least once)
                .thenConsumeWhile(p -> p.payloadAsString().equals("probe"))
                .assertNext(p -> assertEquals("while down", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
        awaitReconnected(events, 1); // events and messages travel apart: the message may come first
        ConnectionEvent.Connected back = lastConnected(events);
        assertTrue(back.event().isReconnect() && back.event().isSessionPresent(), back.toString());
        events.cancel();
    }

    @BrokersTest
    void aStreamSubscribedWhileReconnectingSubscribesOnceConnected(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b);
        ReactiveMqttClient publisher = clients.connected(broker);
        String topic = Clients.uniqueTopic("subscribed-while-down");
        proxy.refuse(true);
        proxy.cutAll();
        Clients.await(() -> subscriber.async().state() == ClientState.RECONNECTING);
        StepVerifier.create(subscriber.subscribe(topic, Qos.AT_LEAST_ONCE))
                .then(() -> {
                    assertEquals(PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, publisher.publish(qos1(topic, "early"))
                            .block(WAIT).reasonCode().orElseThrow());
                    proxy.refuse(false);
                    awaitSubscribed(publisher, topic);
                })
                .assertNext(p -> assertEquals("probe", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
    }

    @BrokersTest
    void aStreamCancelledWhileReconnectingIsUnsubscribedOnceConnected(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b.sessionExpiryInterval(60));
        ReactiveMqttClient publisher = clients.connected(broker);
        TestSubscriber<ConnectionEvent> events = TestSubscriber.create();
        subscriber.lifecycle().subscribe(events);
        String topic = Clients.uniqueTopic("cancelled-while-down");
        TestSubscriber<Publish> stream = TestSubscriber.create();
        subscriber.subscribe(topic, Qos.AT_LEAST_ONCE).subscribe(stream);
        awaitSubscribed(publisher, topic);
        proxy.refuse(true);
        proxy.cutAll();
        Clients.await(() -> subscriber.async().state() == ClientState.RECONNECTING);
        stream.cancel(); // UNSUBSCRIBE is refused now; the broker keeps the subscription with the session
        proxy.refuse(false);
        awaitReconnected(events, 1);
        assertTrue(lastConnected(events).event().isSessionPresent());
        Clients.awaitReasonCode(publisher, topic, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        events.cancel();
    }

    /**
     * Cancel, then subscribe again to the same filter, while the client reconnects: both wait in the async client and
     * go out in that order on the new connection, and the UNSUBACK does not remove the handler of the later
     * SUBSCRIBE; so the new stream receives. The session is kept, so the UNSUBSCRIBE really removes a subscription.
     */
    @BrokersTest
    void aStreamCancelledAndSubscribedAgainWhileReconnectingReceivesOnceConnected(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b.sessionExpiryInterval(60));
        ReactiveMqttClient publisher = clients.connected(broker);
        String topic = Clients.uniqueTopic("cancelled-and-again-while-down");
        Flux<Publish> stream = subscriber.subscribe(topic, Qos.AT_LEAST_ONCE);
        TestSubscriber<Publish> first = TestSubscriber.create();
        stream.subscribe(first);
        awaitSubscribed(publisher, topic);
        proxy.refuse(true);
        proxy.cutAll();
        Clients.await(() -> subscriber.async().state() == ClientState.RECONNECTING);
        first.cancel();
        StepVerifier.create(stream)
                .then(() -> {
                    assertEquals(ClientState.RECONNECTING, subscriber.async().state());
                    // made last, acknowledged last: once it is, the broker has done the UNSUBSCRIBE and SUBSCRIBE
                    CompletableFuture<UnsubAck> barrier = subscriber.unsubscribe(List.of(topic + "/barrier"))
                            .toFuture();
                    proxy.refuse(false);
                    barrier.join();
                    assertEquals(PubAckReasonCode.SUCCESS, publisher.publish(qos1(topic, "after")).block(WAIT)
                            .reasonCode().orElseThrow(), "the later SUBSCRIBE is the one that stays");
                })
                // the first stream's probe may come again on the resumed session
                .thenConsumeWhile(p -> p.payloadAsString().equals("probe"))
                .assertNext(p -> assertEquals("after", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
    }

    /**
     * A stream subscribed while the client reconnects waits in the async client at most the ack timeout, counted
     * from the SUBSCRIBE: then it fails with the async client's {@code MqttTimeoutException}, and the client goes on
     * reconnecting.
     */
    @BrokersTest(Broker.HIVEMQ)
    void aStreamSubscribedWhileReconnectingFailsAfterTheAckTimeout(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b.ackTimeout(Duration.ofMillis(300)));
        proxy.refuse(true);
        proxy.cutAll();
        Clients.await(() -> subscriber.async().state() == ClientState.RECONNECTING);
        StepVerifier.create(subscriber.subscribe(Clients.uniqueTopic("never"), Qos.AT_LEAST_ONCE))
                .expectError(MqttTimeoutException.class)
                .verify(WAIT);
        assertEquals(ClientState.RECONNECTING, subscriber.async().state());
    }

    /** A stream subscribed while the client reconnects fails with the cause when {@code disconnect()} ends that. */
    @BrokersTest(Broker.HIVEMQ)
    void aStreamSubscribedWhileReconnectingFailsWhenTheClientDisconnects(BrokerEndpoint broker) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy, b -> b);
        proxy.refuse(true);
        proxy.cutAll();
        Clients.await(() -> subscriber.async().state() == ClientState.RECONNECTING);
        StepVerifier.create(subscriber.subscribe(Clients.uniqueTopic("given-up"), Qos.AT_LEAST_ONCE))
                .then(() -> subscriber.disconnect().block(WAIT))
                .expectError(MqttConnectionLostException.class) // the end of connecting, not the ack timeout
                .verify(Duration.ofSeconds(5));
    }

    /**
     * A QoS 1 message the stream holds (not requested) when the link is cut: its acknowledgement belonged to the old
     * connection, so the broker sends it again on the resumed session and the stream emits it twice. The second copy
     * is acknowledged on the new connection: with a Receive Maximum of 1 nothing else could arrive otherwise.
     */
    @BrokersTest
    void aHeldQos1MessageComesAgainAfterAReconnectAndIsAcknowledgedThen(BrokerEndpoint broker) {
        List<String> received = heldAcrossAReconnect(broker, Qos.AT_LEAST_ONCE, 2);
        assertEquals(List.of("probe", "held", "held", "next"), received);
    }

    /**
     * The same at QoS 2: the broker sends the message again, the async client recognises its packet identifier and
     * does not deliver it twice, and the stream's acknowledgement (PUBREC) goes out on the new connection.
     */
    @BrokersTest
    void aHeldQos2MessageIsEmittedOnceAndItsExchangeEndsOnTheNewConnection(BrokerEndpoint broker) {
        List<String> received = heldAcrossAReconnect(broker, Qos.EXACTLY_ONCE, 1);
        assertEquals(List.of("probe", "held", "next"), received);
    }

    /**
     * {@code publish(Publisher)} through three cuts of the publisher's connection, QoS 1, a session that ends with the
     * connection: the async client republishes what was in flight and sends what waited in its offline buffer, so the
     * stream never fails, every outcome is a success, in order, and the subscriber gets every message at least once.
     */
    @BrokersTest(Broker.HIVEMQ)
    void aPublishStreamGoesOnThroughCutsAtLeastOnce(BrokerEndpoint broker) {
        List<String> received = publishThroughCuts(broker, Qos.AT_LEAST_ONCE, b -> b);
        assertEquals(expectedPayloads(), received.stream().distinct().sorted(ReconnectIT::byNumber).toList());
    }

    /** The same at QoS 2 with a session the broker keeps: exactly once, in order. */
    @BrokersTest(Broker.HIVEMQ)
    void aPublishStreamGoesOnThroughCutsExactlyOnceWithAKeptSession(BrokerEndpoint broker) {
        List<String> received = publishThroughCuts(broker, Qos.EXACTLY_ONCE, b -> b.sessionExpiryInterval(60));
        assertEquals(expectedPayloads(), received);
    }

    private List<String> publishThroughCuts(BrokerEndpoint broker, Qos qos,
            UnaryOperator<MqttClientOptions.Builder> session) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient publisher = clients.connectedThrough(proxy, session);
        ReactiveMqttClient subscriber = clients.connected(broker);
        TestSubscriber<ConnectionEvent> events = TestSubscriber.create();
        publisher.lifecycle().subscribe(events);
        String topic = Clients.uniqueTopic("publish-stream");
        List<String> received = new CopyOnWriteArrayList<>();
        Disposable subscription = subscriber.subscribe(List.of(Subscription.of(topic, qos)))
                .map(Publish::payloadAsString)
                .filter(payload -> !payload.equals("probe"))
                .subscribe(received::add);
        awaitSubscribed(subscriber, topic);
        AtomicInteger outcomes = new AtomicInteger();
        Flux<Publish> messages = Flux.range(0, STREAM_LENGTH)
                .map(i -> Publish.builder().topic(topic).payload(Integer.toString(i)).qos(qos).build());
        List<PublishOutcome> results = publisher.publish(messages, 20)
                .doOnNext(o -> {
                    int n = outcomes.incrementAndGet();
                    if (n == 50 || n == 150 || n == 250) {
                        proxy.cutAll(); // with up to 20 messages in flight and more on their way
                    }
                })
                .collectList()
                .block(Duration.ofSeconds(60));

        assertEquals(STREAM_LENGTH, results.size());
        for (int i = 0; i < STREAM_LENGTH; i++) {
            PublishOutcome o = results.get(i);
            assertTrue(o.isSuccess(), o.toString());
            assertEquals(Integer.toString(i), o.publish().payloadAsString(), "outcomes in order");
        }
        awaitReconnected(events, 3);
        Clients.await(() -> received.stream().distinct().count() == STREAM_LENGTH);
        subscription.dispose();
        events.cancel();
        return List.copyOf(received);
    }

    private static List<String> expectedPayloads() {
        return IntStream.range(0, STREAM_LENGTH).mapToObj(Integer::toString).toList();
    }

    private static int byNumber(String a, String b) {
        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }

    private List<String> heldAcrossAReconnect(BrokerEndpoint broker, Qos qos, int copies) {
        CutProxy proxy = proxy(broker);
        ReactiveMqttClient subscriber = clients.connectedThrough(proxy,
                b -> b.sessionExpiryInterval(60).receiveMaximum(1));
        ReactiveMqttClient publisher = clients.connected(broker);
        TestSubscriber<ConnectionEvent> events = TestSubscriber.create();
        subscriber.lifecycle().subscribe(events);
        String topic = Clients.uniqueTopic("held");
        TestSubscriber<Publish> stream = TestSubscriber.builder().initialRequest(1).build();
        subscriber.subscribe(List.of(Subscription.of(topic, qos))).subscribe(stream);
        awaitSubscribed(publisher, topic);
        Clients.await(() -> stream.getReceivedOnNext().size() == 1); // "probe": requested, emitted, acknowledged
        publisher.publish(Publish.builder().topic(topic).payload("held").qos(qos).build()).block(WAIT);
        Clients.await(() -> buffered(subscriber) == 1);

        proxy.cutAll();
        awaitReconnected(events, 1);
        assertTrue(lastConnected(events).event().isSessionPresent());
        Clients.await(() -> buffered(subscriber) == copies);
        stream.request(Long.MAX_VALUE);
        publisher.publish(Publish.builder().topic(topic).payload("next").qos(qos).build()).block(WAIT);
        Clients.await(() -> stream.getReceivedOnNext().stream().anyMatch(p -> p.payloadAsString().equals("next")));
        assertFalse(stream.isTerminated());
        stream.cancel();
        events.cancel();
        return stream.getReceivedOnNext().stream().map(Publish::payloadAsString).toList();
    }

    private CutProxy proxy(BrokerEndpoint broker) {
        CutProxy proxy = CutProxy.start(broker.host(), broker.port());
        proxies.add(proxy);
        return proxy;
    }

    static void awaitReconnected(TestSubscriber<ConnectionEvent> events, int times) {
        Clients.await(() -> events.getReceivedOnNext().stream()
                .filter(e -> e instanceof ConnectionEvent.Connected c && c.event().isReconnect()).count() >= times);
    }

    static ConnectionEvent.Connected lastConnected(TestSubscriber<ConnectionEvent> events) {
        List<ConnectionEvent> seen = events.getReceivedOnNext();
        for (int i = seen.size() - 1; i >= 0; i--) {
            if (seen.get(i) instanceof ConnectionEvent.Connected c) {
                return c;
            }
        }
        throw new AssertionError("no connected event in " + seen);
    }

    private static int buffered(ReactiveMqttClient client) {
        return ((DefaultReactiveMqttClient) client).streams().stream()
                .mapToInt(s -> s.buffered()).sum();
    }
}
