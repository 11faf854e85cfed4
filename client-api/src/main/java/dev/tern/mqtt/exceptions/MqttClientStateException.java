package dev.tern.mqtt.exceptions;

/**
 * The client is not in a state that allows the operation: for example a publish while not connected, a connect while
 * already connected, or any call after {@code close()}. The message names the state.
 */
public class MqttClientStateException extends MqttException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MqttClientStateException(String message) {
        super(message);
    }

    /** Creates the exception with a cause (the original when rethrown on another thread). */
    public MqttClientStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
