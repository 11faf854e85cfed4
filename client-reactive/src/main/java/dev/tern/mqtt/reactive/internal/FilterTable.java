package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
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
 * stream uses.
 *
 * <p>Nothing else is needed here: the async client sends SUBSCRIBE and UNSUBSCRIBE in the order they were called,
 * keeps those made while it connects or reconnects for the next connection, sends again those the end of a
 * connection left unacknowledged, and an UNSUBACK removes only the handler its UNSUBSCRIBE was sent for. Every call to
 * it is made under this table's lock, so "cancel, then subscribe again" reaches the server in that order.
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
        private final CompletableFuture<SubAck> subAck;
        private boolean released; // guarded by FilterTable.this

        private Lease(List<Subscription> subscriptions, CompletableFuture<SubAck> subAck) {
            this.subscriptions = subscriptions;
            this.subAck = subAck;
        }

        /** The SUBACK of this stream's SUBSCRIBE, or its failure. */
        CompletableFuture<SubAck> subAck() {
            return subAck;
        }
    }

    /** A stream starts using these subscriptions: SUBSCRIBE with {@code handler}. */
    synchronized Lease subscribe(List<Subscription> subscriptions, Consumer<Publish> handler) {
        subscriptions.forEach(s -> streams.merge(s.topicFilter(), 1, Integer::sum));
        CompletableFuture<SubAck> subAck = new CompletableFuture<>();
        call(() -> client.subscribe(subscriptions, handler)).whenComplete((ack, error) -> {
            if (error == null) {
                subAck.complete(ack);
            } else {
                subAck.completeExceptionally(unwrap(error));
            }
        });
        return new Lease(subscriptions, subAck);
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
            call(() -> client.unsubscribe(unused)).whenComplete((ack, error) -> {
                if (error != null) {
                    log.debug("UNSUBSCRIBE {} after a cancelled stream failed: {}", unused, unwrap(error).toString());
                }
            });
        }
    }

    /** How many streams use {@code topicFilter}. */
    synchronized int streams(String topicFilter) {
        return streams.getOrDefault(topicFilter, 0);
    }

    /** The facade is closing: no UNSUBSCRIBE is sent for streams that end from now on. */
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
