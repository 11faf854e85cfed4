package dev.tern.mqtt.netty.fake;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.auth.ScramSha256Authenticator;
import dev.tern.mqtt.exceptions.MqttAuthenticationException;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.reason.AuthReasonCode;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT 5.0 enhanced authentication (4.12) with SCRAM-SHA-256 against the scripted broker, which runs the server
 * side of SCRAM: the exchange during CONNECT, re-authentication (4.12.1), and the ways an exchange fails.
 */
class EnhancedAuthIT {

    private static final String METHOD = ScramSha256Authenticator.METHOD;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /**
     * A broker that authenticates "alice"/"correct horse" with SCRAM; {@code tamper} may change the server-final
     * message (to test a server that cannot prove itself), {@code reauthAnswer} decides the end of a
     * re-authentication.
     */
    private ScriptedBroker scramBroker(UnaryOperator<String> tamper, boolean acceptReauthentication) {
        ScramServer[] exchange = new ScramServer[1];
        boolean[] reauthenticating = new boolean[1];
        ScriptedBroker b = ScriptedBroker.start((conn, p) -> {
            if (p instanceof ConnectPacket c) {
                assertEquals(METHOD, c.authenticationMethod());
                exchange[0] = new ScramServer("alice", "correct horse");
                String first = exchange[0].serverFirst(text(c.authenticationData()));
                if (first == null) {
                    conn.send(connAck(ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, null));
                } else {
                    conn.send(auth(AuthReasonCode.CONTINUE_AUTHENTICATION, METHOD, first));
                }
            } else if (p instanceof AuthPacket a && a.reasonCode() == AuthReasonCode.RE_AUTHENTICATE) {
                reauthenticating[0] = true;
                exchange[0] = new ScramServer("alice", "correct horse");
                conn.send(auth(AuthReasonCode.CONTINUE_AUTHENTICATION, METHOD,
                        exchange[0].serverFirst(text(a.authenticationData()))));
            } else if (p instanceof AuthPacket a && a.reasonCode() == AuthReasonCode.CONTINUE_AUTHENTICATION) {
                String serverFinal = exchange[0].serverFinal(text(a.authenticationData()));
                if (reauthenticating[0]) {
                    if (serverFinal == null || !acceptReauthentication) {
                        conn.send(DisconnectPacket.of(DisconnectReasonCode.NOT_AUTHORIZED));
                        conn.close();
                    } else {
                        conn.send(auth(AuthReasonCode.SUCCESS, METHOD, serverFinal));
                    }
                } else if (serverFinal == null) {
                    conn.send(connAck(ConnAckReasonCode.NOT_AUTHORIZED, null));
                } else {
                    conn.send(connAck(ConnAckReasonCode.SUCCESS, tamper.apply(serverFinal)));
                }
            }
        });
        open.add(b);
        return b;
    }

    private AsyncMqttClient client(ScriptedBroker broker, String user, String password) {
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().serverUri(broker.uri())
                .clientId("auth-it").ackTimeout(Duration.ofSeconds(5))
                .authenticator(ScramSha256Authenticator.of(user, password.toCharArray())).build());
        open.add(c);
        return c;
    }

    private static String text(ByteBuffer b) {
        return b == null ? "" : StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static AuthPacket auth(AuthReasonCode code, String method, String data) {
        return new AuthPacket(code, method, ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)), null, List.of());
    }

    private static ConnAckPacket connAck(ConnAckReasonCode code, String serverFinal) {
        return new ConnAckPacket(false, code, null, null, null, null, null, null, null, null, List.of(), null, null,
                null, null, null, null, serverFinal == null ? null : METHOD,
                serverFinal == null ? null : ByteBuffer.wrap(serverFinal.getBytes(StandardCharsets.UTF_8)));
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void scramExchangeDuringConnectSucceedsAndTheClientVerifiesTheServer() throws Exception {
        ScriptedBroker b = scramBroker(s -> s, true);
        AsyncMqttClient c = client(b, "alice", "correct horse");
        c.connect().get(10, TimeUnit.SECONDS);
        assertEquals(ClientState.CONNECTED, c.state());
        ConnectPacket connect = b.expect(ConnectPacket.class);
        assertTrue(text(connect.authenticationData()).startsWith("n,,n=alice,r="));
        AuthPacket clientFinal = b.expect(AuthPacket.class);
        assertEquals(AuthReasonCode.CONTINUE_AUTHENTICATION, clientFinal.reasonCode(), "[MQTT-4.12.0-3]");
        assertEquals(METHOD, clientFinal.authenticationMethod(), "[MQTT-4.12.0-5]: the same method throughout");
        assertTrue(text(clientFinal.authenticationData()).contains(",p="));
    }

    @Test
    void wrongPasswordIsRefusedByTheServer() throws Exception {
        ScriptedBroker b = scramBroker(s -> s, true);
        Throwable t = failure(client(b, "alice", "wrong").connect());
        MqttConnectionRefusedException refused = assertInstanceOf(MqttConnectionRefusedException.class, t);
        assertEquals(ConnAckReasonCode.NOT_AUTHORIZED, refused.connAck().reasonCode());
    }

    @Test
    void aServerThatCannotProveItKnowsThePasswordIsRefusedByTheClient() throws Exception {
        ScriptedBroker b = scramBroker(s -> "v=" + java.util.Base64.getEncoder().encodeToString(new byte[32]), true);
        AsyncMqttClient c = client(b, "alice", "correct horse");
        Throwable t = failure(c.connect());
        assertInstanceOf(MqttAuthenticationException.class, t);
        assertTrue(t.getMessage().contains("server signature"), t.getMessage());
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void anAuthWithAnotherMethodEndsTheExchange() throws Exception {
        ScriptedBroker b = ScriptedBroker.start((conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(auth(AuthReasonCode.CONTINUE_AUTHENTICATION, "OTHER", "r=x,s=eA==,i=1"));
            }
        });
        open.add(b);
        Throwable t = failure(client(b, "alice", "correct horse").connect());
        assertInstanceOf(MqttAuthenticationException.class, t);
        assertTrue(t.getMessage().contains("OTHER"), t.getMessage());
    }

    @Test
    void reauthenticationRunsANewExchangeOnTheOpenConnection() throws Exception {
        ScriptedBroker b = scramBroker(s -> s, true);
        AsyncMqttClient c = client(b, "alice", "correct horse");
        c.connect().get(10, TimeUnit.SECONDS);
        String firstNonce = text(b.expect(ConnectPacket.class).authenticationData());
        c.reauthenticate().get(10, TimeUnit.SECONDS);
        AuthPacket start = b.expect(AuthPacket.class); // the client-final of CONNECT's exchange
        if (start.reasonCode() != AuthReasonCode.RE_AUTHENTICATE) {
            start = b.expect(AuthPacket.class);
        }
        assertEquals(AuthReasonCode.RE_AUTHENTICATE, start.reasonCode());
        assertTrue(!text(start.authenticationData()).equals(firstNonce), "a fresh nonce for the new exchange");
        assertEquals(ClientState.CONNECTED, c.state());
    }

    @Test
    void aRefusedReauthenticationFailsWithTheServersDisconnect() throws Exception {
        ScriptedBroker b = scramBroker(s -> s, false);
        AsyncMqttClient c = client(b, "alice", "correct horse");
        c.connect().get(10, TimeUnit.SECONDS);
        MqttConnectionLostException lost = assertInstanceOf(MqttConnectionLostException.class,
                failure(c.reauthenticate()));
        assertEquals(DisconnectReasonCode.NOT_AUTHORIZED, lost.reasonCode().orElseThrow());
    }

    @Test
    void reauthenticationNeedsAnAuthenticator() throws Exception {
        ScriptedBroker b = ScriptedBroker.start(ScriptedBroker.accepting(
                ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS), (conn, p) -> { }));
        open.add(b);
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().serverUri(b.uri()).build());
        open.add(c);
        c.connect().get(10, TimeUnit.SECONDS);
        assertInstanceOf(MqttClientStateException.class, failure(c.reauthenticate()));
    }

    @Test
    void mqtt5SendsAPasswordWithoutAUserName() throws Exception {
        ScriptedBroker b = ScriptedBroker.start(ScriptedBroker.accepting(
                ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS), (conn, p) -> { }));
        open.add(b);
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().serverUri(b.uri())
                .password("a-token").build());
        open.add(c);
        c.connect().get(10, TimeUnit.SECONDS);
        ConnectPacket connect = b.expect(ConnectPacket.class);
        assertEquals(null, connect.username());
        assertEquals("a-token", text(connect.password()));
    }

    @Test
    void theBlockingClientReauthenticatesToo() {
        ScriptedBroker b = scramBroker(s -> s, true);
        try (dev.tern.mqtt.MqttClient c = TernMqtt.blockingClient(MqttClientOptions.builder().serverUri(b.uri())
                .ackTimeout(Duration.ofSeconds(5))
                .authenticator(ScramSha256Authenticator.of("alice", "correct horse".toCharArray())).build())) {
            c.connect();
            c.reauthenticate();
            assertEquals(ClientState.CONNECTED, c.state());
        }
    }
}
