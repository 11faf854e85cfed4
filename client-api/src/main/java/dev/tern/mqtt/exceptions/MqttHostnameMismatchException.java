package dev.tern.mqtt.exceptions;

/**
 * The server's certificate is trusted, but is issued for another name than the host in the server URI (its subject
 * alternative names do not match). Connect with the name in the certificate; turning hostname verification off
 * ({@code TlsOptions.Builder.disableHostnameVerification()}) lets anyone with a trusted certificate impersonate the
 * server.
 */
public class MqttHostnameMismatchException extends MqttTlsException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause (usually an {@code SSLException}), which may be null. */
    public MqttHostnameMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
