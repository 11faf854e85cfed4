package dev.tern.mqtt.cli;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mqtt sub}: subscribes and prints each message on its own line as it arrives, until {@code -C COUNT}
 * messages were printed, {@code -W SECONDS} passed, or the process is interrupted. A lost connection is replaced by
 * itself, as mosquitto_sub does (the client subscribes again if the broker lost the session); with
 * {@code --no-reconnect}, or if reconnecting gives up, it ends the command with exit status 1, or 3 if the broker
 * refused the reconnect for a reason retrying cannot change (bad credentials, not authorized).
 */
@Command(name = "sub", sortOptions = false,
        description = "Subscribe to topics and print each message's payload on its own line (topic first with -v).",
        footer = {"", "Examples:",
            "  mqtt sub -t 'sensors/#' -v",
            "  mqtt sub -t demo/counter -C 10 -W 30"})
final class SubCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "FILTER",
            description = "Topic filter to subscribe to; repeat for more (+ and # wildcards allowed).")
    List<String> topics;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", paramLabel = "0|1|2", converter = Converters.QosLevel.class,
            description = "Maximum QoS to receive messages at (default: 0).")
    Qos qos;

    @Option(names = {"-C", "--count"}, paramLabel = "COUNT",
            description = "Exit after printing COUNT messages.")
    Integer count;

    @Option(names = {"-W", "--wait"}, paramLabel = "SECONDS",
            description = "Exit after SECONDS; with -C, that is a time-out (exit status 4) if fewer than COUNT arrived.")
    Integer waitSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Print the topic, a space, then the payload.")
    boolean verbose;

    @Override
    public Integer call() {
        validate();
        Logging.apply(connection.debug);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Printer printer = new Printer(out, verbose, count);
        Duration timeout = Duration.ofSeconds(connection.timeoutSeconds);
        ConnectionReporter reporter = new ConnectionReporter("mqtt sub", err);
        try (AsyncMqttClient client = Clients.newClient(connection, reporter)) {
            // The catch-all handler, set before connecting: a resumed session (-c) may deliver queued messages
            // right after CONNACK, before SUBACK.
            client.setMessageHandler(printer);
            try {
                Clients.await(client.connect(), timeout.multipliedBy(3), "connect");
            } catch (RuntimeException e) {
                err.println("mqtt sub: " + Failures.describeConnect(e, connection.host, connection.port));
                return Failures.connectExitCode(e);
            }
            List<Subscription> subscriptions = topics.stream()
                    .map(t -> Subscription.of(t, qos))
                    .collect(Collectors.toList());
            try {
                Clients.await(client.subscribe(subscriptions), timeout, "subscribe");
            } catch (RuntimeException e) {
                err.println("mqtt sub: " + describeRefusal(e));
                return Failures.exitCode(e);
            }
            Thread hook = new Thread(() -> disconnectOnExit(client), "mqtt-sub-exit");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                int status = waitForEnd(reporter, printer, err);
                if (client.state() == ClientState.CONNECTED) {
                    try {
                        Clients.await(client.disconnect(), timeout, "disconnect");
                    } catch (RuntimeException e) {
                        // The messages were printed; how the connection ended does not change the outcome.
                    }
                }
                return status;
            } finally {
                removeHook(hook);
            }
        }
    }

    void validate() {
        connection.validate();
        for (String topic : topics) {
            Topics.checkTopicFilter(spec, "-t", topic);
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "-C must be at least 1, was " + count);
        }
        if (waitSeconds != null && waitSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "-W must be at least 1 second, was " + waitSeconds);
        }
    }

    /** Waits for COUNT messages, for -W to pass, or for the connection to be gone for good, whichever is first. */
    private int waitForEnd(ConnectionReporter reporter, Printer printer, PrintWriter err) {
        CompletableFuture<Object> end = CompletableFuture.anyOf(printer.enough, reporter.ended());
        try {
            if (waitSeconds == null) {
                end.get();
            } else {
                end.get(waitSeconds, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            if (count == null) {
                return ExitCode.OK;
            }
            err.println("mqtt sub: timed out after " + waitSeconds + " s with " + printer.printed()
                    + " of " + count + " messages");
            return ExitCode.TIMEOUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("neither future fails", e);
        }
        if (printer.enough.isDone()) {
            return ExitCode.OK;
        }
        MqttException cause = reporter.ended().join();
        MqttConnectionRefusedException refused = Failures.refusal(cause);
        if (refused != null) {
            err.println("mqtt sub: " + Failures.describeReconnectRefusal(refused, connection.host, connection.port)
                    + ", after " + printer.printed() + " messages");
            return ExitCode.CONNECT_FAILED;
        }
        err.println("mqtt sub: " + Failures.describe(cause) + ", after " + printer.printed() + " messages");
        return ExitCode.FAILED;
    }

    private String describeRefusal(Throwable t) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof MqttAckException) {
            MqttAckException refused = (MqttAckException) e;
            StringBuilder text = new StringBuilder("subscription refused:");
            for (int i = 0; i < refused.reasonCodes().size() && i < topics.size(); i++) {
                text.append(' ').append(topics.get(i)).append(" -> ").append(Failures.code(refused.reasonCodes().get(i)));
                text.append(i + 1 < topics.size() ? ";" : "");
            }
            refused.reasonString().ifPresent(s -> text.append(" (").append(s).append(')'));
            return text.toString();
        }
        return "subscribe failed: " + Failures.describe(e);
    }

    /** On Ctrl-C: say goodbye to the broker so it does not publish the will or keep a half-open connection. */
    private static void disconnectOnExit(AsyncMqttClient client) {
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Exiting anyway.
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook is running or has run.
        }
    }

    /** Prints messages, one line each, flushed at once; stops printing after {@code count} of them. */
    static final class Printer implements Consumer<Publish> {
        private final PrintWriter out;
        private final boolean verbose;
        private final Integer count;
        private final CompletableFuture<Void> enough = new CompletableFuture<>();
        private int printed;  // guarded by this

        Printer(PrintWriter out, boolean verbose, Integer count) {
            this.out = out;
            this.verbose = verbose;
            this.count = count;
        }

        @Override
        public synchronized void accept(Publish message) {
            if (count != null && printed >= count) {
                return;
            }
            out.println(verbose ? message.topic() + " " + message.payloadAsString() : message.payloadAsString());
            out.flush();
            printed++;
            if (count != null && printed == count) {
                enough.complete(null);
            }
        }

        synchronized int printed() {
            return printed;
        }
    }
}
