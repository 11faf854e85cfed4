package dev.tern.mqtt;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS, WebSocket and proxy options: secure defaults, checks, and no secret in toString(). */
class TransportOptionsTest {

    @Test
    void tlsDefaultsAreSecure() {
        TlsOptions tls = TlsOptions.defaults();
        assertTrue(tls.isHostnameVerification());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertTrue(tls.trustedCertificates().isEmpty() && tls.sslContext().isEmpty() && tls.trustStore().isEmpty());
        assertEquals(TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT, tls.handshakeTimeout());
    }

    @Test
    void hostnameVerificationIsOffOnlyThroughItsOwnMethod() {
        TlsOptions tls = TlsOptions.builder().trustedCertificates(Path.of("ca.pem")).build();
        assertTrue(tls.isHostnameVerification());
        assertFalse(tls.toBuilder().disableHostnameVerification().build().isHostnameVerification());
        assertTrue(tls.toBuilder().build().isHostnameVerification());
    }

    @Test
    void tlsRefusesOldProtocolsAndTwoTrustSources() {
        assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.builder().protocols(List.of("TLSv1.1")).build());
        assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.builder().protocols(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.builder()
                .trustedCertificates(Path.of("a.pem")).trustStore(Path.of("b.p12"), null).build());
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.builder()
                .clientCertificate(Path.of("c.pem"), Path.of("c.key")).keyStore(Path.of("k.p12"), null).build());
        assertEquals(List.of("TLSv1.3"), TlsOptions.builder().protocols(List.of("TLSv1.3")).build().protocols());
    }

    @Test
    void tlsToStringShowsFilesButNoPassword() {
        String text = TlsOptions.builder().trustStore(Path.of("trust.p12"), "tr-secret".toCharArray())
                .keyStore(Path.of("client.p12"), "ks-secret".toCharArray()).build().toString();
        assertTrue(text.contains("trust.p12") && text.contains("client.p12"), text);
        assertFalse(text.contains("secret"), text);
    }

    @Test
    void proxyUriIsParsedAndItsPasswordHidden() {
        ProxyOptions http = ProxyOptions.parse("http://bob:p%40ss@proxy.example:3128");
        assertEquals(ProxyOptions.Type.HTTP, http.type());
        assertEquals("proxy.example", http.host());
        assertEquals(3128, http.port());
        assertEquals("bob", http.username().orElseThrow());
        assertEquals("p@ss", http.password().orElseThrow());
        assertFalse(http.toString().contains("p@ss"), http.toString());
        ProxyOptions socks = ProxyOptions.parse("socks5://127.0.0.1");
        assertEquals(ProxyOptions.Type.SOCKS5, socks.type());
        assertEquals(1080, socks.port());
        assertTrue(socks.username().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ProxyOptions.parse("ftp://proxy:21"));
        assertThrows(IllegalArgumentException.class, () -> ProxyOptions.parse("http://:80"));
    }

    @Test
    void webSocketHeadersAreNeverShown() {
        WebSocketOptions ws = WebSocketOptions.builder().headers(Map.of("Authorization", "Bearer tok-123")).build();
        assertEquals("Bearer tok-123", ws.headers().get().get("Authorization"));
        assertFalse(ws.toString().contains("tok-123"));
        assertThrows(IllegalArgumentException.class, () -> WebSocketOptions.builder().maxFrameSize(8).build());
    }
}
