package dev.tern.mqtt.exceptions;

import dev.tern.mqtt.reason.DisconnectReasonCode;

import java.util.Objects;
import java.util.Optional;

/**
 * The connection ended while an operation was under way, or could not be made. {@link #closedBy()} says who ended
 * it; when the server sent a DISCONNECT, {@link #reasonCode()} and {@link #reasonString()} carry its reason, and
 * {@link #getCause()} holds the underlying network or protocol error if there was one.
 */
public class MqttConnectionLostException extends MqttException {

    private static final long serialVersionUID = 1L;

    /** Who ended a connection. */
    public enum ClosedBy {
        /** The client: {@code disconnect()}, {@code close()}, or the client detected a protocol error or timeout. */
        CLIENT,
        /** The server: it sent DISCONNECT, or closed the connection in answer to something. */
        SERVER,
        /** Neither on purpose: the network failed, the connection was reset, or it could not be opened. */
        NETWORK
    }

    private final ClosedBy closedBy;
    private final DisconnectReasonCode reasonCode;
    private final String reasonString;

    /**
     * Creates the exception.
     *
     * @param message what happened, for a person to read
     * @param closedBy who ended the connection
     * @param reasonCode the DISCONNECT reason code, or null if no DISCONNECT was exchanged
     * @param reasonString the MQTT 5.0 reason string of that DISCONNECT, or null
     * @param cause the underlying error, or null
     */
    public MqttConnectionLostException(String message, ClosedBy closedBy, DisconnectReasonCode reasonCode,
            String reasonString, Throwable cause) {
        super(message, cause);
        this.closedBy = Objects.requireNonNull(closedBy, "closedBy");
        this.reasonCode = reasonCode;
        this.reasonString = reasonString;
    }

    /** Who ended the connection. */
    public ClosedBy closedBy() {
        return closedBy;
    }

    /** The reason code of the DISCONNECT that ended the connection, if one was sent or received. */
    public Optional<DisconnectReasonCode> reasonCode() {
        return Optional.ofNullable(reasonCode);
    }

    /** The MQTT 5.0 reason string of that DISCONNECT, if any. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }
}
