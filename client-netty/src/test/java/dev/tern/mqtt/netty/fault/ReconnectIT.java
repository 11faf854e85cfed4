package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionLostException.ClosedBy;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.spi.Credentials;
import dev.tern.mqtt.spi.ReconnectPolicy;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic reconnect against the embedded HiveMQ, with a {@link FaultProxy} between client and broker: what is
 * resent, resubscribed, buffered, dropped and reported, how fast a dead link is noticed, and how quickly
 * {@code disconnect()} and {@code close()} stop a reconnect.
 */
@ExtendWith(HiveMqExtension.class)
class ReconnectIT {

    private static final long WAIT = 10;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private FaultProxy proxy(BrokerEndpoint broker) {
        FaultProxy p = FaultProxy.start(broker.host(), broker.port());
        open.add(p);
        return p;
    }

    private AsyncMqttClient client(String uri, Lifecycle events, UnaryOperator<MqttClientOptions.Builder> tweak) {
        MqttClientOptions.Builder b = MqttClientOptions.builder().serverUri(uri)
                .clientId("rc-" + UUID.randomUUID().toString().substring(0, 8)).ackTimeout(Duration.ofSeconds(WAIT))
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(20)));
        if (events != null) {
            b.addLifecycleListener(events);
        }
        AsyncMqttClient c = TernMqtt.asyncClient(tweak.apply(b).build());
        open.add(c);
        return c;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }

    private static Publish take(BlockingQueue<Publish> q) throws InterruptedException {
        Publish p = q.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(p, "no message within " + WAIT + " s");
        return p;
    }

    private static Publish message(String topic, String payload, Qos qos) {
        return Publish.builder().topic(topic).payload(payload).qos(qos).build();
    }

    @Test
    void resubscribesWhenTheServerLostTheSession(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        String topic = "it/resub/" + UUID.randomUUID();
        AsyncMqttClient direct = client(broker.uri(), null, o -> o);
        await(direct.connect());
        await(direct.publish(Publish.builder().topic(topic).payload("retained").qos(Qos.AT_LEAST_ONCE)
                .retain(true).build()));
        Lifecycle events = new Lifecycle();
        AsyncMqttClient sub = client(proxy.uri(), events, o -> o); // session expiry 0: lost with every connection
        BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
        await(sub.connect());
        await(sub.subscribe(topic, Qos.AT_LEAST_ONCE, inbox::add));
        assertEquals("retained", take(inbox).payloadAsString());
        events.nextConnected();

        proxy.cutAll(FaultProxy.Cut.RST);
        assertFalse(events.nextConnected().isSessionPresent(), "the server kept nothing");
        assertEquals("retained", take(inbox).payloadAsString(), "subscribed again: the retained message comes again");
        await(direct.publish(message(topic, "live", Qos.AT_LEAST_ONCE)));
        assertEquals("live", take(inbox).payloadAsString(), "the handler still receives");
        await(direct.publish(Publish.builder().topic(topic).retain(true).qos(Qos.AT_LEAST_ONCE).build()));
    }

    /**
     * The link stalls one way while QoS 1 and 2 messages are in flight, then is cut. Upstream: the broker never saw
     * them. Downstream: it has them but its acknowledgements were lost. Either way the client resends with DUP on
     * the resumed session and the subscriber gets each message once (HiveMQ drops the QoS 2 duplicate).
     */
    @ParameterizedTest
    @EnumSource(value = FaultProxy.Direction.class, names = {"UPSTREAM", "DOWNSTREAM"})
    void inFlightMessagesAreResentOnTheResumedSession(FaultProxy.Direction stalled, BrokerEndpoint broker)
            throws Exception {
        FaultProxy proxy = proxy(broker);
        String topic = "it/resend/" + UUID.randomUUID();
        BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
        AsyncMqttClient sub = client(broker.uri(), null, o -> o);
        await(sub.connect());
        await(sub.subscribe(topic, Qos.EXACTLY_ONCE, inbox::add));
        Lifecycle events = new Lifecycle();
        AsyncMqttClient pub = client(proxy.uri(), events, o -> o.sessionExpiryInterval(60));
        await(pub.connect());
        events.nextConnected();

        proxy.stall(stalled);
        CompletableFuture<PublishResult> q1 = pub.publish(message(topic, "one", Qos.AT_LEAST_ONCE));
        CompletableFuture<PublishResult> q2 = pub.publish(message(topic, "two", Qos.EXACTLY_ONCE));
        if (stalled == FaultProxy.Direction.DOWNSTREAM) {
            assertEquals(Set.of("one", "two"), Set.of(take(inbox).payloadAsString(), take(inbox).payloadAsString()),
                    "the broker has both; only its acknowledgements are stuck");
        }
        assertFalse(q1.isDone() || q2.isDone());
        proxy.cutAll(FaultProxy.Cut.RST);

        ConnectedEvent again = events.nextConnected();
        assertTrue(again.isSessionPresent());
        assertTrue(again.isReconnect());
        await(q1);
        await(q2);
        if (stalled == FaultProxy.Direction.UPSTREAM) {
            assertEquals(Set.of("one", "two"), Set.of(take(inbox).payloadAsString(), take(inbox).payloadAsString()));
        } else {
            Publish dup = inbox.poll(300, TimeUnit.MILLISECONDS);
            // QoS 1 may legitimately arrive twice (at least once); QoS 2 must not
            assertTrue(dup == null || dup.payloadAsString().equals("one"), "no second copy of the QoS 2 message");
        }
    }

    @ParameterizedTest
    @EnumSource(BufferOverflowPolicy.class)
    void offlineBufferKeepsOrderAndAppliesItsOverflowPolicy(BufferOverflowPolicy policy, BrokerEndpoint broker)
            throws Exception {
        FaultProxy proxy = proxy(broker);
        String topic = "it/offline/" + UUID.randomUUID();
        BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
        AsyncMqttClient sub = client(broker.uri(), null, o -> o);
        await(sub.connect());
        await(sub.subscribe(topic, Qos.AT_LEAST_ONCE, inbox::add));
        Lifecycle events = new Lifecycle();
        AsyncMqttClient pub = client(proxy.uri(), events, o -> o.offlineBuffer(3, 1 << 20)
                .offlineBufferOverflow(policy));
        await(pub.connect());
        assertFalse(events.nextConnected().isReconnect());

        proxy.accept(false);
        proxy.cutAll(FaultProxy.Cut.RST);
        assertTrue(events.nextDisconnected().willReconnect());
        assertEquals(ClientState.RECONNECTING, pub.state());
        List<CompletableFuture<PublishResult>> f = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // one QoS: a broker keeps order per QoS level only (the order on the wire across levels is
            // SessionAcrossConnectionsTest#offlineBufferKeepsOrderAcrossQosLevels)
            f.add(pub.publish(message(topic, "m" + i, Qos.AT_LEAST_ONCE)));
        }
        List<String> expected;
        List<Integer> droppedIndexes;
        MqttMessageDroppedException.Reason reason;
        switch (policy) {
            case REJECT -> {
                expected = List.of("m0", "m1", "m2");
                droppedIndexes = List.of(3, 4);
                reason = MqttMessageDroppedException.Reason.BUFFER_FULL_REJECTED;
            }
            case DROP_OLDEST -> {
                expected = List.of("m2", "m3", "m4");
                droppedIndexes = List.of(0, 1);
                reason = MqttMessageDroppedException.Reason.BUFFER_FULL_DROPPED_OLDEST;
            }
            default -> {
                expected = List.of("m0", "m1", "m4");
                droppedIndexes = List.of(2, 3);
                reason = MqttMessageDroppedException.Reason.BUFFER_FULL_DROPPED_NEWEST;
            }
        }
        for (int i : droppedIndexes) {
            MqttMessageDroppedException e = assertInstanceOf(MqttMessageDroppedException.class, failure(f.get(i)));
            assertEquals(reason, e.reason());
        }
        proxy.accept(true);
        assertTrue(events.nextConnected().isReconnect());
        for (int i = 0; i < 5; i++) {
            if (!droppedIndexes.contains(i)) {
                await(f.get(i));
            }
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(take(inbox).payloadAsString());
        }
        assertEquals(expected, got, "the survivors, in the order they were published");
    }

    @Test
    void messagesThatExpireWhileQueuedAreDroppedAndSurvivorsCarryTheRemainingExpiry(BrokerEndpoint broker)
            throws Exception {
        FaultProxy proxy = proxy(broker);
        String topic = "it/expiry/" + UUID.randomUUID();
        BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
        AsyncMqttClient sub = client(broker.uri(), null, o -> o);
        await(sub.connect());
        await(sub.subscribe(topic, Qos.AT_LEAST_ONCE, inbox::add));
        Lifecycle events = new Lifecycle();
        AsyncMqttClient pub = client(proxy.uri(), events, o -> o);
        await(pub.connect());
        proxy.accept(false);
        proxy.cutAll(FaultProxy.Cut.FIN);
        events.nextDisconnected();
        long queuedAt = System.nanoTime();
        CompletableFuture<PublishResult> shortLived = pub.publish(Publish.builder().topic(topic).payload("short")
                .qos(Qos.AT_LEAST_ONCE).messageExpiryInterval(1L).build());
        CompletableFuture<PublishResult> longLived = pub.publish(Publish.builder().topic(topic).payload("long")
                .qos(Qos.AT_LEAST_ONCE).messageExpiryInterval(100L).build());
        FaultProxy.await(() -> System.nanoTime() - queuedAt > TimeUnit.MILLISECONDS.toNanos(1_200),
                Duration.ofSeconds(5), "the short expiry to pass while offline");
        proxy.accept(true);
        assertEquals(MqttMessageDroppedException.Reason.EXPIRED,
                assertInstanceOf(MqttMessageDroppedException.class, failure(shortLived)).reason());
        await(longLived);
        Publish got = take(inbox);
        assertEquals("long", got.payloadAsString());
        long left = got.messageExpiryInterval().orElseThrow();
        assertTrue(left <= 99 && left >= 95, "sent with what was left of 100 s: " + left);
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS), "the expired message never arrives");
    }

    @Test
    void subscribeAndUnsubscribeWhileReconnectingWaitForTheConnection(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        String topic = "it/deferred/" + UUID.randomUUID();
        AsyncMqttClient direct = client(broker.uri(), null, o -> o);
        await(direct.connect());
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o);
        await(c.connect());
        assertFalse(events.nextConnected().isReconnect());
        BlockingQueue<Publish> old = new LinkedBlockingQueue<>();
        await(c.subscribe(topic + "/old", Qos.AT_LEAST_ONCE, old::add));

        proxy.accept(false);
        proxy.cutAll(FaultProxy.Cut.RST);
        assertTrue(events.nextDisconnected().willReconnect());
        assertEquals(ClientState.RECONNECTING, c.state());
        BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<?> subscribed = c.subscribe(topic + "/new", Qos.AT_LEAST_ONCE, inbox::add);
        CompletableFuture<?> unsubscribed = c.unsubscribe(topic + "/old");
        events.nextReconnecting();
        assertFalse(subscribed.isDone() || unsubscribed.isDone(), "they wait for the connection");

        proxy.accept(true);
        assertTrue(events.nextConnected().isReconnect());
        await(subscribed);
        await(unsubscribed);
        await(direct.publish(message(topic + "/new", "after", Qos.AT_LEAST_ONCE)));
        assertEquals("after", take(inbox).payloadAsString());
    }

    @Test
    void aSubscribeThatWaitsLongerThanTheAckTimeoutFails(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o.ackTimeout(Duration.ofMillis(300)));
        await(c.connect());
        proxy.accept(false);
        proxy.cutAll(FaultProxy.Cut.RST);
        events.nextDisconnected();
        long start = System.nanoTime();
        Throwable t = failure(c.subscribe("it/never", Qos.AT_LEAST_ONCE, m -> { }));
        assertInstanceOf(dev.tern.mqtt.exceptions.MqttTimeoutException.class, t);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000, t.getMessage());
        assertEquals(ClientState.RECONNECTING, c.state());
    }

    @Test
    void reconnectBacksOffAsThePolicySaysAndReportsEveryStep(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        Lifecycle events = new Lifecycle();
        AtomicInteger asked = new AtomicInteger();
        long seed = 4242;
        AsyncMqttClient c = client(proxy.uri(), events, o -> o
                .reconnectPolicy(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(40), Duration.ofMillis(160),
                        seed))
                .credentials(() -> Credentials.of("device", "token-" + asked.incrementAndGet())));
        await(c.connect());
        assertEquals(1, asked.get());
        ConnectedEvent first = events.nextConnected();
        assertFalse(first.isReconnect());

        proxy.accept(false);
        proxy.cutAll(FaultProxy.Cut.RST);
        DisconnectedEvent lost = events.nextDisconnected();
        assertTrue(lost.willReconnect());
        assertEquals(ClosedBy.NETWORK, lost.closedBy());
        ReconnectPolicy same = ReconnectPolicy.exponentialBackoff(Duration.ofMillis(40), Duration.ofMillis(160), seed);
        for (int attempt = 1; attempt <= 4; attempt++) {
            ReconnectingEvent r = events.nextReconnecting();
            assertEquals(attempt, r.attempt());
            assertEquals(same.nextDelay(attempt, r.cause()).orElseThrow(), r.delay(), "the policy's delay");
            assertEquals(proxy.uri(), r.serverUri().toString());
        }
        proxy.accept(true);
        ConnectedEvent back = events.nextConnected();
        assertTrue(back.isReconnect());
        assertTrue(asked.get() >= 5, "credentials asked for on every attempt: " + asked.get());
        assertTrue(events.threads.stream().noneMatch(t -> t.startsWith("tern-io")),
                "events never on the event loop: " + events.threads);
        List<String> kinds = events.all.stream().map(e -> e.getClass().getSimpleName()).limit(6).toList();
        assertEquals(List.of("ConnectedEvent", "DisconnectedEvent", "ReconnectingEvent", "ReconnectingEvent",
                "ReconnectingEvent", "ReconnectingEvent"), kinds, "in the order they happened");
    }

    @Test
    void disconnectCancelsAPendingReconnectAtOnce(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofSeconds(30))));
        await(c.connect());
        proxy.cutAll(FaultProxy.Cut.RST);
        assertEquals(Duration.ofSeconds(30), events.nextReconnecting().delay());
        CompletableFuture<PublishResult> buffered = c.publish(message("it/never", "x", Qos.AT_LEAST_ONCE));
        int acceptedBefore = proxy.accepted();

        long start = System.nanoTime();
        c.disconnect().get(1, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1_000, "disconnect() returned in " + millis + " ms");
        assertEquals(ClientState.DISCONNECTED, c.state());
        assertEquals(MqttMessageDroppedException.Reason.DISCONNECTED,
                assertInstanceOf(MqttMessageDroppedException.class, failure(buffered)).reason());
        events.nextDisconnected(); // the loss
        DisconnectedEvent end = events.nextDisconnected();
        assertFalse(end.willReconnect());
        assertEquals(ClosedBy.CLIENT, end.closedBy());
        assertEquals(acceptedBefore, proxy.accepted(), "no attempt was made");
        await(c.connect()); // and the client can connect again
    }

    @Test
    void disconnectStopsAnAttemptThatIsUnderWay(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o.connAckTimeout(Duration.ofSeconds(30)));
        await(c.connect());
        proxy.stall(FaultProxy.Direction.BOTH); // the CONNECT of the next attempt: new links are not stalled ...
        proxy.delay(Duration.ofSeconds(20)); // ... but every byte now takes 20 s: the attempt hangs before CONNACK
        proxy.cutAll(FaultProxy.Cut.RST);
        events.nextReconnecting();
        FaultProxy.await(() -> proxy.openLinks() > 0, Duration.ofSeconds(5), "the attempt's TCP connection");
        long start = System.nanoTime();
        c.disconnect().get(1, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void closeDuringBackoffReturnsPromptlyAndLeavesNoThread(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofSeconds(30))));
        await(c.connect());
        proxy.cutAll(FaultProxy.Cut.FIN);
        events.nextReconnecting();
        assertFalse(newTernThreads(before).isEmpty(), "the client did start threads");
        long start = System.nanoTime();
        c.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1_500, "close() returned in " + millis + " ms");
        assertEquals(ClientState.CLOSED, c.state());
        FaultProxy.await(() -> newTernThreads(before).isEmpty(), Duration.ofSeconds(10),
                "no thread of the client left: " + newTernThreads(before));
    }

    private static List<String> newTernThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("tern-"))
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void halfOpenLinkIsDetectedWithinOneAndAHalfKeepAlivesAndReplaced(MqttVersion version, BrokerEndpoint broker)
            throws Exception {
        FaultProxy proxy = proxy(broker);
        String topic = "it/halfopen/" + UUID.randomUUID();
        BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
        AsyncMqttClient sub = client(broker.uri(), null, o -> o);
        await(sub.connect());
        await(sub.subscribe(topic, Qos.AT_LEAST_ONCE, inbox::add));
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o.version(version).keepAliveSeconds(1));
        await(c.connect());
        events.nextConnected();
        await(c.publish(message(topic, "before", Qos.AT_LEAST_ONCE)));
        assertEquals("before", take(inbox).payloadAsString());

        long start = System.nanoTime();
        proxy.stall(FaultProxy.Direction.BOTH);
        CompletableFuture<PublishResult> during = c.publish(message(topic, "during", Qos.AT_LEAST_ONCE));
        DisconnectedEvent dead = events.nextDisconnected();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ClosedBy.CLIENT, dead.closedBy());
        assertEquals(DisconnectReasonCode.KEEP_ALIVE_TIMEOUT,
                ((dev.tern.mqtt.exceptions.MqttConnectionLostException) dead.cause()).reasonCode().orElseThrow());
        // 1.5 x keep alive after the last sign of life, which came at most just before the stall; slack for CI
        assertTrue(millis < 2_500, "detected in " + millis + " ms");
        assertTrue(events.nextConnected().isReconnect());
        await(during);
        assertEquals("during", take(inbox).payloadAsString(), "the message sent into the dead link arrives");
    }

    @Test
    void triesTheServersInTurn(BrokerEndpoint broker) throws Exception {
        FaultProxy dead = proxy(broker);
        dead.accept(false);
        FaultProxy live = proxy(broker);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(dead.uri(), events, o -> o.addServerUri(live.uri()));
        await(c.connect());
        assertEquals(live.uri(), events.nextConnected().serverUri().toString());
        assertEquals(1, dead.refused());
        live.cutAll(FaultProxy.Cut.RST);
        assertEquals(live.uri(), events.nextConnected().serverUri().toString(),
                "a reconnect starts with the server that last accepted");
        assertEquals(1, dead.refused());
    }

    @Test
    void retriedFirstConnectSucceedsOnceTheBrokerIsReachable(BrokerEndpoint broker) throws Exception {
        FaultProxy proxy = proxy(broker);
        proxy.accept(false);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(proxy.uri(), events, o -> o.retryFirstConnect(true));
        CompletableFuture<?> connecting = c.connect();
        CompletableFuture<PublishResult> early = c.publish(message("it/early/" + UUID.randomUUID(), "x",
                Qos.AT_LEAST_ONCE));
        events.nextReconnecting();
        events.nextReconnecting();
        assertEquals(ClientState.CONNECTING, c.state());
        assertFalse(connecting.isDone());
        proxy.accept(true);
        await(connecting);
        await(early); // published while connecting: buffered, then sent
        assertFalse(events.nextConnected().isReconnect());
    }
}
