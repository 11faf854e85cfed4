package dev.tern.mqtt.netty.fake;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException.ClosedBy;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact failure points, scripted with {@link ScriptedBroker}. */
class FailurePointsIT {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private ScriptedBroker broker(ScriptedBroker.Script script) {
        ScriptedBroker b = ScriptedBroker.start(script);
        open.add(b);
        return b;
    }

    private AsyncMqttClient client(ScriptedBroker broker, MqttVersion version,
            java.util.function.UnaryOperator<MqttClientOptions.Builder> tweak) {
        AsyncMqttClient c = TernMqtt.asyncClient(tweak.apply(MqttClientOptions.builder().serverUri(broker.uri())
                .clientId("fake-" + version).version(version)).build());
        open.add(c);
        return c;
    }

    static ConnAckPacket connAck(Integer serverKeepAlive, Integer topicAliasMaximum) {
        return new ConnAckPacket(false, ConnAckReasonCode.SUCCESS, null, null, null, null, null, null,
                topicAliasMaximum, null, List.of(), null, null, null, serverKeepAlive, null, null, null, null);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static void awaitState(AsyncMqttClient c, ClientState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10); // polling a condition with a deadline
        }
        assertEquals(state, c.state());
    }

    private static Publish qos1() {
        return Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build();
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void connAckNeverComes(MqttVersion version) throws Exception {
        ScriptedBroker b = broker((conn, p) -> { });
        AsyncMqttClient c = client(b, version, o -> o.connAckTimeout(Duration.ofMillis(300)));
        Throwable t = failure(c.connect());
        assertInstanceOf(MqttTimeoutException.class, t);
        assertTrue(t.getMessage().contains("CONNACK"), t.getMessage());
        b.expect(ConnectPacket.class);
        awaitState(c, ClientState.DISCONNECTED);
    }

    @Test
    void aConnAckTimeoutLongerThanTheConnectTimeoutIsWaitedOutInFull() throws Exception {
        // the connect's timer is due first; it must wait on for the CONNACK timeout instead of ending the attempt
        ScriptedBroker b = broker((conn, p) -> { });
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.connectTimeout(Duration.ofMillis(200))
                .connAckTimeout(Duration.ofMillis(1_000)));
        long start = System.nanoTime();
        Throwable t = failure(c.connect());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(MqttTimeoutException.class, t);
        assertTrue(t.getMessage().contains("CONNACK"), t.getMessage());
        assertTrue(millis >= 1_000, "failed after " + millis + " ms, before the CONNACK timeout");
    }

    @Test
    void keepAliveRunsWhenItsFirstCheckIsLeftToTheConnectTimer() throws Exception {
        // the attempt's timer (due 1 s after the connect started) runs keep-alive's first check: 2 s without
        // traffic after CONNACK must still bring a PINGREQ, and not before the keep-alive interval
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> { }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.keepAliveSeconds(2)
                .connectTimeout(Duration.ofSeconds(1)).connAckTimeout(Duration.ofSeconds(1)));
        c.connect().get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        b.expect(PingReqPacket.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 1_500, "PINGREQ after " + millis + " ms, before the keep-alive interval");
        assertEquals(ClientState.CONNECTED, c.state(), "PINGRESP keeps the connection up");
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void pingRespNeverComesSoTheConnectionIsDeclaredDead(MqttVersion version) throws Exception {
        // no PINGRESP, no PUBACK: the server is silent after CONNACK
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(conn.version() == MqttVersion.MQTT_5_0 ? connAck(null, null)
                        : ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
            }
        });
        AsyncMqttClient c = client(b, version, o -> o.keepAliveSeconds(1).automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> pending = c.publish(qos1());
        long start = System.nanoTime();
        b.expect(PingReqPacket.class);
        MqttConnectionLostException lost = assertInstanceOf(MqttConnectionLostException.class, failure(pending));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ClosedBy.CLIENT, lost.closedBy());
        assertEquals(DisconnectReasonCode.KEEP_ALIVE_TIMEOUT, lost.reasonCode().orElseThrow());
        assertInstanceOf(MqttTimeoutException.class, lost.getCause());
        assertTrue(millis < 2_500, "detected within 1.5 x keep alive (+ slack): " + millis + " ms");
        awaitState(c, ClientState.DISCONNECTED);
    }

    @Test
    void serverKeepAliveOverridesOurs() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(1, null), (conn, p) -> { }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.keepAliveSeconds(600));
        c.connect().get(10, TimeUnit.SECONDS);
        b.expect(PingReqPacket.class); // within the 10 s wait only because the server asked for 1 s
        assertEquals(ClientState.CONNECTED, c.state(), "PINGRESP keeps the connection up");
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void malformedPacketFromTheServerClosesWithReason(MqttVersion version) throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof PublishPacket) {
                conn.sendRaw(0x00, 0x00); // packet type 0 is reserved
            }
        }));
        AsyncMqttClient c = client(b, version, o -> o.automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> f = c.publish(Publish.builder().topic("t").qos(Qos.EXACTLY_ONCE).build());
        MqttConnectionLostException lost = assertInstanceOf(MqttConnectionLostException.class, failure(f));
        assertEquals(ClosedBy.CLIENT, lost.closedBy());
        assertInstanceOf(MqttProtocolException.class, lost.getCause());
        assertEquals(DisconnectReasonCode.MALFORMED_PACKET, lost.reasonCode().orElseThrow());
        if (version == MqttVersion.MQTT_5_0) {
            assertEquals(DisconnectReasonCode.MALFORMED_PACKET, b.expect(DisconnectPacket.class).reasonCode());
        }
        awaitState(c, ClientState.DISCONNECTED);
    }

    @Test
    void serverDisconnectWithReasonIsTheCause() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(connAck(null, null));
            } else if (p instanceof PublishPacket) {
                conn.send(new DisconnectPacket(DisconnectReasonCode.SERVER_SHUTTING_DOWN, null, "maintenance",
                        List.of(), null));
                conn.close();
            }
        });
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        MqttConnectionLostException lost = assertInstanceOf(MqttConnectionLostException.class,
                failure(c.publish(qos1())));
        assertEquals(ClosedBy.SERVER, lost.closedBy());
        assertEquals(DisconnectReasonCode.SERVER_SHUTTING_DOWN, lost.reasonCode().orElseThrow());
        assertEquals("maintenance", lost.reasonString().orElseThrow());
        awaitState(c, ClientState.DISCONNECTED);
    }

    @Test
    void unknownTopicAliasIsAProtocolError() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof PublishPacket) {
                conn.send(new PublishPacket(false, Qos.AT_MOST_ONCE, false, "", 0, null, null, null, 3, null, null,
                        List.of(), List.of(), null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.topicAliasMaximum(5).automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        c.publish(qos1());
        assertEquals(DisconnectReasonCode.TOPIC_ALIAS_INVALID, b.expect(DisconnectPacket.class).reasonCode());
        awaitState(c, ClientState.DISCONNECTED);
    }

    /**
     * A broker that accepts and answers the SUBSCRIBE with {@code packets} in one write (so the client reads them in
     * one read); {@code connection} is set to the connection first.
     */
    private ScriptedBroker sendingOnSubscribe(java.util.concurrent.atomic.AtomicReference<ScriptedBroker.Connection>
            connection, int[]... packets) {
        int[] all = new int[java.util.Arrays.stream(packets).mapToInt(a -> a.length).sum()];
        int at = 0;
        for (int[] one : packets) {
            System.arraycopy(one, 0, all, at, one.length);
            at += one.length;
        }
        return broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                connection.set(conn);
                conn.sendRaw(all);
            }
        }));
    }

    @Test
    void aProtocolErrorRepeatedInOneReadIsAnsweredWithOneDisconnect() throws Exception {
        java.util.concurrent.atomic.AtomicReference<ScriptedBroker.Connection> connection =
                new java.util.concurrent.atomic.AtomicReference<>();
        int[] plain = {0x30, 0x04, 0x00, 0x01, 't', 0x00}; // QoS 0 to "t", no properties
        int[] aliased = {0x30, 0x07, 0x00, 0x01, 't', 0x03, 0x23, 0x00, 0x03}; // topic alias 3: we allow none
        ScriptedBroker b = sendingOnSubscribe(connection, plain, plain, aliased, aliased, aliased);
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        java.util.concurrent.BlockingQueue<Publish> got = new java.util.concurrent.LinkedBlockingQueue<>();
        c.subscribe("t", Qos.AT_MOST_ONCE, got::add).get(10, TimeUnit.SECONDS);
        assertEquals(DisconnectReasonCode.TOPIC_ALIAS_INVALID, b.expect(DisconnectPacket.class).reasonCode());
        connection.get().awaitClosedByClient();
        assertEquals(List.of(), b.takeReceived().stream().filter(DisconnectPacket.class::isInstance).toList(),
                "one DISCONNECT for one violation, not one per PUBLISH of the same read");
        awaitState(c, ClientState.DISCONNECTED);
        assertEquals("t", got.poll(10, TimeUnit.SECONDS).topic());
        assertEquals("t", got.poll(10, TimeUnit.SECONDS).topic(), "the two before the violation were handed over");
    }

    /**
     * Mosquitto 2.0 sends a resumed session's backlog beyond our Receive Maximum. The client takes in what it read,
     * reads no further while the application holds more than the maximum, and reads on once it acknowledged: no
     * DISCONNECT (the server would only send the same backlog again).
     */
    @Test
    void aServerBeyondOurReceiveMaximumIsHeldBackUntilTheApplicationAcknowledges() throws Exception {
        java.util.concurrent.atomic.AtomicReference<ScriptedBroker.Connection> connection =
                new java.util.concurrent.atomic.AtomicReference<>();
        int[][] publishes = new int[5][]; // QoS 1 PUBLISHes to "t", ids 1..5
        for (int i = 0; i < 5; i++) {
            publishes[i] = new int[] {0x32, 0x06, 0x00, 0x01, 't', 0x00, i + 1, 0x00};
        }
        ScriptedBroker b = sendingOnSubscribe(connection, publishes);
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0,
                o -> o.receiveMaximum(2).manualAcknowledgement(true).automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        java.util.concurrent.BlockingQueue<Publish> got = new java.util.concurrent.LinkedBlockingQueue<>();
        c.subscribe("t", Qos.AT_LEAST_ONCE, got::add).get(10, TimeUnit.SECONDS);
        List<Publish> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Publish p = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(p, "message " + (i + 1) + " of the read handed over");
            five.add(p);
        }
        assertEquals(ClientState.CONNECTED, c.state());
        connection.get().send(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 6, null)); // waits in the socket
        five.forEach(c::acknowledge);
        for (int id = 1; id <= 5; id++) {
            assertEquals(id, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
        }
        Publish sixth = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(sixth, "reading resumed once the application caught up");
        c.acknowledge(sixth);
        assertEquals(6, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
        assertEquals(List.of(), b.takeReceived().stream().filter(DisconnectPacket.class::isInstance).toList());
        assertEquals(ClientState.CONNECTED, c.state());
    }

    @Test
    void refusedConnectionCarriesTheConnAck() throws Exception {
        ScriptedBroker b = broker((conn, p) -> conn.send(new ConnAckPacket(false, ConnAckReasonCode.NOT_AUTHORIZED,
                null, null, null, null, null, null, null, "go away", List.of(), null, null, null, null, null, null,
                null, null)));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o);
        MqttConnectionRefusedException e = assertInstanceOf(MqttConnectionRefusedException.class,
                failure(c.connect()));
        assertEquals(ConnAckReasonCode.NOT_AUTHORIZED, e.connAck().reasonCode());
        assertEquals("go away", e.connAck().reasonString().orElseThrow());
        awaitState(c, ClientState.DISCONNECTED);
    }

    @Test
    void fallsBackTo311WhenTheServerRefuses5WithReasonCode() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(conn.version() == MqttVersion.MQTT_5_0
                        ? ConnAckPacket.of(false, ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION)
                        : ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
            }
        });
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.fallbackToMqtt311(true));
        c.connect().get(10, TimeUnit.SECONDS);
        assertEquals(MqttVersion.MQTT_3_1_1, c.version());
        assertEquals(MqttVersion.MQTT_5_0, b.expect(ConnectPacket.class).protocolVersion());
        assertEquals(MqttVersion.MQTT_3_1_1, b.expect(ConnectPacket.class).protocolVersion());
        c.disconnect().get(10, TimeUnit.SECONDS);
        c.connect().get(10, TimeUnit.SECONDS);
        assertEquals(MqttVersion.MQTT_3_1_1, b.expect(ConnectPacket.class).protocolVersion(),
                "the outcome is remembered");
    }

    @Test
    void fallsBackTo311WhenTheServerAnswersLikeA311Broker() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                if (conn.version() == MqttVersion.MQTT_5_0) {
                    conn.sendRaw(0x20, 0x02, 0x00, 0x01); // 3.1.1 CONNACK, return code 1
                } else {
                    conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                }
            }
        });
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.fallbackToMqtt311(true));
        c.connect().get(10, TimeUnit.SECONDS);
        assertEquals(MqttVersion.MQTT_3_1_1, c.version());
    }

    @Test
    void withoutFallbackTheRefusalIsReported() throws Exception {
        ScriptedBroker b = broker((conn, p) -> conn.send(
                ConnAckPacket.of(false, ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION)));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o);
        assertInstanceOf(MqttConnectionRefusedException.class, failure(c.connect()));
    }

    @Test
    void withoutFallbackA311StyleRefusalIsReportedAsUnsupportedProtocolVersion() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            conn.sendRaw(0x20, 0x02, 0x00, 0x01); // 3.1.1 CONNACK, return code 1, to a 5.0 CONNECT
            conn.close();
        });
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o);
        MqttConnectionRefusedException e = assertInstanceOf(MqttConnectionRefusedException.class,
                failure(c.connect()));
        assertEquals(ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION, e.connAck().reasonCode());
        assertTrue(e.getCause().getMessage().contains("MQTT 3.1.1"), e.getCause().getMessage());
        awaitState(c, ClientState.DISCONNECTED);
        assertEquals(MqttVersion.MQTT_5_0, c.version());
    }

    @Test
    void a311StyleRefusalForAnotherReasonKeepsItsMeaning() throws Exception {
        ScriptedBroker b = broker((conn, p) -> conn.sendRaw(0x20, 0x02, 0x00, 0x05)); // 5: not authorized
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o);
        MqttConnectionRefusedException e = assertInstanceOf(MqttConnectionRefusedException.class,
                failure(c.connect()));
        assertEquals(ConnAckReasonCode.NOT_AUTHORIZED, e.connAck().reasonCode());
    }

    @Test
    void subAckFailureCodesFailTheFutureAndDropTheRefusedHandler() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(connAck(null, null));
            } else if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                conn.send(new dev.tern.mqtt.netty.internal.packet.SubAckPacket(
                        ((dev.tern.mqtt.netty.internal.packet.SubscribePacket) p).packetId(),
                        List.of(dev.tern.mqtt.reason.SubAckReasonCode.GRANTED_QOS_1,
                                dev.tern.mqtt.reason.SubAckReasonCode.NOT_AUTHORIZED), "no secrets", List.of()));
            }
        });
        dev.tern.mqtt.netty.internal.TernAsyncClient c = (dev.tern.mqtt.netty.internal.TernAsyncClient)
                client(b, MqttVersion.MQTT_5_0, o -> o);
        c.connect().get(10, TimeUnit.SECONDS);
        dev.tern.mqtt.exceptions.MqttAckException e = assertInstanceOf(
                dev.tern.mqtt.exceptions.MqttAckException.class, failure(c.subscribe(List.of(
                        dev.tern.mqtt.message.Subscription.of("open/#", Qos.AT_LEAST_ONCE),
                        dev.tern.mqtt.message.Subscription.of("secret/#", Qos.AT_LEAST_ONCE)), m -> { })));
        assertEquals(List.of(dev.tern.mqtt.reason.SubAckReasonCode.GRANTED_QOS_1,
                dev.tern.mqtt.reason.SubAckReasonCode.NOT_AUTHORIZED), e.reasonCodes());
        assertEquals("no secrets", e.reasonString().orElseThrow());
        CompletableFuture<List<String>> filters = new CompletableFuture<>();
        c.core().loop().execute(() -> filters.complete(c.core().session().subscriptions().entries().stream()
                .map(dev.tern.mqtt.netty.internal.session.SubscriptionRegistry.Entry::topicFilter).toList()));
        assertEquals(List.of("open/#"), filters.get(10, TimeUnit.SECONDS), "the refused filter's handler is gone");
        assertEquals(ClientState.CONNECTED, c.state());
    }

    @Test
    void aHandlerThatBlocksForSecondsDoesNotStopKeepAlive() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                conn.send(PublishPacket.of("slow", Qos.AT_LEAST_ONCE, false, 1, null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.keepAliveSeconds(1));
        c.connect().get(10, TimeUnit.SECONDS);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        c.subscribe("slow", Qos.AT_LEAST_ONCE, m -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class); // acked once handed over, not after
        for (int i = 0; i < 3; i++) {
            b.expect(PingReqPacket.class); // about 3 s of keep-alive while the handler blocks
        }
        assertEquals(ClientState.CONNECTED, c.state());
        release.countDown();
    }

    @Test
    void manualAcknowledgementSendsPubAckOnlyWhenTheApplicationSaysSo() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                conn.send(PublishPacket.of("work", Qos.AT_LEAST_ONCE, false, 9, null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.manualAcknowledgement(true));
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<Publish> got = new CompletableFuture<>();
        c.subscribe("work", Qos.AT_LEAST_ONCE, got::complete).get(10, TimeUnit.SECONDS);
        Publish job = got.get(10, TimeUnit.SECONDS);
        c.publish(qos1()); // a marker: whatever the server receives after it came after the handler ran
        b.expect(PublishPacket.class);
        c.acknowledge(job);
        assertEquals(9, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
    }

    @Test
    void manualAcknowledgementsReachTheServerInTheOrderTheMessagesCame() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket sub
                    && sub.subscriptions().get(0).topicFilter().equals("nobody")) { // the second SUBSCRIBE
                conn.send(PublishPacket.of("work", Qos.AT_LEAST_ONCE, false, 21, null));
                conn.send(PublishPacket.of("nobody", Qos.AT_LEAST_ONCE, false, 22, null)); // the client acks it
                conn.send(PublishPacket.of("work", Qos.EXACTLY_ONCE, false, 23, null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.manualAcknowledgement(true));
        c.connect().get(10, TimeUnit.SECONDS);
        java.util.concurrent.BlockingQueue<Publish> got = new java.util.concurrent.LinkedBlockingQueue<>();
        c.subscribe("work", Qos.EXACTLY_ONCE, got::add).get(10, TimeUnit.SECONDS);
        c.subscribe(List.of(dev.tern.mqtt.message.Subscription.of("nobody", Qos.EXACTLY_ONCE)))
                .get(10, TimeUnit.SECONDS);
        Publish first = got.poll(10, TimeUnit.SECONDS);
        Publish third = got.poll(10, TimeUnit.SECONDS);
        assertEquals(Qos.EXACTLY_ONCE, third.qos());
        c.acknowledge(third);
        c.publish(qos1()); // a marker: whatever the server receives after it came after the acknowledgement
        b.expect(PublishPacket.class);
        c.acknowledge(first);
        // MQTT-4.6.0-2/-3: 22 (the client's own) and 23 (acknowledged first) wait for 21
        assertEquals(21, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
        assertEquals(22, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
        assertEquals(23, b.expect(dev.tern.mqtt.netty.internal.packet.PubRecPacket.class).packetId());
    }

    @Test
    void withManualAcknowledgementAMessageThatReachesNobodyIsAcknowledgedByTheClient() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                conn.send(PublishPacket.of("nobody/1", Qos.AT_LEAST_ONCE, false, 11, null));
                conn.send(PublishPacket.of("nobody/2", Qos.EXACTLY_ONCE, false, 12, null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.manualAcknowledgement(true));
        c.connect().get(10, TimeUnit.SECONDS);
        // no handler, no catch-all, no stream subscriber: the application never sees these, so cannot acknowledge
        c.subscribe(List.of(dev.tern.mqtt.message.Subscription.of("nobody/#", Qos.EXACTLY_ONCE)))
                .get(10, TimeUnit.SECONDS);
        assertEquals(11, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
        assertEquals(12, b.expect(dev.tern.mqtt.netty.internal.packet.PubRecPacket.class).packetId());
    }

    @Test
    void withManualAcknowledgementAMessageACancelledStreamNeverGotIsAcknowledgedByTheClient() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                conn.send(PublishPacket.of("s", Qos.AT_LEAST_ONCE, false, 5, null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.manualAcknowledgement(true));
        CompletableFuture<java.util.concurrent.Flow.Subscription> subscription = new CompletableFuture<>();
        c.messages().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription.complete(s);
            }

            @Override
            public void onNext(Publish p) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        c.connect().get(10, TimeUnit.SECONDS);
        c.subscribe(List.of(dev.tern.mqtt.message.Subscription.of("s", Qos.AT_LEAST_ONCE))).get(10, TimeUnit.SECONDS);
        c.publish(qos1()).get(10, TimeUnit.SECONDS); // the server's PUBLISH went out before its PUBACK to this
        b.expect(PublishPacket.class);
        subscription.get(10, TimeUnit.SECONDS).cancel(); // without ever asking for the buffered message
        assertEquals(5, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
    }

    @Test
    void withManualAcknowledgementTheClientAcknowledgesRequestReplies() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof PublishPacket && ((PublishPacket) p).responseTopic() != null) {
                PublishPacket request = (PublishPacket) p;
                conn.send(new PublishPacket(false, Qos.AT_LEAST_ONCE, false, request.responseTopic(), 21,
                        java.nio.ByteBuffer.wrap("re".getBytes()), null, null, null, null, request.correlationData(),
                        List.of(), List.of(), null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o.manualAcknowledgement(true));
        c.connect().get(10, TimeUnit.SECONDS);
        Publish reply = c.request("service", "q".getBytes()).get(10, TimeUnit.SECONDS);
        assertEquals("re", reply.payloadAsString());
        assertEquals(21, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId(),
                "the application never sees a reply as a message, so the client acknowledges it");
    }

    @Test
    void streamSubscriberDemandDrivesTheAcknowledgement() throws Exception {
        ScriptedBroker b = broker(ScriptedBroker.accepting(connAck(null, null), (conn, p) -> {
            if (p instanceof dev.tern.mqtt.netty.internal.packet.SubscribePacket) {
                conn.send(PublishPacket.of("s", Qos.AT_LEAST_ONCE, false, 4, null));
            }
        }));
        AsyncMqttClient c = client(b, MqttVersion.MQTT_5_0, o -> o);
        CompletableFuture<java.util.concurrent.Flow.Subscription> subscription = new CompletableFuture<>();
        CompletableFuture<Publish> item = new CompletableFuture<>();
        c.messages().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription.complete(s);
            }

            @Override
            public void onNext(Publish p) {
                item.complete(p);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        c.connect().get(10, TimeUnit.SECONDS);
        c.subscribe(List.of(dev.tern.mqtt.message.Subscription.of("s", Qos.AT_LEAST_ONCE))).get(10, TimeUnit.SECONDS);
        c.publish(qos1()).get(10, TimeUnit.SECONDS); // the server's answer to SUBSCRIBE went out before this
        b.expect(PublishPacket.class);
        assertTrue(!item.isDone(), "no demand, no delivery");
        subscription.get(10, TimeUnit.SECONDS).request(1);
        assertEquals("s", item.get(10, TimeUnit.SECONDS).topic());
        assertEquals(4, b.expect(dev.tern.mqtt.netty.internal.packet.PubAckPacket.class).packetId());
    }
}
