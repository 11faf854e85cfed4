package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.spi.ReconnectPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mqtt pub} and {@code mqtt sub} when the broker goes away: by default they reconnect and keep going through a
 * broker restart; {@code --no-reconnect} ends them with exit status 1; a broker that stays away makes {@code pub}
 * give up after {@code --timeout} with exit status 4, never wait for ever. Each test has its own embedded broker,
 * stopped and started again on the same port; the commands run in this JVM, in the background.
 */
class ReconnectIT {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private EmbeddedBroker broker;
    private int port;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String topic = "it/reconnect/" + UUID.randomUUID();

    @BeforeEach
    void startBroker() {
        broker = EmbeddedBroker.start();
        port = broker.port();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void subKeepsPrintingThroughABrokerRestart() throws Exception {
        publishRetained("before");
        Background sub = start("sub", "-t", topic, "-q", "1", "-C", "3", "-W", "30");
        awaitSubscribed(sub);
        restartBroker();
        // the broker forgot everything: publish until the subscriber, reconnected and subscribed again, gets one
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!sub.endsWithin(Duration.ofMillis(100)) && System.nanoTime() < deadline) {
            CommandLineTest.run(withBroker("pub", "-t", topic, "-m", "after", "-q", "1", "--timeout", "2"));
        }
        CommandLineTest.Run run = sub.join();
        assertEquals(ExitCode.OK, run.status, run.toString());
        assertEquals(List.of("before", "go", "after"), run.out.lines().toList());
        assertTrue(run.err.contains("mqtt sub: connection lost") && run.err.contains("; reconnecting"), run.err);
        assertTrue(run.err.contains("mqtt sub: reconnected to 127.0.0.1:" + port + " (new session)"), run.err);
    }

    @Test
    void subWithoutReconnectEndsWithStatus1WhenTheBrokerGoesAway() throws Exception {
        publishRetained("ready");
        Background sub = start("sub", "-t", topic, "-q", "1", "--no-reconnect", "-W", "30");
        awaitSubscribed(sub);
        broker.close();
        CommandLineTest.Run run = sub.join();
        assertEquals(ExitCode.FAILED, run.status, run.toString());
        assertTrue(run.err.contains("mqtt sub: connection lost") && run.err.contains("after 2 messages"), run.err);
        assertTrue(!run.err.contains("reconnecting"), run.err);
    }

    @Test
    void pubRepeatRidesThroughABrokerRestartAndEveryMessageIsAcknowledged() throws Exception {
        List<String> seen = observe();
        Background pub = start("pub", "-t", topic, "-m", "m{n}", "-q", "1", "--repeat", "30", "--interval", "100");
        await(() -> seen.size() >= 5);
        restartBroker();
        CommandLineTest.Run run = pub.join();
        assertEquals(ExitCode.OK, run.status, run.toString());
        assertTrue(run.err.contains("mqtt pub: connection lost") && run.err.contains("mqtt pub: reconnected"),
                "the restart happened while publishing\n" + run.err);
    }

    @Test
    void pubGivesUpAfterTheTimeoutWhenTheBrokerStaysAway() throws Exception {
        List<String> seen = observe();
        long start = System.nanoTime();
        Background pub = start("pub", "-t", topic, "-m", "m{n}", "-q", "1", "--repeat", "5", "--interval", "200",
                "--timeout", "2");
        await(() -> seen.size() >= 1);
        broker.close();
        CommandLineTest.Run run = pub.join();
        assertEquals(ExitCode.TIMEOUT, run.status, run.toString());
        assertTrue(run.err.contains("not acknowledged within 2 s (the connection is down; still reconnecting)"),
                run.err);
        assertTrue(run.err.matches("(?s).*mqtt pub: [1-4] of 5 messages acknowledged.*"), run.err);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "bounded by --timeout, not for ever");
    }

    @Test
    void pubWithoutReconnectFailsWhenTheBrokerGoesAway() throws Exception {
        List<String> seen = observe();
        Background pub = start("pub", "-t", topic, "-m", "m{n}", "-q", "1", "--repeat", "20", "--interval", "100",
                "--no-reconnect");
        await(() -> seen.size() >= 1);
        broker.close();
        CommandLineTest.Run run = pub.join();
        assertEquals(ExitCode.FAILED, run.status, run.toString());
        assertTrue(run.err.contains("connection was lost") || run.err.contains("connection lost"), run.err);
        assertTrue(!run.err.contains("reconnecting"), run.err);
    }

    /**
     * Waits until {@code sub} is subscribed: it printed the retained message, which the broker may send before the
     * SUBACK, and then "go", published once after that and so behind the SUBACK.
     */
    private void awaitSubscribed(Background sub) throws InterruptedException {
        await(() -> sub.lines().size() == 1);
        CommandLineTest.Run go = CommandLineTest.run(withBroker("pub", "-t", topic, "-m", "go", "-q", "1"));
        assertEquals(ExitCode.OK, go.status, go.toString());
        await(() -> sub.lines().size() == 2);
    }

    private void restartBroker() {
        broker.close();
        broker = EmbeddedBroker.startOn(port);
    }

    private void publishRetained(String payload) {
        CommandLineTest.Run pub = CommandLineTest.run(withBroker("pub", "-t", topic, "-m", payload, "-q", "1",
                "-r"));
        assertEquals(ExitCode.OK, pub.status, pub.toString());
    }

    /** The payloads a Tern client (which reconnects by itself) receives on the topic. */
    private List<String> observe() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AsyncMqttClient observer = TernMqtt.asyncClient(MqttClientOptions.builder()
                .serverUri("mqtt://127.0.0.1:" + port)
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(100)))
                .build());
        toClose.add(observer);
        observer.connect().get(10, TimeUnit.SECONDS);
        observer.subscribe(topic, Qos.AT_LEAST_ONCE, m -> seen.add(m.payloadAsString())).get(10, TimeUnit.SECONDS);
        return seen;
    }

    private String[] withBroker(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)));
        return all.toArray(String[]::new);
    }

    private Background start(String... args) {
        Background b = new Background(withBroker(args));
        toClose.add(b);
        return b;
    }

    /** Returns once {@code condition} holds, looking every 20 ms; fails after {@link #LIMIT}. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + LIMIT);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** One command running in this JVM on its own thread; its stdout lines can be read while it runs. */
    private static final class Background implements AutoCloseable {
        final Lines out = new Lines();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        final Thread thread;

        Background(String... args) {
            thread = new Thread(() -> result.complete(
                    Mqtt.execute(new PrintWriter(out), new PrintWriter(err), args)), "mqtt-" + args[0]);
            thread.setDaemon(true);
            thread.start();
        }

        List<String> lines() {
            return out.lines;
        }

        /** Whether the command ends within {@code time}. */
        boolean endsWithin(Duration time) throws Exception {
            try {
                result.get(time.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            }
        }

        CommandLineTest.Run join() throws Exception {
            int status = result.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            return new CommandLineTest.Run(status, out.text(), err.toString());
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** A writer that keeps what was written, and each complete line. */
    private static final class Lines extends Writer {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final StringBuilder all = new StringBuilder();
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                all.append(buf[i]);
                if (buf[i] == '\n') {
                    lines.add(line.toString().stripTrailing());
                    line.setLength(0);
                } else {
                    line.append(buf[i]);
                }
            }
        }

        synchronized String text() {
            return all.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
