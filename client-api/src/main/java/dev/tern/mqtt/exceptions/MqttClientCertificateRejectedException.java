package dev.tern.mqtt.exceptions;

/**
 * The server ended the handshake with a certificate alert: it needs a client certificate and got none, or does not
 * trust, accept or recognise the one sent (for example because it expired). The alert is in the message.
 */
public class MqttClientCertificateRejectedException extends MqttTlsException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause (usually an {@code SSLException}), which may be null. */
    public MqttClientCertificateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
