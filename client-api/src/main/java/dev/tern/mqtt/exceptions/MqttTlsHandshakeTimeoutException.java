package dev.tern.mqtt.exceptions;

/**
 * The TLS handshake did not finish within the handshake timeout of {@code TlsOptions}: often a plain MQTT port
 * reached with {@code mqtts://}, or a server that accepts TCP connections but does not answer.
 */
public class MqttTlsHandshakeTimeoutException extends MqttTlsException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause (usually an {@code SSLException}), which may be null. */
    public MqttTlsHandshakeTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
