package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The extra listeners of a {@link SecureBroker}, each on its own free port of 127.0.0.1 (Mosquitto's WebSocket
 * listeners bind every interface, see BROKERS.md): TLS with the {@code localhost} certificate, TLS that requires a
 * client certificate from the test CA, TLS with the wrong-name certificate, TLS with the expired certificate,
 * WebSocket and WebSocket over TLS (path {@link #WEBSOCKET_PATH} on HiveMQ; Mosquitto serves any path).
 *
 * <p>The ports are free when allocated, not reserved: {@link #problem} checks after the broker started that each
 * port serves the listener it is meant for.
 */
record SecureListeners(int tls, int mutualTls, int wrongName, int expired, int ws, int wss) {

    static final String WEBSOCKET_PATH = "/mqtt";

    /**
     * Six different free ports. All six sockets stay open until the last is chosen: a port closed before the next is
     * asked for can come back, and two listeners on one port leave one of them unbound (HiveMQ then binds the first,
     * so the mutual-TLS URI would reach the plain TLS listener, which asks for no client certificate).
     */
    static SecureListeners allocate() {
        ServerSocket[] sockets = new ServerSocket[6];
        try {
            int[] ports = new int[sockets.length];
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return new SecureListeners(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]);
        } catch (IOException e) {
            throw new UncheckedIOException("no free ports on " + Loopback.HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // only a free port was wanted
        }
    }

    /** The listeners in HiveMQ's config.xml syntax, to go inside {@code <listeners>}. */
    String hiveMqXml(TestPki pki) {
        return tlsListener("tls-tcp-listener", tls, pki.keyStore("server"), null, false)
                + tlsListener("tls-tcp-listener", mutualTls, pki.keyStore("server"), pki.caTrustStore(), true)
                + tlsListener("tls-tcp-listener", wrongName, pki.keyStore("wrong-name"), null, false)
                + tlsListener("tls-tcp-listener", expired, pki.keyStore("expired"), null, false)
                + "    <websocket-listener><port>" + ws + "</port><bind-address>" + Loopback.HOST
                + "</bind-address><path>" + WEBSOCKET_PATH + "</path>" + subprotocols()
                + "</websocket-listener>\n"
                + tlsListener("tls-websocket-listener", wss, pki.keyStore("server"), null, false);
    }

    private static String subprotocols() {
        return "<subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>";
    }

    private static String tlsListener(String element, int port, Path keyStore, Path trustStore, boolean required) {
        String ws = element.contains("websocket") ? "<path>" + WEBSOCKET_PATH + "</path>" + subprotocols() : "";
        return "    <" + element + "><port>" + port + "</port><bind-address>" + Loopback.HOST + "</bind-address>" + ws
                + "<tls><keystore><path>" + keyStore + "</path><password>" + TestPki.PASSWORD
                + "</password><private-key-password>" + TestPki.PASSWORD + "</private-key-password></keystore>"
                + (trustStore == null ? "" : "<truststore><path>" + trustStore + "</path><password>"
                + TestPki.PASSWORD + "</password></truststore>")
                + "<client-authentication-mode>" + (required ? "REQUIRED" : "NONE") + "</client-authentication-mode>"
                + "</tls></" + element + ">\n";
    }

    /**
     * Why some listener URI would not reach the listener it is meant for, or null when every one does: each TLS port
     * must prove it holds the key of this PKI's certificate for it (a broker of another test JVM has its own PKI),
     * and ask for a client certificate exactly when it is the mutual-TLS listener; the WebSocket port must upgrade
     * {@link #WEBSOCKET_PATH}.
     */
    String problem(TestPki pki) {
        List<TlsPort> tlsPorts = List.of(new TlsPort("TLS", tls, "server", false),
                new TlsPort("mutual TLS", mutualTls, "server", true),
                new TlsPort("wrong-name TLS", wrongName, "wrong-name", false),
                new TlsPort("expired TLS", expired, "expired", false),
                new TlsPort("WebSocket over TLS", wss, "server", false));
        for (TlsPort port : tlsPorts) {
            String problem = port.problem(pki);
            if (problem != null) {
                return problem;
            }
        }
        return ListenerProbe.upgradesWebSocket(ws, WEBSOCKET_PATH) ? null
                : "the WebSocket port " + ws + " does not upgrade " + WEBSOCKET_PATH;
    }

    /** A TLS listener: its port, the name of its certificate in the PKI, whether it requires a client certificate. */
    private record TlsPort(String listener, int port, String certificate, boolean mutual) {

        String problem(TestPki pki) {
            ListenerProbe.TlsSeen seen;
            X509Certificate expected;
            try {
                expected = ListenerProbe.certificate(pki.certificate(certificate));
                seen = ListenerProbe.tls(port);
            } catch (IOException e) {
                return "no TLS server with the " + certificate + " certificate on the " + listener + " port " + port
                        + ": " + e;
            }
            if (!seen.certificate().equals(expected)) {
                return "the " + listener + " port " + port + " presents " + seen.certificate().getSubjectX500Principal()
                        + " issued by " + seen.certificate().getIssuerX500Principal() + ", not the " + certificate
                        + " certificate of " + pki.folder();
            }
            if (seen.askedForClientCertificate() != mutual) {
                return "the " + listener + " port " + port + (mutual ? " does not ask" : " asks")
                        + " for a client certificate";
            }
            return null;
        }
    }

    /** The listeners in mosquitto.conf syntax, appended after the plain listener. */
    String mosquittoConf(TestPki pki) {
        return mosquittoTls(tls, pki, "server", false)
                + mosquittoTls(mutualTls, pki, "server", true)
                + mosquittoTls(wrongName, pki, "wrong-name", false)
                + mosquittoTls(expired, pki, "expired", false)
                + "listener " + ws + "\nprotocol websockets\n"
                + "listener " + wss + "\nprotocol websockets\n" + tlsFiles(pki, "server");
    }

    private static String mosquittoTls(int port, TestPki pki, String name, boolean required) {
        return "listener " + port + " " + Loopback.HOST + "\n" + tlsFiles(pki, name)
                + (required ? "require_certificate true\n" : "");
    }

    private static String tlsFiles(TestPki pki, String name) {
        return "cafile " + pki.caCertificate() + "\ncertfile " + pki.certificate(name) + "\nkeyfile "
                + pki.privateKey(name) + "\n";
    }
}
