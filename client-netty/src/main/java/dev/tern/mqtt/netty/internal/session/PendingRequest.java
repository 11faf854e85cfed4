package dev.tern.mqtt.netty.internal.session;

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
    final List<Registration> registrations;
    final CompletableFuture<?> future;
    ScheduledFuture<?> timeout;

    PendingRequest(boolean subscribe, List<String> topicFilters, List<Registration> registrations,
            CompletableFuture<?> future) {
        this.subscribe = subscribe;
        this.topicFilters = topicFilters;
        this.registrations = registrations;
        this.future = future;
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
