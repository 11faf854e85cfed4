package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Subscription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A SUBSCRIBE or UNSUBSCRIBE waiting for its acknowledgement. Event loop only. */
final class PendingRequest {

    /** For a SUBSCRIBE: a handler registered for one filter, and what it replaced (to undo on refusal). */
    record Registration(String topicFilter, SubscriptionRegistry.Entry added, SubscriptionRegistry.Entry replaced) {
    }

    final boolean subscribe;
    final List<String> topicFilters;
    /** For a SUBSCRIBE: what was asked for, in the order of {@link #topicFilters}; empty for UNSUBSCRIBE. */
    final List<Subscription> subscriptions;
    final int subscriptionId;
    /** Whether the client sent this SUBSCRIBE by itself, to restore subscriptions the server lost. */
    final boolean resubscribe;
    final List<Registration> registrations;
    /**
     * For an UNSUBSCRIBE: the handler entry of each filter when it was sent (null where there was none), in the order
     * of {@link #topicFilters}; the UNSUBACK removes only these, not a handler of a later SUBSCRIBE of the filter.
     */
    final List<SubscriptionRegistry.Entry> unsubscribed;
    final CompletableFuture<?> future;
    ScheduledFuture<?> timeout;

    private PendingRequest(boolean subscribe, List<String> topicFilters, List<Subscription> subscriptions,
            int subscriptionId, boolean resubscribe, List<Registration> registrations,
            List<SubscriptionRegistry.Entry> unsubscribed, CompletableFuture<?> future) {
        this.subscribe = subscribe;
        this.topicFilters = topicFilters;
        this.subscriptions = subscriptions;
        this.subscriptionId = subscriptionId;
        this.resubscribe = resubscribe;
        this.registrations = registrations;
        this.unsubscribed = unsubscribed;
        this.future = future;
    }

    static PendingRequest subscribe(List<Subscription> subscriptions, int subscriptionId, boolean resubscribe,
            List<Registration> registrations, CompletableFuture<?> future) {
        return new PendingRequest(true, subscriptions.stream().map(Subscription::topicFilter).toList(),
                List.copyOf(subscriptions), subscriptionId, resubscribe, registrations, List.of(), future);
    }

    /** @param entries the handler entry of each filter now, null where there is none */
    static PendingRequest unsubscribe(List<String> topicFilters, List<SubscriptionRegistry.Entry> entries,
            CompletableFuture<?> future) {
        return new PendingRequest(false, List.copyOf(topicFilters), List.of(), 0, false, List.of(),
                Collections.unmodifiableList(new ArrayList<>(entries)), future);
    }

    /** Undoes the handler registrations of a refused or abandoned SUBSCRIBE, for the filters at {@code index}. */
    void rollback(SubscriptionRegistry registry, int index) {
        for (Registration r : registrations) {
            if (index < 0 || r.topicFilter.equals(topicFilters.get(index))) {
                registry.remove(r.topicFilter, r.added);
                if (r.replaced != null && registry.get(r.topicFilter) == null) {
                    registry.restore(r.replaced);
                }
            }
        }
    }
}
