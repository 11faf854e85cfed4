package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SUBSCRIBE and UNSUBSCRIBE requests made while the client is connecting or reconnecting: they wait, in the order
 * they were made, until the next connection is up, and are then sent before the messages that waited. Each waits at
 * most its acknowledgement timeout, counted from the call: whatever is left of it applies to the acknowledgement once
 * sent, and a request still waiting when it runs out fails with {@link MqttTimeoutException}. Event loop only.
 */
final class DeferredRequests {

    private static final class Deferred {
        final Consumer<Duration> send;
        final CompletableFuture<?> future;
        final long deadlineNanos;
        ScheduledFuture<?> timer;

        Deferred(Consumer<Duration> send, CompletableFuture<?> future, long deadlineNanos) {
            this.send = send;
            this.future = future;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final EventLoop loop;
    /** Null until the first request waits: most clients never make one while not connected. */
    private ArrayDeque<Deferred> waiting;

    DeferredRequests(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Keeps a request until {@link #sendAll()}.
     *
     * @param send sends the request with the time left for its acknowledgement
     * @param what names the request in the timeout message, for example "SUBACK for [a/b]"
     */
    void add(Duration timeout, CompletableFuture<?> future, String what, Consumer<Duration> send) {
        Deferred d = new Deferred(send, future, System.nanoTime() + timeout.toNanos());
        d.timer = loop.schedule(() -> {
            if (waiting != null && waiting.remove(d)) {
                d.future.completeExceptionally(new MqttTimeoutException("no " + what + " within " + timeout
                        + ": the client was not connected again in time"));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        waiting.add(d);
    }

    int size() {
        return waiting == null ? 0 : waiting.size();
    }

    /** Sends every waiting request, in order, each with the time left of its timeout. */
    void sendAll() {
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        List<Deferred> all = new ArrayList<>(waiting);
        waiting.clear();
        long now = System.nanoTime();
        for (Deferred d : all) {
            d.timer.cancel(false);
            if (!d.future.isDone()) {
                d.send.accept(Duration.ofNanos(Math.max(1, d.deadlineNanos - now)));
            }
        }
    }

    /** Fails every waiting request: no connection is coming to send it on. */
    void failAll(MqttException cause) {
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        List<Deferred> all = new ArrayList<>(waiting);
        waiting.clear();
        for (Deferred d : all) {
            d.timer.cancel(false);
            d.future.completeExceptionally(cause);
        }
    }
}
