package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.TopicFilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which handler receives which messages: topic filter to handler, with the MQTT 5.0 subscription identifier that
 * was sent with the filter. Matching uses the subscription identifiers of a message when it has any that are known
 * here, and local topic matching otherwise. Session state: it outlives a connection. Event loop only.
 */
public final class SubscriptionRegistry {

    /** A registered handler. {@code subscriptionId} is 0 when none was sent. */
    public record Entry(String topicFilter, Consumer<Publish> handler, int subscriptionId) {
    }

    /** Null until the first handler is registered; {@link #byId} until the first with a subscription identifier. */
    private Map<String, Entry> byFilter;
    private Map<Integer, Entry> byId;

    /** Registers (or replaces) the handler for a filter; returns the entry it replaced, or null. */
    public Entry put(String topicFilter, Consumer<Publish> handler, int subscriptionId) {
        Entry entry = new Entry(topicFilter, handler, subscriptionId);
        if (byFilter == null) {
            byFilter = new LinkedHashMap<>();
        }
        Entry old = byFilter.put(topicFilter, entry);
        if (old != null && old.subscriptionId != 0) {
            byId.remove(old.subscriptionId);
        }
        if (subscriptionId != 0) {
            if (byId == null) {
                byId = new HashMap<>();
            }
            byId.put(subscriptionId, entry);
        }
        return old;
    }

    /** Removes the handler of a filter, but only if it is still {@code expected} (null: whatever it is). */
    public void remove(String topicFilter, Entry expected) {
        Entry current = get(topicFilter);
        if (current != null && (expected == null || current == expected)) {
            byFilter.remove(topicFilter);
            if (current.subscriptionId != 0) {
                byId.remove(current.subscriptionId);
            }
        }
    }

    /** Restores an entry that a failed subscribe replaced. */
    public void restore(Entry entry) {
        put(entry.topicFilter, entry.handler, entry.subscriptionId);
    }

    /** The current entry of a filter, or null. */
    public Entry get(String topicFilter) {
        return byFilter == null ? null : byFilter.get(topicFilter);
    }

    /** All entries, in registration order. */
    public List<Entry> entries() {
        return byFilter == null ? List.of() : List.copyOf(byFilter.values());
    }

    /**
     * The distinct handlers a message goes to: those whose subscription identifier it carries, or, if it carries
     * none known here, those whose filter matches its topic. Empty if no handler applies.
     */
    public List<Consumer<Publish>> handlersFor(Publish message) {
        if (byFilter == null || byFilter.isEmpty()) {
            return List.of();
        }
        List<Consumer<Publish>> handlers = new ArrayList<>(2);
        if (byId != null) {
            for (int id : message.subscriptionIdentifiers()) {
                Entry e = byId.get(id);
                if (e != null) {
                    addOnce(handlers, e.handler);
                }
            }
        }
        if (handlers.isEmpty()) {
            for (Entry e : byFilter.values()) {
                if (TopicFilter.matches(e.topicFilter, message.topic())) {
                    addOnce(handlers, e.handler);
                }
            }
        }
        return handlers;
    }

    /** Adds a handler unless the same instance is there: a message reaches each handler once. */
    private static void addOnce(List<Consumer<Publish>> handlers, Consumer<Publish> handler) {
        // a linear scan: a message matches a few handlers, and an identity set per message cost more than this
        for (Consumer<Publish> h : handlers) {
            if (h == handler) {
                return;
            }
        }
        handlers.add(handler);
    }
}
