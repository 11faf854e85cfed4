package dev.tern.mqtt.exceptions;

/**
 * A certificate in the server's chain has expired or is not valid yet (check the server's certificate and this
 * machine's clock).
 */
public class MqttCertificateExpiredException extends MqttUntrustedCertificateException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause (usually an {@code SSLException}), which may be null. */
    public MqttCertificateExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
