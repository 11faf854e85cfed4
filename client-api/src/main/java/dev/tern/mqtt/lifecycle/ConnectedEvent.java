package dev.tern.mqtt.lifecycle;

import dev.tern.mqtt.message.ConnAck;

import java.net.URI;
import java.util.Objects;

/** A connection was accepted by the server. Immutable. */
public final class ConnectedEvent {

    private final URI serverUri;
    private final ConnAck connAck;
    private final boolean reconnect;

    /**
     * Creates the event.
     *
     * @param serverUri the server that accepted the connection
     * @param connAck its CONNACK
     * @param reconnect whether the connection was made by automatic reconnect rather than by {@code connect()}
     */
    public ConnectedEvent(URI serverUri, ConnAck connAck, boolean reconnect) {
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        this.connAck = Objects.requireNonNull(connAck, "connAck");
        this.reconnect = reconnect;
    }

    /** The server that accepted the connection (after any redirection). */
    public URI serverUri() {
        return serverUri;
    }

    /** The server's CONNACK. */
    public ConnAck connAck() {
        return connAck;
    }

    /**
     * Whether the server resumed an existing session. When true, unacknowledged messages were resent; when false,
     * the server started afresh, so the client resubscribed and republished (as the options say).
     */
    public boolean isSessionPresent() {
        return connAck.isSessionPresent();
    }

    /** Whether automatic reconnect made this connection. */
    public boolean isReconnect() {
        return reconnect;
    }

    @Override
    public String toString() {
        return "ConnectedEvent[server=" + serverUri + ", sessionPresent=" + isSessionPresent() + ", reconnect="
                + reconnect + "]";
    }
}
