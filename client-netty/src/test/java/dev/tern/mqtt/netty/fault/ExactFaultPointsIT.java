package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.netty.fake.ScriptedBroker;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.spi.ReconnectPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scripted fake broker drops the first connection at an exact point of a QoS 1 or 2 flow, then accepts the
 * reconnect with session present true or false, for both protocol versions. What the client sends on the new
 * connection proves the activation order: DUP resend or PUBREL on a resumed session, republish or a clear failure on
 * a lost one.
 */
class ExactFaultPointsIT {

    /** Where the first connection is dropped. */
    enum FaultPoint {
        /** QoS 1: the server received PUBLISH and closes before PUBACK. */
        AFTER_PUBLISH_BEFORE_PUBACK(Qos.AT_LEAST_ONCE),
        /** QoS 2: the server received PUBLISH and closes before PUBREC. */
        AFTER_PUBLISH_BEFORE_PUBREC(Qos.EXACTLY_ONCE),
        /** QoS 2: the server sends PUBREC and closes before PUBREL arrives. */
        AFTER_PUBREC_BEFORE_PUBREL(Qos.EXACTLY_ONCE),
        /** QoS 2: the server received PUBREL and closes before PUBCOMP. */
        AFTER_PUBREL_BEFORE_PUBCOMP(Qos.EXACTLY_ONCE);

        final Qos qos;

        FaultPoint(Qos qos) {
            this.qos = qos;
        }

        boolean pubRecSeen() {
            return this == AFTER_PUBREC_BEFORE_PUBREL || this == AFTER_PUBREL_BEFORE_PUBCOMP;
        }
    }

    /** A packet and the index of the connection it arrived on. */
    record Received(int connection, MqttPacket packet) {
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (FaultPoint point : FaultPoint.values()) {
            for (MqttVersion version : MqttVersion.values()) {
                all.add(Arguments.of(point, version, true));
                all.add(Arguments.of(point, version, false));
            }
        }
        return all.stream();
    }

    private AsyncMqttClient client(ScriptedBroker broker, MqttVersion version, Lifecycle events,
            UnaryOperator<MqttClientOptions.Builder> tweak) {
        MqttClientOptions.Builder b = MqttClientOptions.builder().serverUri(broker.uri()).clientId("exact-" + version)
                .version(version).reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(10)))
                .addLifecycleListener(events);
        // a session that outlives the connection, resumed on reconnect: 5.0 session expiry, 3.1.1 clean session 0
        b = version == MqttVersion.MQTT_5_0 ? b.sessionExpiryInterval(60) : b.cleanStart(false);
        AsyncMqttClient c = TernMqtt.asyncClient(tweak.apply(b).build());
        open.add(c);
        return c;
    }

    private ScriptedBroker broker(ScriptedBroker.Script script) {
        ScriptedBroker b = ScriptedBroker.start((conn, p) -> {
            received.add(new Received(conn.index(), p));
            script.onPacket(conn, p);
        });
        open.add(b);
        return b;
    }

    /** A server that acknowledges QoS 1 and 2 flows completely. */
    private static void acknowledge(ScriptedBroker.Connection conn, MqttPacket p) {
        if (p instanceof PublishPacket pub && pub.qos() == Qos.AT_LEAST_ONCE) {
            conn.send(PubAckPacket.of(pub.packetId()));
        } else if (p instanceof PublishPacket pub && pub.qos() == Qos.EXACTLY_ONCE) {
            conn.send(PubRecPacket.of(pub.packetId()));
        } else if (p instanceof PubRelPacket rel) {
            conn.send(PubCompPacket.of(rel.packetId()));
        }
    }

    /** What the client sent on connection {@code index} after its CONNECT. */
    private List<MqttPacket> sentOn(int index) {
        return received.stream().filter(r -> r.connection == index && !(r.packet instanceof ConnectPacket))
                .map(Received::packet).toList();
    }

    @ParameterizedTest(name = "{0}, {1}, session present {2}")
    @MethodSource("cases")
    void connectionDroppedAtAnExactPointOfTheFlow(FaultPoint point, MqttVersion version, boolean sessionPresent)
            throws Exception {
        ScriptedBroker broker = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(ConnAckPacket.of(conn.index() > 0 && sessionPresent, ConnAckReasonCode.SUCCESS));
            } else if (conn.index() > 0) {
                acknowledge(conn, p);
            } else if (p instanceof PublishPacket pub) {
                switch (point) {
                    case AFTER_PUBLISH_BEFORE_PUBACK, AFTER_PUBLISH_BEFORE_PUBREC -> conn.close();
                    case AFTER_PUBREC_BEFORE_PUBREL -> {
                        conn.send(PubRecPacket.of(pub.packetId()));
                        conn.close();
                    }
                    default -> conn.send(PubRecPacket.of(pub.packetId()));
                }
            } else if (p instanceof PubRelPacket) {
                conn.close(); // AFTER_PUBREL_BEFORE_PUBCOMP
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(broker, version, events, o -> o);
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> f = c.publish(Publish.builder().topic("exact").payload("x")
                .qos(point.qos).build());
        events.nextConnected();
        assertEquals(sessionPresent, events.nextConnected().isSessionPresent());

        PublishPacket original = (PublishPacket) sentOn(0).get(0);
        assertFalse(original.dup());
        if (!sessionPresent && point.pubRecSeen()) {
            // the server had the message (PUBREC) and then lost the session: delivered or not, nobody knows
            MqttConnectionLostException e = assertInstanceOf(MqttConnectionLostException.class, failure(f));
            assertTrue(e.getMessage().contains("PUBREC"), e.getMessage());
            c.publish(Publish.builder().topic("marker").qos(Qos.AT_LEAST_ONCE).build()).get(10, TimeUnit.SECONDS);
            PublishPacket next = (PublishPacket) sentOn(1).get(0);
            assertEquals("marker", next.topic(), "neither the PUBLISH nor PUBREL went out again");
            return;
        }
        f.get(10, TimeUnit.SECONDS);
        MqttPacket first = sentOn(1).get(0);
        if (sessionPresent && point.pubRecSeen()) {
            assertEquals(original.packetId(), assertInstanceOf(PubRelPacket.class, first).packetId(),
                    "PUBREL again, never the PUBLISH after PUBREC");
        } else if (sessionPresent) {
            PublishPacket resent = assertInstanceOf(PublishPacket.class, first);
            assertTrue(resent.dup(), "DUP=1 on the resend");
            assertEquals(original.packetId(), resent.packetId(), "the same packet identifier");
        } else {
            PublishPacket republished = assertInstanceOf(PublishPacket.class, first);
            assertFalse(republished.dup(), "a new message on a new session");
            assertEquals("exact", republished.topic());
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void connectionDroppedBeforeConnAckIsRetriedAndTheSessionResumed(MqttVersion version) throws Exception {
        ScriptedBroker broker = broker((conn, p) -> {
            if (p instanceof ConnectPacket) {
                if (conn.index() == 1) {
                    conn.close(); // the reconnect's CONNECT gets no CONNACK
                } else {
                    conn.send(ConnAckPacket.of(conn.index() == 2, ConnAckReasonCode.SUCCESS));
                }
            } else if (conn.index() == 0 && p instanceof PublishPacket) {
                conn.close();
            } else {
                acknowledge(conn, p);
            }
        });
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(broker, version, events, o -> o);
        c.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> f = c.publish(Publish.builder().topic("t").qos(Qos.AT_LEAST_ONCE).build());
        f.get(10, TimeUnit.SECONDS);
        assertEquals(3, broker.accepted());
        assertEquals(List.of(), sentOn(1), "only CONNECT on the connection that got no CONNACK");
        PublishPacket resent = (PublishPacket) sentOn(2).get(0);
        assertTrue(resent.dup());
        assertEquals(((PublishPacket) sentOn(0).get(0)).packetId(), resent.packetId());
        events.nextConnected();
        assertTrue(events.nextConnected().isSessionPresent());
        assertTrue(events.nextReconnecting().attempt() >= 1);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
