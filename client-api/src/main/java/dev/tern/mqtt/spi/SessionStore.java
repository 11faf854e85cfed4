package dev.tern.mqtt.spi;

import java.util.List;
import java.util.Set;

/**
 * Where a client keeps the session state that must survive a lost connection: outgoing QoS 1 and 2 messages and how
 * far each exchange got, messages waiting in the offline buffer, the packet identifiers of received QoS 2 messages
 * still awaiting PUBREL, and the active subscriptions.
 *
 * <p>The client reads the store once, when it is created, and resumes what it finds (so a durable store lets a new
 * process continue where a previous one stopped); after that it writes every change through, in the order the
 * changes happen, and keeps its own working copy in memory. Everything stored is a plain value ({@link StoredPublish},
 * {@link StoredSubscription}, packet identifiers), so a store can serialise it as it likes.
 * Without a store in the options a client keeps its session in its own memory (it survives reconnects, not the
 * client) and writes nothing through; {@link InMemorySessionStore} keeps it in an object the application holds.
 *
 * <h2>Threads</h2>
 * Every method is called on the client's network thread, one call at a time, so an implementation must return
 * quickly (append to a log rather than rewrite a file) and must not call back into the client. A store belongs to one
 * client at a time: give each client its own.
 *
 * <h2>Failures</h2>
 * A write that throws is logged and the client carries on with its in-memory state; the store is then behind, which
 * matters only after a restart. A durable store that must never fall behind should make its writes infallible or
 * stop the process.
 */
public interface SessionStore {

    /** The stored outgoing messages, in ascending {@link StoredPublish#sequence()} order. */
    List<StoredPublish> outgoing();

    /** The packet identifiers of received QoS 2 messages that were delivered and still await PUBREL. */
    Set<Integer> inboundQos2();

    /** The active subscriptions, in the order they were first made. */
    List<StoredSubscription> subscriptions();

    /** Adds an outgoing message, or replaces the one with the same {@link StoredPublish#sequence()}. */
    void putOutgoing(StoredPublish publish);

    /** Removes the outgoing message with this sequence number: acknowledged, expired, dropped or failed. */
    void removeOutgoing(long sequence);

    /** Records a received QoS 2 message that was delivered and now awaits PUBREL. */
    void addInboundQos2(int packetId);

    /** Forgets a received QoS 2 packet identifier: PUBREL arrived. */
    void removeInboundQos2(int packetId);

    /** Forgets every received QoS 2 packet identifier: the server started a new session. */
    void clearInboundQos2();

    /** Adds a subscription, or replaces the one with the same topic filter. */
    void putSubscription(StoredSubscription subscription);

    /** Removes the subscription with this topic filter, if any. */
    void removeSubscription(String topicFilter);
}
