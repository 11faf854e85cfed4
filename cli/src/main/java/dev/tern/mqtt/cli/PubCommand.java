package dev.tern.mqtt.cli;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mqtt pub}: connects, publishes one message or {@code --repeat N} of them, waits until each is acknowledged
 * as its QoS requires, disconnects. Exit status 0 only if every message was.
 *
 * <p>A lost connection is replaced by itself (unlike mosquitto_pub, which gives up): messages published meanwhile wait
 * in the client's offline buffer, those in flight are sent again, and each still counts only once the broker
 * acknowledged it. Waiting is bounded: {@code pub} gives up when {@code --timeout} seconds pass without any message
 * being answered, and reports the rest as not acknowledged (exit status 4). With {@code --no-reconnect} a lost
 * connection fails the messages in flight and the rest are not sent (exit status 1). If the broker refuses the
 * reconnect for a reason retrying cannot change (bad credentials, not authorized), reconnecting stops at once and
 * {@code pub} ends with one line saying so and exit status 3.
 */
@Command(name = "pub", sortOptions = false,
        description = "Publish a message, or --repeat N messages, and wait until each is acknowledged.",
        footer = {"", "Examples:",
            "  mqtt pub -t sensors/1/temperature -m 21.5 -q 1",
            "  mqtt pub -t demo/counter -m 'reading {n} at {ts}' --repeat 10 --interval 500"})
final class PubCommand implements Callable<Integer> {

    /** How many failed messages are described one by one before the rest are only counted. */
    private static final int FAILURES_SHOWN = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to publish to.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Payload payload;

    static final class Payload {
        @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE",
                description = "Message text (UTF-8). {n} becomes the message's number from 0, {ts} the time in "
                        + "milliseconds since the epoch.")
        String message;

        @Option(names = {"-n", "--null-message"}, description = "Send an empty message.")
        boolean empty;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Send the contents of a file.")
        Path file;
    }

    @Option(names = {"-q", "--qos"}, defaultValue = "0", paramLabel = "0|1|2", converter = Converters.QosLevel.class,
            description = "Quality of service (default: 0).")
    Qos qos;

    @Option(names = {"-r", "--retain"}, description = "Ask the broker to retain the message.")
    boolean retain;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Publish N messages (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--interval", defaultValue = "0", paramLabel = "MS",
            description = "Milliseconds between the starts of two messages (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Override
    public Integer call() {
        validate();
        Logging.apply(connection.debug);
        PrintWriter err = spec.commandLine().getErr();
        MessageSource messages = messageSource();
        Duration timeout = Duration.ofSeconds(connection.timeoutSeconds);
        ConnectionReporter reporter = new ConnectionReporter("mqtt pub", err);
        try (AsyncMqttClient client = Clients.newClient(connection, reporter)) {
            try {
                Clients.await(client.connect(), timeout.multipliedBy(3), "connect");
            } catch (RuntimeException e) {
                err.println("mqtt pub: " + Failures.describeConnect(e, connection.host, connection.port));
                return Failures.connectExitCode(e);
            }
            List<CompletableFuture<PublishResult>> sent = publishAll(client, reporter, messages);
            int status = awaitAcknowledgements(client, reporter, sent, timeout, err);
            if (client.state() == ClientState.CONNECTED) {
                try {
                    Clients.await(client.disconnect(), timeout, "disconnect");
                } catch (RuntimeException e) {
                    // Every message already has its answer; a failed DISCONNECT does not change the outcome.
                }
            }
            return status;
        }
    }

    void validate() {
        connection.validate();
        Topics.checkTopicName(spec, "-t", topic);
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, was " + repeat);
        }
        if (intervalMillis < 0) {
            throw new ParameterException(spec.commandLine(), "--interval cannot be negative, was " + intervalMillis);
        }
    }

    private List<CompletableFuture<PublishResult>> publishAll(AsyncMqttClient client, ConnectionReporter reporter,
            MessageSource messages) {
        List<CompletableFuture<PublishResult>> sent = new ArrayList<>(Math.min(repeat, 1 << 16));
        long start = System.nanoTime();
        for (int n = 0; n < repeat; n++) {
            if (n > 0 && intervalMillis > 0) {
                waitUntil(start + TimeUnit.MILLISECONDS.toNanos(intervalMillis * n));
            }
            ClientState state = client.state();
            if (reporter.ended().isDone() || state == ClientState.DISCONNECTED || state == ClientState.CLOSED) {
                break;  // the connection is gone for good: the futures already sent say why
            }
            Publish message = Publish.builder()
                    .topic(topic)
                    .payload(messages.payload(n))
                    .qos(qos)
                    .retain(retain)
                    .build();
            sent.add(client.publish(message));
        }
        return sent;
    }

    /**
     * Waits until every future completed, giving up only after {@code timeout} without any progress (also while the
     * client reconnects: a broker that stays away must not make {@code pub} wait for ever).
     */
    private int awaitAcknowledgements(AsyncMqttClient client, ConnectionReporter reporter,
            List<CompletableFuture<PublishResult>> sent, Duration timeout, PrintWriter err) {
        CompletableFuture<Void> all = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        long lastDone = -1;
        while (!all.isDone()) {
            long done = sent.stream().filter(CompletableFuture::isDone).count();
            if (done == lastDone) {
                break;
            }
            lastDone = done;
            try {
                all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // checked again at the top: progress means the broker is still answering
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                break;  // some failed: every one is looked at below
            }
        }
        MqttConnectionRefusedException refused = reconnectRefusal(sent, reporter);
        if (refused != null) {
            long acknowledged = sent.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            err.println("mqtt pub: " + Failures.describeReconnectRefusal(refused, connection.host, connection.port)
                    + "; " + acknowledged + " of " + repeat + " messages acknowledged");
            err.flush();
            return ExitCode.CONNECT_FAILED;
        }
        return report(sent, timeout, client.state() == ClientState.RECONNECTING, err);
    }

    /**
     * The refusal that made reconnecting give up, if it did: from the end of the connection, or from the failed
     * messages (which may be told before the life-cycle event arrives).
     */
    private static MqttConnectionRefusedException reconnectRefusal(List<CompletableFuture<PublishResult>> sent,
            ConnectionReporter reporter) {
        MqttConnectionRefusedException refused = Failures.refusal(reporter.ended().getNow(null));
        for (int n = sent.size() - 1; refused == null && n >= 0; n--) {
            CompletableFuture<PublishResult> f = sent.get(n);
            if (f.isCompletedExceptionally()) {
                refused = Failures.refusal(f.handle((r, t) -> Failures.unwrap(t)).join());
            }
        }
        return refused;
    }

    private int report(List<CompletableFuture<PublishResult>> sent, Duration timeout, boolean reconnecting,
            PrintWriter err) {
        int failed = 0;
        int timedOut = 0;
        int status = ExitCode.OK;
        for (int n = 0; n < sent.size(); n++) {
            CompletableFuture<PublishResult> f = sent.get(n);
            String problem = null;
            if (!f.isDone()) {
                timedOut++;
                status = status == ExitCode.OK ? ExitCode.TIMEOUT : status;
                problem = "not acknowledged within " + timeout.toSeconds() + " s"
                        + (reconnecting ? " (the connection is down; still reconnecting)" : "");
            } else if (f.isCompletedExceptionally()) {
                Throwable e = f.handle((r, t) -> t).join();
                status = status == ExitCode.OK ? Failures.exitCode(e) : status;
                problem = Failures.describe(e);
            }
            if (problem != null && ++failed <= FAILURES_SHOWN) {
                err.println("mqtt pub: message " + n + " to " + topic + ": " + problem);
            }
        }
        int notSent = repeat - sent.size();
        if (failed > FAILURES_SHOWN) {
            err.println("mqtt pub: ... and " + (failed - FAILURES_SHOWN) + " more failed messages");
        }
        if (notSent > 0) {
            err.println("mqtt pub: " + notSent + " of " + repeat + " messages not sent: the connection was lost");
            status = status == ExitCode.OK ? ExitCode.FAILED : status;
        }
        if (failed + notSent > 0) {
            err.println("mqtt pub: " + (repeat - failed - notSent) + " of " + repeat + " messages acknowledged"
                    + (timedOut > 0 ? ", " + timedOut + " timed out" : ""));
        }
        err.flush();
        return status;
    }

    private static void waitUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private MessageSource messageSource() {
        if (payload.file != null) {
            try {
                byte[] bytes = Files.readAllBytes(payload.file);
                return n -> bytes;
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "-f " + payload.file + ": cannot read: " + e);
            }
        }
        if (payload.empty) {
            byte[] none = new byte[0];
            return n -> none;
        }
        MessageTemplate template = new MessageTemplate(payload.message);
        return n -> template.expand(n).getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of message number {@code n}. */
    @FunctionalInterface
    private interface MessageSource {
        byte[] payload(int n);
    }
}
