package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An <a href="https://github.com/moscajs/aedes">Aedes</a> broker (MQTT 3.1.1 only; it refuses an MQTT 5.0 CONNECT)
 * in a {@code node} process, listening on 127.0.0.1 on a port the OS picks. For tests of MQTT 3.1.1 interop and of
 * falling back from 5.0 to 3.1.1.
 *
 * <p>Aedes comes from npm, installed outside the build by {@code .ci/run} (or by hand):
 * {@code npm install --prefix DIR aedes@1.2.0}. The launcher looks for {@code DIR/node_modules/aedes} in the system
 * property {@value #HOME_PROPERTY}, else the environment variable {@value #HOME_ENV}, else
 * {@code <java.io.tmpdir>/tern-aedes}, the folder {@code .ci/run} uses. Its server script ships in this jar and is
 * extracted to a temporary folder per start.
 *
 * <p>JUnit tests use {@link InteropTest} or {@link BrokersTest} with {@link Broker#AEDES}, which share one process
 * per JVM and skip (or, when CI is set, fail) when node or aedes is missing. Without JUnit:
 *
 * <pre>{@code
 * if (Aedes.missing().isEmpty()) {
 *     try (Aedes aedes = Aedes.builder().build()) {
 *         BrokerEndpoint endpoint = aedes.start();
 *         // connect an MQTT 3.1.1 client to endpoint.uri()
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #start()} returns once the script printed its "listening" line, which carries the port, so there is
 * no race for a free port. {@link #stop()} ends the process this object started, by its PID (SIGTERM, then SIGKILL
 * after 10 s); a JVM shutdown hook does the same if the owner never calls it, and the script also exits when its
 * standard input closes, so a killed test JVM leaves no broker behind.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
public final class Aedes implements AutoCloseable {

    /** The system property naming the folder that holds {@code node_modules/aedes}. */
    public static final String HOME_PROPERTY = "tern.aedes.home";
    /** The environment variable naming that folder when the system property is not set. */
    public static final String HOME_ENV = "TERN_AEDES_HOME";
    /** The aedes version {@code .ci/run} installs on Node.js 20 and later. */
    public static final String TESTED_VERSION = "1.2.0";
    /** How long {@link #start()} waits for the "listening" line before failing. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);

    private static final String SCRIPT = "aedes-server.mjs";
    private static final Pattern LISTENING =
            Pattern.compile("tern-aedes listening on [0-9.]+:(\\d+) \\(aedes ([^)]+)\\)");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
    private static final List<Path> USUAL_PLACES =
            List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/opt/homebrew/bin"));

    private final Path home;
    private final Path node;
    private final Duration startTimeout;

    private final ExternalBroker broker = new ExternalBroker("aedes");
    private String version;

    private Aedes(Builder builder) {
        this.home = builder.home;
        this.node = builder.node;
        this.startTimeout = builder.startTimeout;
    }

    /** A builder; {@code Aedes.builder().build()} uses {@link #defaultHome()} and the {@code node} on the PATH. */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code node} executable: the first on {@code PATH}, else in {@code /usr/bin}, {@code /usr/local/bin}. */
    public static Optional<Path> findNode() {
        return ExternalBroker.findExecutable("node", USUAL_PLACES);
    }

    /**
     * The folder that holds {@code node_modules/aedes}: the system property {@value #HOME_PROPERTY}, else the
     * environment variable {@value #HOME_ENV}, else {@code <java.io.tmpdir>/tern-aedes}.
     */
    public static Path defaultHome() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(HOME_ENV);
        }
        if (configured == null || configured.isBlank()) {
            return Path.of(System.getProperty("java.io.tmpdir"), "tern-aedes");
        }
        return Path.of(configured);
    }

    /** The version of the aedes package installed in {@code home}, if there is one. */
    public static Optional<String> installedVersion(Path home) {
        Path packageJson = home.resolve("node_modules").resolve("aedes").resolve("package.json");
        try {
            Matcher m = VERSION.matcher(Files.readString(packageJson, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Why the default Aedes cannot run here (no {@code node}, or no aedes package in {@link #defaultHome()}), with
     * how to fix it; empty when it can.
     */
    public static Optional<String> missing() {
        if (findNode().isEmpty()) {
            return Optional.of("node not installed: no 'node' on PATH nor in " + USUAL_PLACES
                    + " (install it with: apt-get install -y nodejs npm)");
        }
        Path home = defaultHome();
        if (installedVersion(home).isEmpty()) {
            return Optional.of("aedes not installed: no node_modules/aedes in " + home
                    + " (install it with: npm install --prefix " + home + " aedes@" + TESTED_VERSION
                    + ", or set -D" + HOME_PROPERTY + " or " + HOME_ENV + " to a folder that has it)");
        }
        return Optional.empty();
    }

    /**
     * Extracts the server script, starts {@code node} and waits for its "listening" line.
     *
     * @return where the broker listens
     * @throws IllegalStateException if node or aedes is missing, the broker is already started, or it did not start;
     *     the message then holds the script's output
     */
    public synchronized BrokerEndpoint start() {
        return broker.start(this::launch);
    }

    private BrokerEndpoint launch(Path folder) throws IOException, InterruptedException {
        Path exe = node != null ? node : findNode().orElseThrow(() -> new IllegalStateException(
                "node not installed: no 'node' on PATH nor in " + USUAL_PLACES));
        if (installedVersion(home).isEmpty()) {
            throw new IllegalStateException("aedes not installed: no node_modules/aedes in " + home);
        }
        Path script = folder.resolve(SCRIPT);
        try (InputStream in = Aedes.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the tern-mqtt-testing jar");
            }
            Files.copy(in, script);
        }
        Path output = folder.resolve("output.txt");
        // standard input stays a pipe: the script exits when this JVM goes away
        broker.spawn(List.of(exe.toString(), script.toString(), home.toAbsolutePath().toString(), Loopback.HOST),
                output);
        Optional<String> ready = broker.awaitOutput(output, LISTENING.asPredicate(), startTimeout);
        if (ready.isEmpty()) {
            String why = broker.giveUp("no 'listening' line within " + startTimeout);
            throw new IllegalStateException("aedes did not start: " + why + "\n--- output ---\n"
                    + Files.readString(output));
        }
        Matcher listening = LISTENING.matcher(ready.get());
        listening.find();
        version = listening.group(2);
        return new BrokerEndpoint(BrokerEndpoint.AEDES, Loopback.HOST, Integer.parseInt(listening.group(1)));
    }

    /**
     * Where the broker listens.
     *
     * @throws IllegalStateException if it is not started
     */
    public synchronized BrokerEndpoint endpoint() {
        return broker.endpoint();
    }

    /** The PID of the running {@code node} process. */
    public synchronized long pid() {
        return broker.pid();
    }

    /** The aedes version the running broker reported, for example {@code 1.2.0}. */
    public synchronized String version() {
        if (version == null) {
            throw new IllegalStateException("aedes is not started");
        }
        return version;
    }

    /** Stops the process this object started and deletes its folder; does nothing if not started. */
    public synchronized void stop() {
        broker.stop();
        version = null;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public synchronized String toString() {
        return "Aedes" + broker.state();
    }

    /** Builds an {@link Aedes}; every setting is optional. */
    public static final class Builder {

        private Path home = defaultHome();
        private Path node;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /** The folder holding {@code node_modules/aedes}; default {@link Aedes#defaultHome()}. */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** The {@code node} executable; default {@link Aedes#findNode()}. */
        public Builder node(Path node) {
            this.node = Objects.requireNonNull(node, "node");
            return this;
        }

        /** How long {@link #start()} waits for the broker; default {@link #DEFAULT_START_TIMEOUT}. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** A stopped broker; call {@link Aedes#start()}. */
        public Aedes build() {
            return new Aedes(this);
        }
    }
}
