package dev.tern.mqtt.netty.internal.dispatch;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MessageRouter} with a handler slower than the messages: what waits is bounded for QoS 0, never dropped for QoS 1. */
class MessageRouterTest {

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final CallbackDispatcher dispatcher = new CallbackDispatcher(callbacks, loop.eventLoop());
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        callbacks.shutdown();
        assertTrue(callbacks.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A handler that blocks on its first message until the test releases it. */
    private Consumer<Publish> slowHandler(CountDownLatch firstArrived) {
        return m -> {
            handled.add(m.payloadAsString());
            firstArrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static Publish message(int i, Qos qos) {
        return Publish.builder().topic("t").payload(Integer.toString(i)).qos(qos).build();
    }

    private void awaitHandled(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handled.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling a condition with a deadline
        }
        assertEquals(n, handled.size());
    }

    @Test
    void qos0MessagesBeyondTheBoundWaitingForAHandlerDropTheOldestWaiting() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        Consumer<Publish> handler = slowHandler(first);
        MessageRouter router = new MessageRouter(dispatcher, new MessageStream(dispatcher), false, m -> List.of(handler));
        router.deliver(message(0, Qos.AT_MOST_ONCE), null);
        assertTrue(first.await(10, TimeUnit.SECONDS), "the handler holds message 0");
        int extra = 100;
        for (int i = 1; i <= MessageStream.QOS0_BUFFER + extra; i++) {
            router.deliver(message(i, Qos.AT_MOST_ONCE), null);
        }
        assertEquals(MessageStream.QOS0_BUFFER, router.qos0Waiting(), "never more waiting than the bound");
        release.countDown();
        awaitHandled(1 + MessageStream.QOS0_BUFFER);
        assertEquals("0", handled.get(0));
        assertEquals(Integer.toString(extra + 1), handled.get(1), "the oldest waiting were dropped: 1.." + extra);
        assertEquals(Integer.toString(MessageStream.QOS0_BUFFER + extra), handled.get(handled.size() - 1));
        assertEquals(0, router.qos0Waiting());
    }

    @Test
    void qos1MessagesAreNeverDroppedAndEachIsAcknowledged() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        Consumer<Publish> handler = slowHandler(first);
        MessageRouter router = new MessageRouter(dispatcher, new MessageStream(dispatcher), false, m -> List.of(handler));
        AtomicInteger acks = new AtomicInteger();
        int n = MessageStream.QOS0_BUFFER + 100;
        router.deliver(message(0, Qos.AT_LEAST_ONCE), acks::incrementAndGet);
        assertTrue(first.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < n; i++) {
            router.deliver(message(i, Qos.AT_LEAST_ONCE), acks::incrementAndGet);
        }
        release.countDown();
        awaitHandled(n);
        for (int i = 0; i < n; i++) {
            assertEquals(Integer.toString(i), handled.get(i));
        }
        assertEquals(n, acks.get());
    }
}
