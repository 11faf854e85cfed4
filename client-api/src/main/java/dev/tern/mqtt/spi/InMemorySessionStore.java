package dev.tern.mqtt.spi;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link SessionStore} in memory: the session survives any number of reconnects, but not the process. A client
 * without a store in its options keeps the same state in its own memory and writes nothing through; this class is for
 * holding the session outside the client: handing the same instance to a new client (after closing the old one)
 * resumes the session in the same process, which is how a durable store behaves after a restart.
 *
 * <p>Thread-safe: the client writes on its network thread, tests and tools may read from any thread.
 */
public final class InMemorySessionStore implements SessionStore {

    private final TreeMap<Long, StoredPublish> outgoing = new TreeMap<>();
    private final Set<Integer> inboundQos2 = new LinkedHashSet<>();
    private final Map<String, StoredSubscription> subscriptions = new LinkedHashMap<>();

    /** An empty store. */
    public InMemorySessionStore() {
    }

    @Override
    public synchronized List<StoredPublish> outgoing() {
        return List.copyOf(outgoing.values());
    }

    @Override
    public synchronized Set<Integer> inboundQos2() {
        return Set.copyOf(inboundQos2);
    }

    @Override
    public synchronized List<StoredSubscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    @Override
    public synchronized void putOutgoing(StoredPublish publish) {
        outgoing.put(publish.sequence(), publish);
    }

    @Override
    public synchronized void removeOutgoing(long sequence) {
        outgoing.remove(sequence);
    }

    @Override
    public synchronized void addInboundQos2(int packetId) {
        inboundQos2.add(packetId);
    }

    @Override
    public synchronized void removeInboundQos2(int packetId) {
        inboundQos2.remove(packetId);
    }

    @Override
    public synchronized void clearInboundQos2() {
        inboundQos2.clear();
    }

    @Override
    public synchronized void putSubscription(StoredSubscription subscription) {
        subscriptions.put(subscription.topicFilter(), subscription);
    }

    @Override
    public synchronized void removeSubscription(String topicFilter) {
        subscriptions.remove(topicFilter);
    }

    @Override
    public synchronized String toString() {
        return "InMemorySessionStore[outgoing=" + outgoing.size() + ", inboundQos2=" + inboundQos2.size()
                + ", subscriptions=" + subscriptions.size() + "]";
    }
}
