package dev.tern.mqtt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A {@code mosquitto} broker process with its own configuration in a temporary folder, listening on
 * 127.0.0.1 on a free port: anonymous clients allowed, no persistence, {@code set_tcp_nodelay true}
 * (without it every QoS 1/2 round trip waits ~40 ms), logging to {@link #logFile()}.
 *
 * <p>JUnit tests use {@link MosquittoExtension} or {@link BrokersTest}, which share one process per JVM.
 * Without JUnit:
 *
 * <pre>{@code
 * if (Mosquitto.findExecutable().isPresent()) {
 *     try (Mosquitto mosquitto = Mosquitto.builder().build()) {
 *         BrokerEndpoint endpoint = mosquitto.start();
 *         // connect a client to endpoint.uri()
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #start()} returns once Mosquitto's log says it runs and the port accepts connections (polled,
 * with a timeout).
 * {@link #stop()} ends the process this object started, by its PID (SIGTERM, then SIGKILL after 10 s);
 * a JVM shutdown hook does the same if the owner never calls it. When run as root, Mosquitto drops to
 * the user {@code mosquitto}, so the folder and log file are made readable and writable for it.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
public final class Mosquitto implements AutoCloseable {

    /** How long {@link #start()} waits for the port before failing. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);

    private static final String LOG_FILE = "mosquitto.log";
    private static final int START_ATTEMPTS = 3;
    private static final List<Path> USUAL_PLACES =
            List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"), Path.of("/opt/homebrew/sbin"));

    private final BrokerLimits limits;
    private final Duration startTimeout;
    private final IntSupplier ports;
    private final Path executable;
    private final Supplier<String> extraListeners;
    private final String refusedSubscriptions;

    private final ExternalBroker broker = new ExternalBroker("mosquitto");

    private Mosquitto(Builder builder) {
        this.limits = builder.limits;
        this.startTimeout = builder.startTimeout;
        this.ports = builder.ports;
        this.executable = builder.executable;
        this.extraListeners = builder.extraListeners;
        this.refusedSubscriptions = builder.refusedSubscriptions;
    }

    /** A builder; {@code Mosquitto.builder().build()} gives a broker with Mosquitto's default limits. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code mosquitto} executable: the first on {@code PATH}, else in {@code /usr/sbin} (Debian),
     * {@code /usr/local/sbin} or {@code /opt/homebrew/sbin} (Homebrew), which are often not on a user's
     * {@code PATH}.
     */
    public static Optional<Path> findExecutable() {
        return ExternalBroker.findExecutable("mosquitto", USUAL_PLACES);
    }

    /**
     * Mosquitto's dynamic security plugin ({@code mosquitto_dynamic_security.so}, shipped with the Debian package),
     * which {@link Builder#refuseSubscriptions(String)} needs: in {@code /usr/lib/<arch>-linux-gnu}, {@code /usr/lib},
     * {@code /usr/local/lib} or {@code /opt/homebrew/lib}.
     */
    public static Optional<Path> findDynamicSecurityPlugin() {
        List<Path> places = new ArrayList<>();
        try (var libs = Files.list(Path.of("/usr/lib"))) {
            libs.filter(dir -> dir.getFileName().toString().endsWith("-linux-gnu")).forEach(places::add);
        } catch (IOException | RuntimeException e) {
            // no /usr/lib: not Linux
        }
        places.addAll(List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"), Path.of("/opt/homebrew/lib")));
        return places.stream()
                .map(dir -> dir.resolve("mosquitto_dynamic_security.so"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /**
     * Writes the configuration, starts {@code mosquitto} and waits until its log says it runs and its port
     * accepts connections.
     * If a free port was taken in the meantime it tries again on new ports, for every listener.
     *
     * @return where the broker listens
     * @throws IllegalStateException if Mosquitto is not installed, is already started, or did not start;
     *     the message then holds its log
     */
    public synchronized BrokerEndpoint start() {
        return broker.start(this::launch);
    }

    private BrokerEndpoint launch(Path home) throws IOException, InterruptedException {
        Path exe = executable != null ? executable : findExecutable().orElseThrow(() -> new IllegalStateException(
                "mosquitto not installed: no 'mosquitto' on PATH nor in " + USUAL_PLACES));
        // root: mosquitto drops to the user 'mosquitto', who must reach the folder and write the log
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        String failure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            failure = tryStart(exe, home, port);
            if (failure == null) {
                return new BrokerEndpoint(BrokerEndpoint.MOSQUITTO, Loopback.HOST, port);
            }
            if (!failure.contains("Address already in use")) {
                break;
            }
        }
        throw new IllegalStateException("mosquitto did not start: " + failure);
    }

    /** Starts the process on this port; null when it accepts connections, else why it failed. */
    private String tryStart(Path exe, Path home, int port) throws IOException, InterruptedException {
        Path log = home.resolve(LOG_FILE);
        Files.deleteIfExists(log);
        Files.createFile(log);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path conf = home.resolve("mosquitto.conf");
        String plugin = "";
        if (refusedSubscriptions != null) {
            Path dynsec = home.resolve("dynamic-security.json");
            Files.writeString(dynsec, dynamicSecurity(refusedSubscriptions), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(dynsec, PosixFilePermissions.fromString("rw-rw-rw-"));
            plugin = "plugin " + findDynamicSecurityPlugin().orElseThrow(() -> new IllegalStateException(
                    "refuseSubscriptions needs mosquitto_dynamic_security.so, which is not installed")) + "\n"
                    + "plugin_opt_config_file " + dynsec + "\n";
        }
        Files.writeString(conf, config(port, log, limits, plugin) + extraListeners.get(), StandardCharsets.UTF_8);
        Path output = home.resolve("output.txt");
        broker.spawn(List.of(exe.toString(), "-c", conf.toString()), output);
        // the port alone proves nothing (whoever took it also accepts): wait for mosquitto's own "running" line
        Optional<String> running = broker.awaitOutput(log,
                text -> text.contains(" running") && text.contains("listen socket on port " + port), startTimeout);
        if (running.isPresent() && Loopback.accepts(port)) {
            return null;
        }
        String why = broker.giveUp("port " + port + " not accepting after " + startTimeout);
        return why + "\n--- " + conf + " ---\n" + Files.readString(conf) + "--- output ---\n"
                + Files.readString(output) + "--- " + log + " ---\n" + Files.readString(log);
    }

    /**
     * Where the broker listens.
     *
     * @throws IllegalStateException if it is not started
     */
    public synchronized BrokerEndpoint endpoint() {
        return broker.endpoint();
    }

    /** The PID of the running process, for diagnostics. */
    public synchronized long pid() {
        return broker.pid();
    }

    /** The broker's log file ({@code log_dest file}); it is deleted by {@link #stop()}. */
    public synchronized Path logFile() {
        return broker.folder().resolve(LOG_FILE);
    }

    /** The limits this broker was configured with. */
    public BrokerLimits limits() {
        return limits;
    }

    /** Stops the process this object started and deletes its folder; does nothing if not started. */
    public synchronized void stop() {
        broker.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public synchronized String toString() {
        return "Mosquitto" + broker.state()
                + (limits.isNone() ? "" : " " + limits)
                + (refusedSubscriptions == null ? "" : " refusing subscriptions to " + refusedSubscriptions);
    }

    /**
     * The configuration: general options first, then the one listener, then the options that belong to
     * that listener (Mosquitto applies them to the listener declared before them).
     */
    static String config(int port, Path logFile, BrokerLimits limits) {
        return config(port, logFile, limits, "");
    }

    /** The configuration with extra general options ({@code plugin} lines), written before the listener. */
    static String config(int port, Path logFile, BrokerLimits limits, String generalOptions) {
        if (limits.wildcardSubscriptionAvailable() == 0) {
            throw new IllegalArgumentException("Mosquitto has no option to refuse wildcard subscriptions");
        }
        StringBuilder conf = new StringBuilder()
                .append("per_listener_settings false\n")
                .append("allow_anonymous true\n")
                .append("persistence false\n")
                .append("set_tcp_nodelay true\n")
                .append("log_dest file ").append(logFile).append('\n')
                .append("log_timestamp_format %Y-%m-%dT%H:%M:%S\n");
        if (limits.receiveMaximum() != -1) {
            conf.append("max_inflight_messages ").append(limits.receiveMaximum()).append('\n');
        }
        if (limits.maximumPacketSize() != -1) {
            conf.append("max_packet_size ").append(limits.maximumPacketSize()).append('\n');
        }
        if (limits.maximumKeepAlive() != -1) {
            conf.append("max_keepalive ").append(limits.maximumKeepAlive()).append('\n');
        }
        conf.append(generalOptions);
        conf.append("listener ").append(port).append(' ').append(Loopback.HOST).append('\n');
        if (limits.topicAliasMaximum() != -1) {
            conf.append("max_topic_alias ").append(limits.topicAliasMaximum()).append('\n');
        }
        if (limits.maximumQos() != -1) {
            conf.append("max_qos ").append(limits.maximumQos()).append('\n');
        }
        return conf.toString();
    }

    /**
     * The dynamic security plugin's configuration: anonymous clients may do everything except subscribe to topics
     * matching {@code pattern}, which the broker answers with SUBACK 0x87 Not authorized (MQTT 3.1.1: 0x80 Failure).
     */
    static String dynamicSecurity(String pattern) {
        String topic = pattern.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\n"
                + "  \"defaultACLAccess\": {\"publishClientSend\": true, \"publishClientReceive\": true,"
                + " \"subscribe\": true, \"unsubscribe\": true},\n"
                + "  \"clients\": [],\n"
                + "  \"groups\": [{\"groupname\": \"anonymous\", \"roles\": [{\"rolename\": \"refuser\"}]}],\n"
                + "  \"roles\": [{\"rolename\": \"refuser\", \"acls\": [{\"acltype\": \"subscribePattern\","
                + " \"topic\": \"" + topic + "\", \"priority\": 0, \"allow\": false}]}],\n"
                + "  \"anonymousGroup\": \"anonymous\"\n"
                + "}\n";
    }

    /** Builds a {@link Mosquitto}; every setting is optional. */
    public static final class Builder {

        private BrokerLimits limits = BrokerLimits.NONE;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private IntSupplier ports = Loopback::freePort;
        private Path executable;
        private Supplier<String> extraListeners = () -> "";
        private String refusedSubscriptions;

        private Builder() {
        }

        /**
         * More listeners (TLS, WebSocket) in mosquitto.conf syntax, appended at the end; for {@link SecureBroker}.
         * Asked for again on every start attempt: an attempt that failed because a port was taken is followed by
         * one on new ports for every listener, not only the plain one.
         */
        Builder extraListeners(Supplier<String> conf) {
            this.extraListeners = Objects.requireNonNull(conf, "conf");
            return this;
        }

        /**
         * Makes the broker refuse subscriptions to topic filters matching {@code pattern} (an ACL pattern such as
         * {@code tern/refused/#}) with SUBACK 0x87 Not authorized, or 0x80 Failure in MQTT 3.1.1, through Mosquitto's
         * dynamic security plugin (see {@link Mosquitto#findDynamicSecurityPlugin()}); everything else stays allowed
         * to anonymous clients. Mosquitto's plain {@code acl_file} never refuses a SUBSCRIBE: it only filters what
         * is delivered.
         */
        public Builder refuseSubscriptions(String pattern) {
            this.refusedSubscriptions = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /** MQTT limits written into the configuration; default {@link BrokerLimits#NONE}. */
        public Builder limits(BrokerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Where the ports to try come from; tests replace it to simulate a port taken by someone else. */
        Builder ports(IntSupplier ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** How long {@link #start()} waits for the port; default {@link #DEFAULT_START_TIMEOUT}. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** The executable to run; default {@link Mosquitto#findExecutable()}. */
        public Builder executable(Path executable) {
            this.executable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /** A stopped broker; call {@link Mosquitto#start()}. */
        public Mosquitto build() {
            return new Mosquitto(this);
        }
    }
}
