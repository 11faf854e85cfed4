package dev.tern.mqtt.lifecycle;

import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException.ClosedBy;
import dev.tern.mqtt.exceptions.MqttException;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A connection ended, or the client gave up reconnecting. Immutable. */
public final class DisconnectedEvent {

    private final URI serverUri;
    private final MqttException cause;
    private final boolean willReconnect;
    private final Instant sessionKeptUntil;

    /**
     * Creates the event.
     *
     * @param serverUri the server of the connection that ended, or of the last attempt
     * @param cause why: usually a {@link MqttConnectionLostException}; the last attempt's failure when giving up
     * @param willReconnect whether the client will try to connect again
     * @param sessionKeptUntil until when the server may keep the session, {@link Instant#MAX} for no expiry, or null
     *        if it discarded the session with the connection
     */
    public DisconnectedEvent(URI serverUri, MqttException cause, boolean willReconnect, Instant sessionKeptUntil) {
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        this.cause = Objects.requireNonNull(cause, "cause");
        this.willReconnect = willReconnect;
        this.sessionKeptUntil = sessionKeptUntil;
    }

    /** The server of the connection that ended. */
    public URI serverUri() {
        return serverUri;
    }

    /** Why the connection ended. */
    public MqttException cause() {
        return cause;
    }

    /**
     * Who ended the connection: the client ({@code disconnect()}, {@code close()}, a timeout or a protocol error it
     * detected), the server (DISCONNECT, or it closed the connection), or the network.
     */
    public ClosedBy closedBy() {
        return cause instanceof MqttConnectionLostException ? ((MqttConnectionLostException) cause).closedBy()
                : ClosedBy.NETWORK;
    }

    /** Whether automatic reconnect will try to connect again; {@code onReconnecting} follows if so. */
    public boolean willReconnect() {
        return willReconnect;
    }

    /**
     * Until when the server may still have this client's session (MQTT 5.0 session expiry interval counted from the
     * end of the connection; MQTT 3.1.1 clean session 0 keeps it for ever, shown as {@link Instant#MAX}). Empty when
     * the session ended with the connection, so the next connection starts a new one.
     */
    public Optional<Instant> sessionKeptUntil() {
        return Optional.ofNullable(sessionKeptUntil);
    }

    @Override
    public String toString() {
        return "DisconnectedEvent[server=" + serverUri + ", closedBy=" + closedBy() + ", cause=" + cause.getMessage()
                + ", willReconnect=" + willReconnect + ", sessionKeptUntil=" + sessionKeptUntil + "]";
    }
}
