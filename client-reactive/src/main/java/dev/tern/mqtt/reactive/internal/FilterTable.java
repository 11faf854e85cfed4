package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import reactor.util.Logger;
import reactor.util.Loggers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which topic filters the facade's streams use, so that cancelling one stream unsubscribes only the filters no other
 * stream uses, and the order of SUBSCRIBE and UNSUBSCRIBE per filter: an operation on a filter is handed to the
 * async client only after the previous one on that filter completed. Without that, "cancel then subscribe again"
 * could reach the server as SUBSCRIBE then UNSUBSCRIBE, or an UNSUBACK could remove the handler of the newer
 * subscription.
 *
 * <p>Both go through {@link ConnectionWatch#retrying}: an operation refused because the client is reconnecting, or
 * cut short by the end of the connection, is sent again once the client is connected, and the operations after it on
 * the same filters wait for that. Thread-safe.
 */
final class FilterTable {

    private static final Logger log = Loggers.getLogger(FilterTable.class);

    private final AsyncMqttClient client;
    private final ConnectionWatch watch;
    // guarded by this
    private final Map<String, Entry> entries = new HashMap<>();

    FilterTable(AsyncMqttClient client, ConnectionWatch watch) {
        this.client = client;
        this.watch = watch;
    }

    /** A stream starts using these subscriptions: SUBSCRIBE, after any earlier operation on the same filters. */
    synchronized CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, Consumer<Publish> handler) {
        List<CompletableFuture<?>> before = new ArrayList<>();
        List<Entry> touched = new ArrayList<>();
        for (Subscription s : subscriptions) {
            Entry e = entries.computeIfAbsent(s.topicFilter(), f -> new Entry());
            e.streams++;
            touched.add(e);
            if (!e.last.isDone()) {
                before.add(e.last);
            }
        }
        CompletableFuture<SubAck> op = after(before,
                () -> watch.retrying(() -> client.subscribe(subscriptions, handler)));
        touched.forEach(e -> e.last = op);
        return op;
    }

    /**
     * A stream stopped using these filters: UNSUBSCRIBE those no stream uses any more (unless {@code unsubscribe}
     * is false, when the facade is closing), after any earlier operation on them. Failures are only logged: the
     * stream that asked is gone.
     *
     * @return the filters UNSUBSCRIBE is sent for, possibly none
     */
    synchronized List<String> release(List<String> filters, boolean unsubscribe) {
        List<String> unused = new ArrayList<>();
        List<CompletableFuture<?>> before = new ArrayList<>();
        for (String f : filters) {
            Entry e = entries.get(f);
            if (e != null && --e.streams == 0 && !unused.contains(f)) {
                unused.add(f);
                if (!e.last.isDone()) {
                    before.add(e.last);
                }
            }
        }
        if (unused.isEmpty()) {
            return List.of();
        }
        if (!unsubscribe) {
            unused.forEach(entries::remove);
            return List.of();
        }
        CompletableFuture<UnsubAck> op = after(before, () -> watch.retrying(() -> client.unsubscribe(unused)));
        unused.forEach(f -> entries.get(f).last = op);
        op.whenComplete((ack, error) -> {
            if (error != null) {
                log.debug("UNSUBSCRIBE {} after a cancelled stream failed: {}", unused, error.toString());
            }
            forget(unused, op);
        });
        return unused;
    }

    /** How many streams use {@code topicFilter}. */
    synchronized int streams(String topicFilter) {
        Entry e = entries.get(topicFilter);
        return e == null ? 0 : e.streams;
    }

    private synchronized void forget(List<String> filters, CompletableFuture<?> op) {
        for (String f : filters) {
            Entry e = entries.get(f);
            if (e != null && e.streams == 0 && e.last == op) {
                entries.remove(f);
            }
        }
    }

    /** Runs {@code operation} now if nothing is pending (keeping the caller's order), else when all of it is done. */
    private static <T> CompletableFuture<T> after(List<CompletableFuture<?>> pending,
            Supplier<CompletableFuture<T>> operation) {
        if (pending.isEmpty()) {
            return ConnectionWatch.call(operation);
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> null)
                .thenCompose(ignored -> ConnectionWatch.call(operation));
    }

    private static final class Entry {
        int streams;
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    }
}
