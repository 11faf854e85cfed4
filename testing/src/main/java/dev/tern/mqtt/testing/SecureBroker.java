package dev.tern.mqtt.testing;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A test broker with TLS and WebSocket listeners besides its plain one, and the {@link TestPki} its certificates
 * come from. TLS URIs use the host name {@code localhost}, which the server certificate names, so hostname
 * verification passes; the wrong-name and expired listeners present the certificates their names say.
 *
 * <pre>{@code
 * @SecureBrokersTest
 * void connectsOverTls(SecureBroker broker) {
 *     var options = MqttClientOptions.builder().serverUri(broker.tlsUri())
 *             .tls(TlsOptions.builder().trustedCertificates(broker.pki().caCertificate()).build()).build();
 * }
 * }</pre>
 *
 * <p>Started by {@link SecureBrokersTest}, one per broker kind per test JVM, or with {@link #startHiveMq} and
 * {@link #startMosquitto} where there is no JUnit.
 */
public final class SecureBroker implements AutoCloseable {

    /** A user in Mosquitto's password file (HiveMQ CE embedded accepts any credentials). */
    public static final String USERNAME = "tern-user";
    /** The password of {@link #USERNAME}. */
    public static final String PASSWORD = "tern-password";

    private final BrokerEndpoint plain;
    private final SecureListeners listeners;
    private final TestPki pki;
    private final Runnable stop;

    private SecureBroker(BrokerEndpoint plain, SecureListeners listeners, TestPki pki, Runnable stop) {
        this.plain = plain;
        this.listeners = listeners;
        this.pki = pki;
        this.stop = stop;
    }

    /** Starts an embedded HiveMQ with the listeners, using certificates from {@code pki}. */
    public static SecureBroker startHiveMq(TestPki pki) {
        SecureListeners listeners = SecureListeners.allocate();
        EmbeddedHiveMq hiveMq = EmbeddedHiveMq.builder().extraListeners(listeners.hiveMqXml(pki)).build();
        return new SecureBroker(hiveMq.start(), listeners, pki, hiveMq::stop);
    }

    /** Starts a Mosquitto process with the listeners, using certificates from {@code pki}. */
    public static SecureBroker startMosquitto(TestPki pki) {
        SecureListeners listeners = SecureListeners.allocate();
        Path passwords = MosquittoPasswords.write(pki.folder().resolve("passwords"), USERNAME, PASSWORD);
        Mosquitto mosquitto = Mosquitto.builder()
                .extraListeners("password_file " + passwords + "\n" + listeners.mosquittoConf(pki)).build();
        return new SecureBroker(mosquitto.start(), listeners, pki, mosquitto::stop);
    }

    /** {@link BrokerEndpoint#HIVEMQ} or {@link BrokerEndpoint#MOSQUITTO}. */
    public String name() {
        return plain.name();
    }

    /** Whether this is the broker of that name. */
    public boolean is(String brokerName) {
        return plain.is(brokerName);
    }

    /** The plain MQTT listener. */
    public BrokerEndpoint plain() {
        return plain;
    }

    /** Where the certificates are. */
    public TestPki pki() {
        return pki;
    }

    /** TLS with the {@code localhost} certificate, no client certificate asked for. */
    public String tlsUri() {
        return "mqtts://localhost:" + listeners.tls();
    }

    /** TLS that requires a client certificate signed by the test CA. */
    public String mutualTlsUri() {
        return "mqtts://localhost:" + listeners.mutualTls();
    }

    /** TLS whose certificate is issued for {@link TestPki#WRONG_NAME}, by the trusted test CA. */
    public String wrongNameUri() {
        return "mqtts://localhost:" + listeners.wrongName();
    }

    /** TLS whose certificate, by the trusted test CA, expired yesterday. */
    public String expiredUri() {
        return "mqtts://localhost:" + listeners.expired();
    }

    /** WebSocket, path {@code /mqtt}. */
    public String wsUri() {
        return "ws://localhost:" + listeners.ws() + SecureListeners.WEBSOCKET_PATH;
    }

    /** WebSocket over TLS with the {@code localhost} certificate, path {@code /mqtt}. */
    public String wssUri() {
        return "wss://localhost:" + listeners.wss() + SecureListeners.WEBSOCKET_PATH;
    }

    /** The port of a listener URI of this broker, for a proxy or a raw socket. */
    public static int portOf(String uri) {
        return java.net.URI.create(Objects.requireNonNull(uri, "uri")).getPort();
    }

    /** Stops the broker. */
    @Override
    public void close() {
        stop.run();
    }

    /** The name and plain URI, used as display name. */
    @Override
    public String toString() {
        return plain.toString();
    }
}
