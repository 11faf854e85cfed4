package dev.tern.mqtt.exceptions;

import java.util.Objects;

/**
 * A published message was never sent and never will be: the offline buffer was full, it expired while waiting, QoS 0
 * buffering is off, or the client disconnected for good while it waited. {@link #reason()} says which.
 */
public class MqttMessageDroppedException extends MqttException {

    private static final long serialVersionUID = 1L;

    /** Why a message was dropped. */
    public enum Reason {
        /** The offline buffer was full and its overflow policy is to reject new messages: this one. */
        BUFFER_FULL_REJECTED,
        /** The offline buffer was full and its overflow policy dropped this message, the oldest one waiting. */
        BUFFER_FULL_DROPPED_OLDEST,
        /** The offline buffer was full and its overflow policy dropped this message, the newest one waiting. */
        BUFFER_FULL_DROPPED_NEWEST,
        /** Its MQTT 5.0 message expiry interval passed while it waited to be sent. */
        EXPIRED,
        /** It was a QoS 0 message published while offline, and buffering QoS 0 messages is turned off. */
        QOS0_NOT_BUFFERED,
        /**
         * It waited to be sent, and then the client disconnected for good: {@code disconnect()} or {@code close()}
         * was called, automatic reconnect is off, or the reconnect policy gave up.
         */
        DISCONNECTED
    }

    private final Reason reason;

    /** Creates the exception. */
    public MqttMessageDroppedException(String message, Reason reason) {
        this(message, reason, null);
    }

    /** Creates the exception with a cause (the original when rethrown on another thread). */
    public MqttMessageDroppedException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the message was dropped. */
    public Reason reason() {
        return reason;
    }
}
