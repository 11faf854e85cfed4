package dev.tern.mqtt.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /** How often a broker is started on new ports when a listener is not its own (see {@link #start}). */
    static final int START_ATTEMPTS = 3;

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

    /**
     * Starts an embedded HiveMQ with the listeners, using certificates from {@code pki}.
     *
     * @throws IllegalStateException if it does not start, or its listeners are not all its own after
     *         {@value #START_ATTEMPTS} attempts
     */
    public static SecureBroker startHiveMq(TestPki pki) {
        return start(pki, SecureListeners::allocate, ports -> launchHiveMq(pki, ports));
    }

    /** Starts an embedded HiveMQ with listeners from {@code ports}, new ones on each of its own attempts; unchecked. */
    static Started launchHiveMq(TestPki pki, Supplier<SecureListeners> ports) {
        LastAllocated last = new LastAllocated(ports);
        EmbeddedHiveMq hiveMq = EmbeddedHiveMq.builder()
                .extraListeners(() -> last.next().hiveMqXml(pki)).build();
        return new Started(hiveMq.start(), last.get(), hiveMq::stop);
    }

    /**
     * Starts a Mosquitto process with the listeners, using certificates from {@code pki}.
     *
     * @throws IllegalStateException if it does not start, or its listeners are not all its own after
     *         {@value #START_ATTEMPTS} attempts
     */
    public static SecureBroker startMosquitto(TestPki pki) {
        return start(pki, SecureListeners::allocate, ports -> launchMosquitto(pki, ports));
    }

    /** Starts a Mosquitto process with listeners from {@code ports}, new ones on each of its own attempts; unchecked. */
    static Started launchMosquitto(TestPki pki, Supplier<SecureListeners> ports) {
        Path passwords = MosquittoPasswords.write(pki.folder().resolve("passwords"), USERNAME, PASSWORD);
        LastAllocated last = new LastAllocated(ports);
        Mosquitto mosquitto = Mosquitto.builder()
                .extraListeners(() -> "password_file " + passwords + "\n" + last.next().mosquittoConf(pki)).build();
        return new Started(mosquitto.start(), last.get(), mosquitto::stop);
    }

    /** A broker started: its plain endpoint, the listeners its configuration names, and how to stop it. */
    record Started(BrokerEndpoint plain, SecureListeners listeners, Runnable stop) {
    }

    /** Hands out listeners and remembers the last: those of the launcher's attempt that started the broker. */
    private static final class LastAllocated {

        private final Supplier<SecureListeners> ports;
        private SecureListeners last;

        LastAllocated(Supplier<SecureListeners> ports) {
            this.ports = ports;
        }

        SecureListeners next() {
            last = ports.get();
            return last;
        }

        SecureListeners get() {
            return last;
        }
    }

    /**
     * Starts a broker with {@code launcher} on listeners from {@code ports} and checks that every listener URI reaches
     * the listener it names ({@link SecureListeners#problem}); if not, stops it and starts it again on new ports.
     *
     * <p>Why: the ports are only free when allocated. A port taken before the broker binds it is not always a failed
     * start: HiveMQ CE starts without that listener and only logs an error, and the URI then reaches whoever took the
     * port. With the TLS listener on the mutual-TLS port, a client without a certificate connects through the
     * mutual-TLS URI: the only way found for the one time TlsIT saw such a client connect. Mosquitto refuses to
     * start instead ("Address already in use"), and tries again on new ports itself. The check uses the JDK alone,
     * never the client under test, so a retry here hides nothing the tests check.
     */
    static SecureBroker start(TestPki pki, Supplier<SecureListeners> ports,
            Function<Supplier<SecureListeners>, Started> launcher) {
        List<String> problems = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Started started;
            try {
                started = launcher.apply(ports);
            } catch (IllegalStateException e) {
                if (String.valueOf(e.getMessage()).contains("Address already in use")) {
                    problems.add("a port was taken (" + firstLine(e.getMessage()) + ")");
                    continue;
                }
                throw e;
            }
            SecureListeners listeners = started.listeners();
            String problem = listeners.problem(pki);
            if (problem == null) {
                return new SecureBroker(started.plain(), listeners, pki, started.stop());
            }
            started.stop().run();
            problems.add(listeners + ": " + problem);
            System.err.println("[tern-testing] " + started.plain().name() + " started again on other ports: "
                    + problem);
        }
        throw new IllegalStateException("no " + START_ATTEMPTS + " attempts gave a broker with all its listeners: "
                + problems);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
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
