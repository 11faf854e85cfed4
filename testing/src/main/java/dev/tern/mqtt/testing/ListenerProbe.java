package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Asks a port on 127.0.0.1 what it serves, with the JDK alone (never the client under test): for TLS, which
 * certificate the server proves it holds the key of and whether it asks for a client certificate; for WebSocket,
 * whether it upgrades {@code /mqtt}; for plain MQTT, whether a CONNECT is accepted. {@link SecureBroker} and
 * {@link EmbeddedHiveMq} use it to make sure each listener URI they hand out reaches the listener it describes: a
 * broker can start without one of its listeners (HiveMQ CE only logs an error when a port cannot be bound), and a
 * free port can be taken by someone else before the broker binds it.
 */
final class ListenerProbe {

    private static final int TIMEOUT_MILLIS = 5_000;

    /** What a TLS server showed in one handshake. */
    record TlsSeen(X509Certificate certificate, boolean askedForClientCertificate) {
    }

    private ListenerProbe() {
    }

    /**
     * A TLS handshake without a client certificate. The certificate is not checked here (any is accepted, the caller
     * compares it with the one it expects); the handshake proves that the server holds its key.
     *
     * @throws IOException if there is no TLS server on the port, or it presented no certificate
     */
    static TlsSeen tls(int port) throws IOException {
        AtomicReference<X509Certificate> presented = new AtomicReference<>();
        AtomicBoolean asked = new AtomicBoolean();
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {new NoClientCertificate(asked)},
                    new X509ExtendedTrustManager[] {new RecordingTrust(presented)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(Loopback.HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                socket.startHandshake();
            } catch (SSLException refused) {
                // a server that requires a client certificate refuses this one (TLS 1.2 refuses in the handshake)
                if (!asked.get()) {
                    throw refused;
                }
            }
        }
        if (presented.get() == null) {
            throw new IOException("no server certificate on port " + port);
        }
        return new TlsSeen(presented.get(), asked.get());
    }

    /** Whether the port answers a WebSocket upgrade of {@code path} with subprotocol {@code mqtt} by 101. */
    static boolean upgradesWebSocket(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Loopback.HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return statusLine(socket.getInputStream()).matches("HTTP/1\\.1 101\\b.*");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends an MQTT 3.1.1 CONNECT (clean session, client identifier {@code clientId}) and, when the CONNACK accepts
     * it, a DISCONNECT. Any MQTT server accepts it, so a true answer alone does not say whose server it is: the caller
     * asks its own broker whether it saw this connection.
     *
     * @return whether a CONNACK with return code 0 came back within the timeout
     */
    static boolean acceptsMqttConnect(int port, String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 100) {
            throw new IllegalArgumentException("a short client identifier keeps the remaining length in one byte");
        }
        byte[] connect = new byte[14 + id.length];
        byte[] header = {0x10, (byte) (12 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60};
        System.arraycopy(header, 0, connect, 0, header.length);
        connect[12] = 0;
        connect[13] = (byte) id.length;
        System.arraycopy(id, 0, connect, 14, id.length);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Loopback.HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(connect);
            out.flush();
            byte[] connAck = socket.getInputStream().readNBytes(4);
            if (connAck.length != 4 || connAck[0] != 0x20 || connAck[1] != 2 || connAck[3] != 0) {
                return false;
            }
            disconnect(out);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A normal end, so that a broker does not log a lost connection; the probe has its answer either way. */
    private static void disconnect(OutputStream out) {
        try {
            out.write(new byte[] {(byte) 0xE0, 0});
            out.flush();
        } catch (IOException ignored) {
            // the server closed first
        }
    }

    /** The X.509 certificate in a PEM file. */
    static X509Certificate certificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("no certificate in " + pem, e);
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 200; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Accepts any server and keeps its certificate: the probe compares it afterwards. */
    private static final class RecordingTrust extends X509ExtendedTrustManager {

        private final AtomicReference<X509Certificate> presented;

        RecordingTrust(AtomicReference<X509Certificate> presented) {
            this.presented = presented;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            presented.set(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            presented.set(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            presented.set(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a client probe");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a client probe");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client probe");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Has no client certificate, and notes that the server asked for one (the JDK asks only then). */
    private static final class NoClientCertificate extends X509ExtendedKeyManager {

        private final AtomicBoolean asked;

        NoClientCertificate(AtomicBoolean asked) {
            this.asked = asked;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            asked.set(true);
            return null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            asked.set(true);
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }
}
