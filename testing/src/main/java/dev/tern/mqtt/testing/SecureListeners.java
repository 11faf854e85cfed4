package dev.tern.mqtt.testing;

import java.nio.file.Path;

/**
 * The extra listeners of a {@link SecureBroker}, each on its own free port of 127.0.0.1 (Mosquitto's WebSocket
 * listeners bind every interface, see BROKERS.md): TLS with the {@code localhost} certificate, TLS that requires a
 * client certificate from the test CA, TLS with the wrong-name certificate, TLS with the expired certificate,
 * WebSocket and WebSocket over TLS (path {@link #WEBSOCKET_PATH} on HiveMQ; Mosquitto serves any path).
 */
record SecureListeners(int tls, int mutualTls, int wrongName, int expired, int ws, int wss) {

    static final String WEBSOCKET_PATH = "/mqtt";

    static SecureListeners allocate() {
        return new SecureListeners(Loopback.freePort(), Loopback.freePort(), Loopback.freePort(),
                Loopback.freePort(), Loopback.freePort(), Loopback.freePort());
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
