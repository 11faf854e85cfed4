package dev.tern.mqtt.exceptions;

/**
 * The transport under MQTT could not be set up: a TLS handshake failed, a WebSocket upgrade was refused, or a
 * proxy refused to connect. The TLS failures have their own subclasses ({@link MqttTlsException}); the message
 * says which step failed and {@link #getCause()} holds the underlying error.
 */
public class MqttTransportException extends MqttException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause, which may be null. */
    public MqttTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
