package dev.tern.mqtt.exceptions;

/**
 * The root of every exception Tern throws or completes a future with. Unchecked: an MQTT failure is something a
 * caller may handle, not something every caller must declare.
 *
 * <p>The subclasses say what failed: {@link MqttProtocolException} for a packet that breaks the protocol,
 * and the client-side exceptions added alongside the client for refused connections, lost connections, negative
 * acknowledgements and timeouts.
 */
public class MqttException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public MqttException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public MqttException(String message, Throwable cause) {
        super(message, cause);
    }
}
