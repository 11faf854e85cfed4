package dev.tern.mqtt.exceptions;

import dev.tern.mqtt.message.ConnAck;

import java.util.Objects;

/**
 * The server refused the connection: its CONNACK carried an error reason code (or, in MQTT 3.1.1, a non-zero return
 * code). {@link #connAck()} is the server's whole answer.
 */
public class MqttConnectionRefusedException extends MqttException {

    private static final long serialVersionUID = 1L;

    private final transient ConnAck connAck;

    /** Creates the exception for a refusing CONNACK. */
    public MqttConnectionRefusedException(ConnAck connAck) {
        this(connAck, null);
    }

    /**
     * Creates the exception with a cause; the blocking client uses this to rethrow on the caller's thread with the
     * original as the cause.
     */
    public MqttConnectionRefusedException(ConnAck connAck, Throwable cause) {
        super(describe(connAck), cause);
        this.connAck = Objects.requireNonNull(connAck, "connAck");
    }

    /** The CONNACK the server refused the connection with. */
    public ConnAck connAck() {
        return connAck;
    }

    private static String describe(ConnAck connAck) {
        return String.format("connection refused by the server: 0x%02X %s%s", connAck.reasonCode().code(),
                connAck.reasonCode(), connAck.reasonString().map(s -> " (" + s + ")").orElse(""));
    }
}
