package dev.tern.mqtt.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The life of a broker that runs as an external process ({@link Mosquitto}, {@link Aedes}): its temporary folder,
 * the process, where it listens, waiting for the output that says it is ready, and stopping it by its PID (SIGTERM,
 * then SIGKILL after 10 s), also from a JVM shutdown hook if the owner never stops it. The launcher says how to
 * start its broker ({@link Launch}); this class does the rest the same way for both.
 *
 * <p>Not thread-safe: the launcher that owns it synchronizes its public methods.
 */
final class ExternalBroker {

    /** What a launcher does to start its broker in a fresh folder: {@link #spawn}, {@link #awaitOutput}, and so on. */
    interface Launch {
        /**
         * Starts the broker and returns once it is ready.
         *
         * @throws IllegalStateException with the broker's output when it did not start
         */
        BrokerEndpoint run(Path folder) throws IOException, InterruptedException;
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;

    private Path folder;
    private Process process;
    private Thread shutdownHook;
    private BrokerEndpoint endpoint;

    /** @param name the broker's name in messages, folder and thread names: {@code mosquitto}, {@code aedes} */
    ExternalBroker(String name) {
        this.name = name;
    }

    /** The executable {@code file}: the first on {@code PATH}, else in one of {@code usualPlaces}. */
    static Optional<Path> findExecutable(String file, List<Path> usualPlaces) {
        List<Path> places = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    places.add(Path.of(dir));
                }
            }
        }
        places.addAll(usualPlaces);
        return places.stream()
                .map(dir -> dir.resolve(file))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    /**
     * Creates the broker's temporary folder and runs {@code launch} in it. On success a shutdown hook stops the
     * process if the owner never does; on failure the process is stopped and the folder deleted.
     *
     * @throws IllegalStateException if already started, or from {@code launch}
     */
    BrokerEndpoint start(Launch launch) {
        if (process != null) {
            throw new IllegalStateException("already started at " + endpoint);
        }
        folder = TempDirectory.create("tern-" + name + "-");
        try {
            endpoint = launch.run(folder);
            shutdownHook = new Thread(this::destroyProcess, "tern-" + name + "-stopper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            return endpoint;
        } catch (IOException e) {
            abandon();
            throw new UncheckedIOException("cannot start " + name + " in " + folder, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** Starts {@code command} with its output and errors going to {@code output}; its standard input stays a pipe. */
    void spawn(List<String> command, Path output) throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /**
     * Polls {@code file} until {@code ready} accepts its text, the process exits, or the timeout passes.
     *
     * @return the text {@code ready} accepted, if the process still runs
     */
    Optional<String> awaitOutput(Path file, Predicate<String> ready, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String text = Files.readString(file);
            if (ready.test(text)) {
                return process.isAlive() ? Optional.of(text) : Optional.empty();
            }
            if (!process.isAlive()) {
                return Optional.empty();
            }
            Thread.sleep(20); // poll interval, not a wait for readiness
        }
        return Optional.empty();
    }

    /**
     * Stops a process that did not become ready and says why: {@code stillRunning} if it was running, else its exit
     * code.
     */
    String giveUp(String stillRunning) throws InterruptedException {
        String why = process.isAlive() ? stillRunning : "exited with " + process.waitFor();
        destroyProcess();
        return why;
    }

    /** Where the broker listens; throws if it is not started. */
    BrokerEndpoint endpoint() {
        return started(endpoint);
    }

    /** The PID of the running process; throws if it is not started. */
    long pid() {
        return started(process).pid();
    }

    /** The broker's temporary folder; throws if it is not started. */
    Path folder() {
        return started(folder);
    }

    private <T> T started(T value) {
        if (value == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return value;
    }

    /** Stops the process this object started and deletes its folder; does nothing if not started. */
    void stop() {
        if (process == null) {
            return;
        }
        destroyProcess();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs or ran; destroyProcess is idempotent
            }
            shutdownHook = null;
        }
        endpoint = null;
        TempDirectory.deleteQuietly(folder);
        folder = null;
    }

    /** {@code (stopped)} or {@code (mqtt://127.0.0.1:P, pid N)}, for the launchers' {@code toString}. */
    String state() {
        Process running = process;
        return endpoint == null || running == null ? "(stopped)"
                : "(" + endpoint.uri() + ", pid " + running.pid() + ")";
    }

    private void abandon() {
        destroyProcess();
        endpoint = null;
        TempDirectory.deleteQuietly(folder);
        folder = null;
    }

    private void destroyProcess() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroy(); // SIGTERM to this PID only
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
