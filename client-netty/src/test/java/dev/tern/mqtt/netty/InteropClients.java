package dev.tern.mqtt.netty;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.testing.BrokerEndpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Helpers for the {@code *InteropIT} tests: clients that are closed after each test, unique topics, and waiting on
 * futures, queues and conditions with a deadline (never a bare sleep).
 */
final class InteropClients implements AutoCloseable {

    /** How long any single wait may take before the test fails. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** How long to watch for a message that must not come. */
    static final long QUIET_MILLIS = 300;

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A topic no other test uses: {@code tern/it/<what>/<uuid>}. */
    static String topic(String what) {
        return "tern/it/" + what + "/" + UUID.randomUUID();
    }

    /** Options for this broker and version with a unique client id and the short ack timeout of these tests. */
    static MqttClientOptions.Builder options(BrokerEndpoint broker, MqttVersion version) {
        return MqttClientOptions.builder().serverUri(broker.uri()).version(version)
                .clientId("tern-it-" + UUID.randomUUID().toString().substring(0, 12))
                .ackTimeout(WAIT);
    }

    static Publish message(String topic, String payload, Qos qos) {
        return Publish.builder().topic(topic).payload(payload).qos(qos).build();
    }

    /** A new async client, closed with this helper. */
    AsyncMqttClient async(MqttClientOptions options) {
        return track(TernMqtt.asyncClient(options));
    }

    /** A new async client for this broker and version, connected. */
    AsyncMqttClient connected(BrokerEndpoint broker, MqttVersion version) {
        AsyncMqttClient client = async(options(broker, version).build());
        await(client.connect());
        return client;
    }

    /** A new blocking client, closed with this helper. */
    MqttClient blocking(MqttClientOptions options) {
        return track(TernMqtt.blockingClient(options));
    }

    <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete within " + WAIT + ": " + e, e);
        }
    }

    /** The exception a future fails with; fails the test if it completes normally or not in time. */
    static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("future completed normally with " + value + ", expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("future did not fail within " + WAIT, e);
        }
    }

    /** Polls {@code condition} until it holds; fails the test after {@link #WAIT}. */
    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(10); // poll interval of a condition with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Collects the messages handed to it; a handler for subscriptions. */
    static final class Inbox implements Consumer<Publish> {

        private final BlockingQueue<Publish> queue = new LinkedBlockingQueue<>();

        @Override
        public void accept(Publish publish) {
            queue.add(publish);
        }

        /** The next message; fails the test if none arrives within {@link #WAIT}. */
        Publish take() {
            try {
                Publish p = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(p, "no message within " + WAIT);
                return p;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The next message within {@code millis}, or null. */
        Publish poll(long millis) {
            try {
                return queue.poll(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The next message within {@link #QUIET_MILLIS}, or null: for "nothing more arrives". */
        Publish quiet() {
            return poll(QUIET_MILLIS);
        }
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // best effort: the test's own failure matters more
            }
        }
        open.clear();
    }
}
