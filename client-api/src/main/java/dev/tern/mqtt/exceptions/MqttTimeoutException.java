package dev.tern.mqtt.exceptions;

/**
 * Something did not happen in time: the connection was not opened within the connect timeout, the CONNACK did not
 * arrive within the CONNACK timeout, an acknowledgement or a reply did not arrive within its timeout, or a blocking
 * call gave up waiting. The message says which.
 */
public class MqttTimeoutException extends MqttException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MqttTimeoutException(String message) {
        super(message);
    }

    /** Creates the exception with a cause (the original when rethrown on another thread). */
    public MqttTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
