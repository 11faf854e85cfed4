package dev.tern.mqtt.exceptions;

/**
 * The server presented a certificate that does not lead to a CA the client trusts: a self-signed certificate, one
 * signed by a CA missing from the trust store, or a chain the server sent incomplete. Check the CA file or trust
 * store in {@code TlsOptions}.
 */
public class MqttUntrustedCertificateException extends MqttTlsException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause (usually an {@code SSLException}), which may be null. */
    public MqttUntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
