package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.netty.fake.ScriptedBroker;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.spi.Credentials;
import dev.tern.mqtt.spi.InMemorySessionStore;
import dev.tern.mqtt.spi.ReconnectPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session rules and server redirection on the scripted fake broker: session present after a clean start, what
 * {@code disconnect()} keeps, topic aliases and keep-alive per connection, credentials per attempt, and MQTT 5.0 Server
 * References in CONNACK and DISCONNECT.
 */
class SessionAndRedirectIT {

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

    private AsyncMqttClient client(String uri, MqttVersion version, Lifecycle events,
            UnaryOperator<MqttClientOptions.Builder> tweak) {
        AsyncMqttClient c = TernMqtt.asyncClient(tweak.apply(MqttClientOptions.builder().serverUri(uri)
                .clientId("rules-" + version).version(version).addLifecycleListener(events)
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(10)))).build());
        open.add(c);
        return c;
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static ConnAckPacket connAck(boolean sessionPresent, ConnAckReasonCode code, Integer topicAliasMaximum,
            Integer serverKeepAlive, String serverReference) {
        return new ConnAckPacket(sessionPresent, code, null, null, null, null, null, null, topicAliasMaximum, null,
                List.of(), null, null, null, serverKeepAlive, null, serverReference, null, null);
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void sessionPresentAfterACleanStartIsRefused(MqttVersion version) throws Exception {
        ScriptedBroker b = broker((conn, p) -> conn.send(ConnAckPacket.of(true, ConnAckReasonCode.SUCCESS)));
        AsyncMqttClient c = client(b.uri(), version, new Lifecycle(), o -> o.cleanStart(true));
        MqttConnectionLostException e = assertInstanceOf(MqttConnectionLostException.class, failure(c.connect()));
        assertInstanceOf(MqttProtocolException.class, e.getCause(), "MQTT-3.2.2-4: the client closes");
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void disconnectKeepsInFlightMessagesOfAPersistentSessionForTheNextConnect() throws Exception {
        AtomicInteger publishes = new AtomicInteger();
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket connect) {
                conn.send(ConnAckPacket.of(!connect.cleanStart() && conn.index() > 0, ConnAckReasonCode.SUCCESS));
            } else if (p instanceof PublishPacket pub && publishes.incrementAndGet() > 1) {
                conn.send(PubAckPacket.of(pub.packetId())); // the first one is never acknowledged
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b.uri(), MqttVersion.MQTT_5_0, events,
                o -> o.cleanStart(false).sessionExpiryInterval(3600));
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> f = c.publish(Publish.builder().topic("t").qos(Qos.AT_LEAST_ONCE).build());
        PublishPacket first = b.expect(PublishPacket.class);
        c.disconnect().get(10, TimeUnit.SECONDS);
        events.nextConnected();
        DisconnectedEvent end = events.nextDisconnected();
        assertFalse(end.willReconnect());
        assertTrue(end.sessionKeptUntil().orElseThrow().isAfter(Instant.now().plusSeconds(3000)),
                "the server keeps the session for an hour: " + end.sessionKeptUntil());
        assertFalse(f.isDone(), "the message belongs to the session the server keeps");

        c.connect().get(10, TimeUnit.SECONDS);
        PublishPacket resent = b.expect(PublishPacket.class);
        assertTrue(resent.dup());
        assertEquals(first.packetId(), resent.packetId());
        f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewClientWithTheSameSessionStoreResumesWhereTheClosedOneStopped() throws Exception {
        AtomicInteger publishes = new AtomicInteger();
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(conn.index() > 0, ConnAckReasonCode.SUCCESS));
            } else if (p instanceof PublishPacket pub && publishes.incrementAndGet() > 1) {
                conn.send(PubAckPacket.of(pub.packetId()));
            }
        });
        InMemorySessionStore store = new InMemorySessionStore();
        AsyncMqttClient before = client(b.uri(), MqttVersion.MQTT_5_0, new Lifecycle(),
                o -> o.sessionExpiryInterval(3600).sessionStore(store));
        before.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> f = before.publish(Publish.builder().topic("t").qos(Qos.AT_LEAST_ONCE)
                .build());
        PublishPacket first = b.expect(PublishPacket.class);
        before.close();
        assertInstanceOf(MqttClientStateException.class, failure(f), "the old process's future is gone");
        assertEquals(1, store.outgoing().size(), "the store keeps the unacknowledged message");

        Lifecycle events = new Lifecycle();
        AsyncMqttClient after = client(b.uri(), MqttVersion.MQTT_5_0, events,
                o -> o.cleanStart(false).sessionExpiryInterval(3600).sessionStore(store));
        after.connect().get(10, TimeUnit.SECONDS);
        PublishPacket resent = b.expect(PublishPacket.class);
        assertTrue(resent.dup());
        assertEquals(first.packetId(), resent.packetId());
        FaultProxy.await(() -> store.outgoing().isEmpty(), Duration.ofSeconds(10), "the PUBACK to empty the store");
    }

    @Test
    void disconnectFailsInFlightMessagesWhenTheSessionEndsWithTheConnection() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b.uri(), MqttVersion.MQTT_5_0, events, o -> o); // session expiry 0
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> f = c.publish(Publish.builder().topic("t").qos(Qos.AT_LEAST_ONCE).build());
        b.expect(PublishPacket.class);
        c.disconnect().get(10, TimeUnit.SECONDS);
        MqttConnectionLostException e = assertInstanceOf(MqttConnectionLostException.class, failure(f));
        assertEquals(MqttConnectionLostException.ClosedBy.CLIENT, e.closedBy());
        events.nextConnected();
        assertTrue(events.nextDisconnected().sessionKeptUntil().isEmpty(), "nothing kept by the server");
    }

    @Test
    void topicAliasesAndKeepAliveStartAfreshOnEveryConnection() throws Exception {
        List<List<PublishPacket>> perConnection = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        CompletableFuture<Void> pingOnSecond = new CompletableFuture<>();
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(connAck(false, ConnAckReasonCode.SUCCESS, 5, conn.index() == 0 ? null : 1, null));
            } else if (p instanceof PublishPacket pub) {
                perConnection.get(conn.index()).add(pub);
                if (conn.index() == 0 && perConnection.get(0).size() == 2) {
                    conn.close();
                }
            } else if (p instanceof PingReqPacket && conn.index() == 1) {
                pingOnSecond.complete(null);
                conn.send(dev.tern.mqtt.netty.internal.packet.PingRespPacket.INSTANCE);
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b.uri(), MqttVersion.MQTT_5_0, events, o -> o.keepAliveSeconds(600));
        c.connect().get(10, TimeUnit.SECONDS);
        Publish a = Publish.builder().topic("sensors/a").payload("1").build();
        c.publish(a).get(10, TimeUnit.SECONDS);
        c.publish(a).get(10, TimeUnit.SECONDS);
        events.nextConnected();
        events.nextConnected();
        c.publish(a).get(10, TimeUnit.SECONDS);
        FaultProxy.await(() -> perConnection.get(1).size() == 1, Duration.ofSeconds(10), "the PUBLISH on the reconnect");
        assertEquals("", perConnection.get(0).get(1).topic(), "alias only, on the first connection");
        PublishPacket again = perConnection.get(1).get(0);
        assertEquals("sensors/a", again.topic(), "a new connection knows no alias: the topic is sent in full");
        assertEquals(1, again.topicAlias());
        pingOnSecond.get(5, TimeUnit.SECONDS); // keep-alive runs on the new connection, with its server keep alive
    }

    @Test
    void credentialsAreAskedForBeforeEveryConnect() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket connect) {
                seen.add(connect.username() + ":" + StandardCharsets.UTF_8.decode(connect.password().duplicate()));
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                if (conn.index() == 0) {
                    conn.close();
                }
            }
        });
        AtomicInteger n = new AtomicInteger();
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b.uri(), MqttVersion.MQTT_3_1_1, events, o -> o.username("ignored")
                .password("ignored").credentials(() -> Credentials.of("device", "token-" + n.incrementAndGet())));
        c.connect().get(10, TimeUnit.SECONDS);
        events.nextConnected();
        events.nextConnected();
        assertEquals(List.of("device:token-1", "device:token-2"), seen);
    }

    @Test
    void useAnotherServerInConnAckIsFollowedForThisConnectionOnly() throws Exception {
        ScriptedBroker target = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
            } else if (p instanceof PublishPacket) {
                conn.close();
            }
        });
        String reference = target.uri().substring("mqtt://".length());
        ScriptedBroker first = broker((conn, p) -> conn.send(connAck(false, ConnAckReasonCode.USE_ANOTHER_SERVER,
                null, null, reference)));
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(first.uri(), MqttVersion.MQTT_5_0, events, o -> o);
        c.connect().get(10, TimeUnit.SECONDS);
        assertEquals(target.uri(), events.nextConnected().serverUri().toString());
        c.publish(Publish.builder().topic("t").build());
        assertEquals(target.uri(), events.nextConnected().serverUri().toString(), "redirected again");
        assertEquals(2, first.accepted(), "the reconnect asked the first server again: the redirect was temporary");
    }

    @Test
    void serverMovedInDisconnectSendsTheClientThereAtOnceAndForGood() throws Exception {
        ScriptedBroker moved = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                if (conn.index() == 0) {
                    conn.close();
                }
            }
        });
        String reference = moved.uri();
        ScriptedBroker first = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                conn.send(new DisconnectPacket(DisconnectReasonCode.SERVER_MOVED, null, "moving", List.of(),
                        reference));
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(first.uri(), MqttVersion.MQTT_5_0, events, o -> o
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(50))));
        c.connect().get(10, TimeUnit.SECONDS);
        assertEquals(first.uri(), events.nextConnected().serverUri().toString());
        DisconnectedEvent left = events.nextDisconnected();
        assertEquals(DisconnectReasonCode.SERVER_MOVED,
                ((MqttConnectionLostException) left.cause()).reasonCode().orElseThrow());
        assertEquals(Duration.ZERO, events.nextReconnecting().delay(), "a redirect is followed at once");
        assertEquals(moved.uri(), events.nextConnected().serverUri().toString());
        assertEquals(moved.uri(), events.nextConnected().serverUri().toString(), "and stays the server");
        assertEquals(1, first.accepted());
    }

    @Test
    void noReconnectWhenTurnedOff() throws Exception {
        ScriptedBroker b = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                conn.close();
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b.uri(), MqttVersion.MQTT_5_0, events, o -> o.automaticReconnect(false));
        c.connect().get(10, TimeUnit.SECONDS);
        events.nextConnected();
        assertFalse(events.nextDisconnected().willReconnect());
        assertEquals(ClientState.DISCONNECTED, c.state());
        assertEquals(1, b.accepted());
    }
}
