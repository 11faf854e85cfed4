package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.netty.fake.ScriptedBroker;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default reconnect policy against a {@link ScriptedBroker} that accepts the first connection, drops it, and then
 * refuses: it stops on a refusal that retrying cannot change, and keeps trying after one that can pass.
 */
class RefusedReconnectIT {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Accepts connection 0 and closes it at once; refuses connections 1 to {@code refusals} with {@code code}. */
    private ScriptedBroker broker(ConnAckReasonCode code, int refusals) {
        ScriptedBroker b = ScriptedBroker.start((conn, p) -> {
            if (!(p instanceof ConnectPacket)) {
                return;
            }
            if (conn.index() == 0) {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                conn.close();
            } else if (conn.index() <= refusals) {
                conn.send(ConnAckPacket.of(false, code));
                conn.close();
            } else {
                conn.send(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
            }
        });
        open.add(b);
        return b;
    }

    private AsyncMqttClient client(ScriptedBroker broker, Lifecycle events) {
        // the default reconnect policy: that is what is under test
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().serverUri(broker.uri())
                .clientId("refused").version(MqttVersion.MQTT_5_0).addLifecycleListener(events).build());
        open.add(c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(value = ConnAckReasonCode.class, names = {"BAD_USER_NAME_OR_PASSWORD", "NOT_AUTHORIZED", "BANNED",
            "BAD_AUTHENTICATION_METHOD", "CLIENT_IDENTIFIER_NOT_VALID", "UNSUPPORTED_PROTOCOL_VERSION"})
    void theDefaultPolicyStopsOnARefusalThatRetryingCannotChange(ConnAckReasonCode code) throws Exception {
        ScriptedBroker b = broker(code, Integer.MAX_VALUE);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b, events);
        c.connect().get(10, TimeUnit.SECONDS);
        assertTrue(events.nextDisconnected().willReconnect(), "the lost connection is replaced");
        assertEquals(1, events.nextReconnecting().attempt());
        DisconnectedEvent end = events.nextDisconnected();
        assertFalse(end.willReconnect(), "the event says the client gives up");
        MqttConnectionRefusedException e = assertInstanceOf(MqttConnectionRefusedException.class, end.cause());
        assertEquals(code, e.connAck().reasonCode());
        assertEquals(ClientState.DISCONNECTED, c.state());
        assertEquals(2, b.accepted(), "one attempt after the loss, none after the refusal");
        assertEquals(1L, events.all.stream().filter(ev -> ev instanceof ReconnectingEvent).count());
    }

    @Test
    void theDefaultPolicyKeepsTryingWhileTheServerIsBusy() throws Exception {
        ScriptedBroker b = broker(ConnAckReasonCode.SERVER_BUSY, 2);
        Lifecycle events = new Lifecycle();
        AsyncMqttClient c = client(b, events);
        c.connect().get(10, TimeUnit.SECONDS);
        events.nextConnected();
        assertTrue(events.nextDisconnected().willReconnect());
        assertEquals(1, events.nextReconnecting().attempt());
        assertEquals(2, events.nextReconnecting().attempt());
        assertEquals(3, events.nextReconnecting().attempt());
        assertTrue(events.nextConnected().isReconnect(), "accepted once the server is no longer busy");
        assertEquals(4, b.accepted());
    }

    @Test
    void aRetriedFirstConnectStopsOnAPermanentRefusalToo() throws Exception {
        ScriptedBroker b = ScriptedBroker.start((conn, p) -> {
            conn.send(ConnAckPacket.of(false, ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
            conn.close();
        });
        open.add(b);
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().serverUri(b.uri()).clientId("refused")
                .retryFirstConnect(true).build());
        open.add(c);
        try {
            c.connect().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the connect to fail");
        } catch (ExecutionException ex) {
            assertEquals(ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    assertInstanceOf(MqttConnectionRefusedException.class, ex.getCause()).connAck().reasonCode());
        }
        assertEquals(1, b.accepted());
    }
}
