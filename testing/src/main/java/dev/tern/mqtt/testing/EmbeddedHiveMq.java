package dev.tern.mqtt.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded HiveMQ Community Edition broker in this JVM, bound to 127.0.0.1 on a free port, with its
 * configuration, data and extensions folders in a fresh temporary folder, in-memory persistence and
 * usage statistics off. Anonymous clients are allowed.
 *
 * <p>Starting takes about 2 s and stopping about 4 s, so JUnit tests share one broker per JVM through
 * {@link HiveMqExtension}. Use this class directly where there is no JUnit, for example in a sample:
 *
 * <pre>{@code
 * try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().build()) {
 *     BrokerEndpoint endpoint = broker.start();
 *     // connect a client to endpoint.uri()
 * }
 * }</pre>
 *
 * <p>HiveMQ's own logging bootstrap is turned off: the application's logback configuration stays in
 * charge (tests ship a {@code logback-test.xml} that shows the broker's warnings and errors only).
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
public final class EmbeddedHiveMq implements AutoCloseable {

    /** How long {@link #start()} waits for the broker before failing. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final BrokerLimits limits;
    private final Duration startTimeout;
    private final IntSupplier ports;
    private final Supplier<String> extraListeners;

    private Path home;
    private EmbeddedHiveMQ hiveMq;
    private BrokerEndpoint endpoint;

    private EmbeddedHiveMq(Builder builder) {
        this.limits = builder.limits;
        this.startTimeout = builder.startTimeout;
        this.ports = builder.ports;
        this.extraListeners = builder.extraListeners;
    }

    /** A builder; {@code EmbeddedHiveMq.builder().build()} gives a broker with HiveMQ's default limits. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the configuration, starts the broker and waits until it accepts connections. If the free
     * port was taken in the meantime (HiveMQ then fails to bind, or binds its other listeners and leaves
     * the port to whoever took it) it tries again on another port.
     *
     * @return where the broker listens
     * @throws IllegalStateException if it is already started, or did not start within the timeout
     */
    public synchronized BrokerEndpoint start() {
        if (hiveMq != null) {
            throw new IllegalStateException("already started at " + endpoint);
        }
        home = TempDirectory.create("tern-hivemq-");
        List<String> failures = new ArrayList<>();
        Exception failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            try {
                String problem = startOn(home.resolve("attempt-" + attempt), port);
                if (problem == null) {
                    endpoint = new BrokerEndpoint(BrokerEndpoint.HIVEMQ, Loopback.HOST, port);
                    return endpoint;
                }
                failures.add(problem);
                System.err.println("[tern-testing] HiveMQ started again on another port: " + problem);
            } catch (ExecutionException e) {
                failure = e; // "Could not bind any listener": most likely the port was taken since freePort()
                failures.add("port " + port + ": " + e.getMessage());
            } catch (IOException e) {
                closeQuietly();
                TempDirectory.deleteQuietly(home);
                throw new UncheckedIOException("cannot write the HiveMQ configuration in " + home, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly();
                TempDirectory.deleteQuietly(home);
                throw new IllegalStateException("interrupted while starting HiveMQ", e);
            } catch (TimeoutException | RuntimeException e) {
                closeQuietly();
                TempDirectory.deleteQuietly(home);
                throw new IllegalStateException("HiveMQ did not start within " + startTimeout, e);
            }
            closeQuietly();
        }
        TempDirectory.deleteQuietly(home);
        throw new IllegalStateException("HiveMQ did not start in " + START_ATTEMPTS + " attempts: " + failures,
                failure);
    }

    /** Starts the broker with its plain listener on this port; null when that listener is its own, else why not. */
    private String startOn(Path folder, int port)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        Path conf = Files.createDirectories(folder.resolve("conf"));
        Path data = Files.createDirectories(folder.resolve("data"));
        Path extensions = Files.createDirectories(folder.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), configXml(port, limits)
                .replace("  </listeners>", extraListeners.get() + "  </listeners>"), StandardCharsets.UTF_8);
        hiveMq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .build();
        hiveMq.start().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!Loopback.awaitAccepting(port, startTimeout, () -> true)) {
            throw new IllegalStateException("HiveMQ started but does not accept connections on port " + port);
        }
        return OwnListener.problem(hiveMq, port);
    }

    /**
     * Where the broker listens.
     *
     * @throws IllegalStateException if it is not started
     */
    public synchronized BrokerEndpoint endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("HiveMQ is not started");
        }
        return endpoint;
    }

    /** The limits this broker was configured with. */
    public BrokerLimits limits() {
        return limits;
    }

    /**
     * Stops the broker (takes a few seconds), ends its threads and deletes its temporary folder; does
     * nothing if not started.
     */
    public synchronized void stop() {
        if (hiveMq == null) {
            return;
        }
        try {
            hiveMq.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // close() also ends HiveMQ's non-daemon state-change thread, which otherwise keeps a main() alive
            hiveMq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping HiveMQ", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("HiveMQ did not stop within " + STOP_TIMEOUT, e);
        } finally {
            hiveMq = null;
            endpoint = null;
            TempDirectory.deleteQuietly(home);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "EmbeddedHiveMq" + (endpoint == null ? "(stopped)" : "(" + endpoint.uri() + ")")
                + (limits.isNone() ? "" : " " + limits);
    }

    /** Stops and releases a broker that failed to start; the start failure is the exception worth reporting. */
    private void closeQuietly() {
        EmbeddedHiveMQ failed = hiveMq;
        hiveMq = null;
        if (failed == null) {
            return;
        }
        try {
            failed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException ignored) {
            // already reporting why it did not start
        }
    }

    /** The config.xml for one plain TCP listener on 127.0.0.1:port; element names from HiveMQ's config.xsd. */
    static String configXml(int port, BrokerLimits limits) {
        StringBuilder mqtt = new StringBuilder();
        if (limits.receiveMaximum() != -1) {
            mqtt.append("    <receive-maximum><server-receive-maximum>").append(limits.receiveMaximum())
                    .append("</server-receive-maximum></receive-maximum>\n");
        }
        if (limits.maximumPacketSize() != -1) {
            mqtt.append("    <packets><max-packet-size>").append(limits.maximumPacketSize())
                    .append("</max-packet-size></packets>\n");
        }
        if (limits.topicAliasMaximum() == 0) {
            mqtt.append("    <topic-alias><enabled>false</enabled></topic-alias>\n");
        } else if (limits.topicAliasMaximum() != -1) {
            mqtt.append("    <topic-alias><enabled>true</enabled><max-per-client>").append(limits.topicAliasMaximum())
                    .append("</max-per-client></topic-alias>\n");
        }
        if (limits.maximumQos() != -1) {
            mqtt.append("    <quality-of-service><max-qos>").append(limits.maximumQos())
                    .append("</max-qos></quality-of-service>\n");
        }
        if (limits.maximumKeepAlive() != -1) {
            mqtt.append("    <keep-alive><max-keep-alive>").append(limits.maximumKeepAlive())
                    .append("</max-keep-alive></keep-alive>\n");
        }
        if (limits.wildcardSubscriptionAvailable() != -1) {
            mqtt.append("    <wildcard-subscriptions><enabled>").append(limits.wildcardSubscriptionAvailable() == 1)
                    .append("</enabled></wildcard-subscriptions>\n");
        }
        return "<?xml version=\"1.0\"?>\n"
                + "<hivemq>\n"
                + "  <listeners>\n"
                + "    <tcp-listener><port>" + port + "</port><bind-address>" + Loopback.HOST
                + "</bind-address></tcp-listener>\n"
                + "  </listeners>\n"
                + (mqtt.length() == 0 ? "" : "  <mqtt>\n" + mqtt + "  </mqtt>\n")
                + "  <persistence><mode>in-memory</mode></persistence>\n"
                + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n"
                + "</hivemq>\n";
    }

    /** Builds an {@link EmbeddedHiveMq}; every setting is optional. */
    public static final class Builder {

        private BrokerLimits limits = BrokerLimits.NONE;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private IntSupplier ports = Loopback::freePort;
        private Supplier<String> extraListeners = () -> "";

        private Builder() {
        }

        /**
         * More listeners (TLS, WebSocket) in config.xml syntax, for {@link SecureBroker}: asked for again on every
         * start attempt, so that a new attempt can use new ports for them too.
         */
        Builder extraListeners(Supplier<String> xml) {
            this.extraListeners = Objects.requireNonNull(xml, "xml");
            return this;
        }

        /** MQTT limits written into the broker's {@code <mqtt>} configuration; default {@link BrokerLimits#NONE}. */
        public Builder limits(BrokerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Where the ports to try come from; tests replace it to simulate a port taken by someone else. */
        Builder ports(IntSupplier ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** How long {@link #start()} may take; default {@link #DEFAULT_START_TIMEOUT}. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** A stopped broker; call {@link EmbeddedHiveMq#start()}. */
        public EmbeddedHiveMq build() {
            return new EmbeddedHiveMq(this);
        }
    }
}
