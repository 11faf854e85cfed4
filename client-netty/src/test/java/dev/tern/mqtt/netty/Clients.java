package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.testing.BrokerEndpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Test helpers: clients that close after each test, unique topics, waiting on futures and queues. */
final class Clients implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    private final List<AutoCloseable> open = new ArrayList<>();

    static String uniqueTopic(String prefix) {
        return "it/" + prefix + "/" + UUID.randomUUID();
    }

    static MqttClientOptions.Builder options(BrokerEndpoint broker, MqttVersion version) {
        return MqttClientOptions.builder().serverUri(broker.uri()).version(version)
                .clientId("it-" + UUID.randomUUID().toString().substring(0, 8))
                .ackTimeout(Duration.ofSeconds(WAIT_SECONDS));
    }

    AsyncMqttClient async(MqttClientOptions options) {
        AsyncMqttClient c = TernMqtt.asyncClient(options);
        open.add(c);
        return c;
    }

    AsyncMqttClient connected(BrokerEndpoint broker, MqttVersion version) {
        AsyncMqttClient c = async(options(broker, version).build());
        await(c.connect());
        return c;
    }

    <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete normally: " + e, e);
        }
    }

    static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time: " + e, e);
        }
        throw new AssertionError("future completed normally, expected a failure");
    }

    static Publish take(BlockingQueue<Publish> queue) {
        try {
            Publish p = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(p, "no message within " + WAIT_SECONDS + " s");
            return p;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static Publish poll(BlockingQueue<Publish> queue, long millis) {
        try {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static final class Inbox implements Consumer<Publish> {
        final BlockingQueue<Publish> queue = new LinkedBlockingQueue<>();

        @Override
        public void accept(Publish publish) {
            queue.add(publish);
        }

        Publish take() {
            return Clients.take(queue);
        }

        Publish poll(long millis) {
            return Clients.poll(queue, millis);
        }
    }

    /** A {@code messages()} subscriber that requests everything and records what it is given and the end. */
    static final class StreamInbox implements Flow.Subscriber<Publish> {
        final BlockingQueue<Publish> received = new LinkedBlockingQueue<>();
        final CountDownLatch completed = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Publish item) {
            received.add(item);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort: a test failure matters more
            }
        }
        open.clear();
    }
}
