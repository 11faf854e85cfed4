package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.exceptions.MqttCertificateExpiredException;
import dev.tern.mqtt.exceptions.MqttClientCertificateRejectedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttHostnameMismatchException;
import dev.tern.mqtt.exceptions.MqttTlsException;
import dev.tern.mqtt.exceptions.MqttTlsHandshakeTimeoutException;
import dev.tern.mqtt.exceptions.MqttTransportException;
import dev.tern.mqtt.exceptions.MqttUntrustedCertificateException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Turns what Netty and the JDK throw while the transport is set up into Tern's distinct exceptions. The JDK has
 * no API for "why did the handshake fail", so the trust verdict comes from {@link VerdictTrustManager}, and a
 * server's refusal of the client certificate from the TLS alert it sent. Stateless.
 */
final class TransportFailures {

    /** TLS alerts (RFC 8446 section 6.2) with which a server refuses or misses the client's certificate. */
    private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of("certificate_required", "bad_certificate",
            "unsupported_certificate", "certificate_revoked", "certificate_expired", "certificate_unknown",
            "unknown_ca", "access_denied");

    private TransportFailures() {
    }

    /**
     * The Tern exception for a failure of the transport to {@code server}, or null if {@code cause} is not a
     * transport failure (then the caller treats it as before: a network or protocol error).
     */
    static MqttException classify(Throwable cause, VerdictTrustManager trust, String server) {
        if (cause instanceof MqttException) {
            return (MqttException) cause;
        }
        SslHandshakeTimeoutException timeout = find(cause, SslHandshakeTimeoutException.class);
        if (timeout != null) {
            return new MqttTlsHandshakeTimeoutException("the TLS handshake with " + server + " timed out: "
                    + timeout.getMessage(), timeout);
        }
        ProxyConnectException proxy = find(cause, ProxyConnectException.class);
        if (proxy != null) {
            return new MqttTransportException("the proxy did not connect to " + server + ": " + proxy.getMessage(),
                    proxy);
        }
        WebSocketClientHandshakeException ws = find(cause, WebSocketClientHandshakeException.class);
        if (ws != null) {
            return new MqttTransportException("the WebSocket upgrade to " + server + " failed: " + ws.getMessage(),
                    ws);
        }
        SSLException ssl = find(cause, SSLException.class);
        if (ssl == null) {
            return null;
        }
        VerdictTrustManager.Verdict verdict = trust == null ? null : trust.verdict();
        if (verdict == null && find(cause, CertificateException.class) != null) {
            verdict = VerdictTrustManager.Verdict.UNTRUSTED; // a caller-supplied SSLContext: no verdict available
        }
        if (verdict != null) {
            return switch (verdict) {
                case EXPIRED -> new MqttCertificateExpiredException("the certificate of " + server
                        + " has expired or is not yet valid: " + rootMessage(ssl), ssl);
                case HOSTNAME_MISMATCH -> new MqttHostnameMismatchException("the certificate of " + server
                        + " is trusted but issued for another host name: " + rootMessage(ssl), ssl);
                case UNTRUSTED -> new MqttUntrustedCertificateException("the certificate of " + server
                        + " is not trusted (no path to a trusted CA): " + rootMessage(ssl), ssl);
            };
        }
        String alert = receivedAlert(cause);
        if (alert != null && CLIENT_CERTIFICATE_ALERTS.contains(alert)) {
            return new MqttClientCertificateRejectedException(server + " refused the client certificate (TLS alert "
                    + alert + ")", ssl);
        }
        return new MqttTlsException("TLS with " + server + " failed: " + rootMessage(ssl), ssl);
    }

    /** The alert description in "Received fatal alert: X" anywhere in the chain (the JDK's wording). */
    private static String receivedAlert(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                int i = m.indexOf("Received fatal alert: ");
                if (i >= 0) {
                    return m.substring(i + "Received fatal alert: ".length()).trim();
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
