package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import reactor.util.Logger;
import reactor.util.Loggers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which topic filters the facade's streams use, so that cancelling one stream unsubscribes only the filters no other
 * stream uses; and SUBSCRIBE and UNSUBSCRIBE sent again when the end of a connection cut them short.
 *
 * <p>The order of requests needs no chaining per filter: the async client sends SUBSCRIBE and UNSUBSCRIBE in the
 * order they were called, also those that wait while it connects or reconnects, and an UNSUBACK removes only the
 * handler its UNSUBSCRIBE was sent for. Every call to it is made under this table's lock, so "cancel, then subscribe
 * again" reaches the server in that order.
 *
 * <p>What is left to do here: the async client fails a SUBSCRIBE or UNSUBSCRIBE that was sent and not yet
 * acknowledged when the connection ended ({@link MqttConnectionLostException}, from its session's detach), even when
 * it reconnects; it does not send it again on the next connection (and it resubscribes, on a lost session, only to
 * what the server had granted). A stream must not fail for that, and its filters must not stay subscribed after it
 * was cancelled, so such a request is made again: the async client sends it once it is connected, or fails it as it
 * fails any request made while it connects (ack timeout, client stopped). A SUBSCRIBE is made again only for a
 * stream still subscribed, an UNSUBSCRIBE only for the filters no stream uses by then, so neither overtakes a later
 * request. If the client is not reconnecting the new request fails at once and the first failure is reported.
 * Thread-safe.
 */
final class FilterTable {

    private static final Logger log = Loggers.getLogger(FilterTable.class);

    private final AsyncMqttClient client;
    // guarded by this
    private final Map<String, Integer> streams = new HashMap<>();
    private boolean closed;

    FilterTable(AsyncMqttClient client) {
        this.client = client;
    }

    /** One stream's use of its filters, from its SUBSCRIBE until it ends. */
    final class Lease {
        private final List<Subscription> subscriptions;
        private final Consumer<Publish> handler;
        private final CompletableFuture<SubAck> subAck = new CompletableFuture<>();
        private boolean released; // guarded by FilterTable.this

        private Lease(List<Subscription> subscriptions, Consumer<Publish> handler) {
            this.subscriptions = subscriptions;
            this.handler = handler;
        }

        /** The SUBACK of this stream's SUBSCRIBE, or its failure. */
        CompletableFuture<SubAck> subAck() {
            return subAck;
        }
    }

    /** A stream starts using these subscriptions: SUBSCRIBE with {@code handler}. */
    synchronized Lease subscribe(List<Subscription> subscriptions, Consumer<Publish> handler) {
        subscriptions.forEach(s -> streams.merge(s.topicFilter(), 1, Integer::sum));
        Lease lease = new Lease(subscriptions, handler);
        sendSubscribe(lease, null);
        return lease;
    }

    /** Under the lock. {@code lost} is the failure of the request this one makes again, null for the first. */
    private void sendSubscribe(Lease lease, Throwable lost) {
        call(() -> client.subscribe(lease.subscriptions, lease.handler)).whenComplete((ack, error) -> {
            if (error == null) {
                lease.subAck.complete(ack);
                return;
            }
            Throwable cause = unwrap(error);
            if (lost != null && cause instanceof MqttClientStateException) {
                cause = lost; // the client is not reconnecting: the end of the connection is what failed it
            } else if (cause instanceof MqttConnectionLostException && subscribeAgain(lease, cause)) {
                return;
            }
            lease.subAck.completeExceptionally(cause);
        });
    }

    private synchronized boolean subscribeAgain(Lease lease, Throwable lost) {
        if (closed || lease.released) {
            return false; // a cancelled stream's filters get the UNSUBSCRIBE of its release, if no stream uses them
        }
        log.debug("SUBSCRIBE {} was cut short by the end of the connection; subscribing again",
                lease.subscriptions);
        sendSubscribe(lease, lost);
        return true;
    }

    /**
     * A stream stopped using its filters: UNSUBSCRIBE those no stream uses any more, unless the facade is closing.
     * Failures are only logged: the stream that asked is gone. Once per lease.
     */
    synchronized void release(Lease lease) {
        if (lease.released) {
            return;
        }
        lease.released = true;
        List<String> unused = new ArrayList<>();
        for (Subscription s : lease.subscriptions) {
            String f = s.topicFilter();
            if (streams.containsKey(f) && streams.computeIfPresent(f, (k, n) -> n == 1 ? null : n - 1) == null
                    && !unused.contains(f)) {
                unused.add(f);
            }
        }
        if (!closed && !unused.isEmpty()) {
            sendUnsubscribe(unused);
        }
    }

    // under the lock
    private void sendUnsubscribe(List<String> filters) {
        call(() -> client.unsubscribe(filters)).whenComplete((ack, error) -> {
            if (error == null) {
                return;
            }
            if (!(unwrap(error) instanceof MqttConnectionLostException) || !unsubscribeAgain(filters)) {
                log.debug("UNSUBSCRIBE {} after a cancelled stream failed: {}", filters, unwrap(error).toString());
            }
        });
    }

    private synchronized boolean unsubscribeAgain(List<String> filters) {
        if (closed) {
            return false;
        }
        List<String> unused = filters.stream().filter(f -> !streams.containsKey(f)).toList();
        if (!unused.isEmpty()) {
            log.debug("UNSUBSCRIBE {} was cut short by the end of the connection; unsubscribing again", unused);
            sendUnsubscribe(unused);
        }
        return true;
    }

    /** How many streams use {@code topicFilter}. */
    synchronized int streams(String topicFilter) {
        return streams.getOrDefault(topicFilter, 0);
    }

    /** The facade is closing: nothing more is sent again. */
    synchronized void close() {
        closed = true;
    }

    private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
