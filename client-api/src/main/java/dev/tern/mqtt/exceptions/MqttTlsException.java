package dev.tern.mqtt.exceptions;

/**
 * The TLS handshake with the server failed, or the server ended the TLS session with an alert. The subclasses name
 * the causes worth telling apart:
 * <ul>
 *   <li>{@link MqttUntrustedCertificateException}: the server's certificate does not lead to a trusted CA
 *       ({@link MqttCertificateExpiredException} when a certificate of the chain has expired or is not yet valid);</li>
 *   <li>{@link MqttHostnameMismatchException}: the certificate is trusted but names another host;</li>
 *   <li>{@link MqttTlsHandshakeTimeoutException}: the handshake did not finish in time;</li>
 *   <li>{@link MqttClientCertificateRejectedException}: the server refused the client certificate, or needed one.</li>
 * </ul>
 * Any other TLS failure (no common protocol version or cipher suite, a malformed record) is a plain
 * {@code MqttTlsException}. {@link #getCause()} always holds the JDK's or Netty's exception.
 */
public class MqttTlsException extends MqttTransportException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the underlying cause (usually an {@code SSLException}), which may be null. */
    public MqttTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
