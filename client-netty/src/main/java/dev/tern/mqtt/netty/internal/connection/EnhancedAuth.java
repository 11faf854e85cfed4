package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.auth.AuthExchange;
import dev.tern.mqtt.auth.Authenticator;
import dev.tern.mqtt.exceptions.MqttAuthenticationException;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.reason.AuthReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Drives MQTT 5.0 enhanced authentication (section 4.12) for one client with its {@link Authenticator}: the
 * exchange of each CONNECT, and re-authentication (4.12.1) while connected. Every AUTH from the server must carry
 * the method of the CONNECT [MQTT-4.12.0-5]; the client answers a "continue" (0x18) with a "continue"
 * [MQTT-4.12.0-3]. Never logs authentication data.
 *
 * <p>Event loop only. Methods throw {@link MqttAuthenticationException} when the exchange must end; the caller
 * closes the connection with it.
 */
final class EnhancedAuth {

    private static final Logger log = LoggerFactory.getLogger(EnhancedAuth.class);
    private static final byte[] NONE = new byte[0];

    private final Authenticator authenticator;
    private AuthExchange exchange;
    private CompletableFuture<Void> reauthentication;

    EnhancedAuth(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    String method() {
        return authenticator.method();
    }

    /** Starts the exchange of a new connection: the CONNECT with method and initial data. */
    ConnectPacket begin(ConnectPacket c) {
        failReauthentication(new MqttAuthenticationException("a new connection replaced the re-authentication"));
        exchange = authenticator.start(false);
        byte[] data = exchange.initialData();
        return new ConnectPacket(c.protocolVersion(), c.clientId(), c.cleanStart(), c.keepAliveSeconds(),
                c.username(), c.password(), c.will(), c.sessionExpiryInterval(), c.receiveMaximum(),
                c.maximumPacketSize(), c.topicAliasMaximum(), c.requestResponseInformation(),
                c.requestProblemInformation(), authenticator.method(), data == null ? null : ByteBuffer.wrap(data),
                c.userProperties());
    }

    /** A CONNACK with reason code success: lets the exchange verify the server's final data. */
    void connAckSuccess(ConnAckPacket ack) {
        AuthExchange ex = exchange;
        exchange = null;
        if (ack.authenticationMethod() != null && !ack.authenticationMethod().equals(authenticator.method())) {
            throw new MqttAuthenticationException("the server's CONNACK names authentication method "
                    + ack.authenticationMethod() + ", the client asked for " + authenticator.method());
        }
        if (ex != null) {
            ex.onSuccess(bytes(ack.authenticationData()));
        }
        log.debug("enhanced authentication with {} succeeded", authenticator.method());
    }

    /** Starts re-authentication: the AUTH 0x19 to send; {@code done} completes when the server accepts. */
    AuthPacket reauthenticate(CompletableFuture<Void> done) {
        if (reauthentication != null) {
            throw new IllegalStateException("a re-authentication is already under way");
        }
        exchange = authenticator.start(true);
        byte[] data = exchange.initialData();
        reauthentication = done;
        return auth(AuthReasonCode.RE_AUTHENTICATE, data);
    }

    /**
     * An AUTH from the server, during CONNECT or a re-authentication.
     *
     * @return the AUTH to answer with, or null if none is due (re-authentication succeeded)
     * @throws MqttAuthenticationException if the server broke the exchange or the authenticator refused its data
     */
    AuthPacket onAuth(AuthPacket p, boolean connecting) {
        if (exchange == null) {
            throw new MqttAuthenticationException("the server sent AUTH " + p.reasonCode()
                    + " but no authentication exchange is under way");
        }
        if (!authenticator.method().equals(p.authenticationMethod())) {
            throw new MqttAuthenticationException("the server's AUTH names authentication method "
                    + p.authenticationMethod() + ", the client uses " + authenticator.method());
        }
        switch (p.reasonCode()) {
            case CONTINUE_AUTHENTICATION -> {
                byte[] answer = exchange.onContinue(bytes(p.authenticationData()));
                return auth(AuthReasonCode.CONTINUE_AUTHENTICATION, answer);
            }
            case SUCCESS -> {
                if (connecting) {
                    throw new MqttAuthenticationException("the server sent AUTH success instead of CONNACK");
                }
                AuthExchange ex = exchange;
                exchange = null;
                CompletableFuture<Void> done = reauthentication;
                reauthentication = null;
                ex.onSuccess(bytes(p.authenticationData()));
                log.debug("re-authentication with {} succeeded", authenticator.method());
                if (done != null) {
                    done.complete(null);
                }
                return null;
            }
            default -> throw new MqttAuthenticationException("a server must not send AUTH " + p.reasonCode());
        }
    }

    /** Ends a pending re-authentication with {@code cause} (the connection ended, or the exchange failed). */
    void failReauthentication(Throwable cause) {
        CompletableFuture<Void> done = reauthentication;
        reauthentication = null;
        if (done != null) {
            exchange = null;
            done.completeExceptionally(cause);
        }
    }

    private AuthPacket auth(AuthReasonCode code, byte[] data) {
        return new AuthPacket(code, authenticator.method(), data == null ? null : ByteBuffer.wrap(data), null,
                List.of());
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return NONE;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
