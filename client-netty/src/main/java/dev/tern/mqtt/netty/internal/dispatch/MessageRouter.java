package dev.tern.mqtt.netty.internal.dispatch;

import dev.tern.mqtt.message.Publish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands each received message to the application: to the handlers of the subscriptions it matches (or to the
 * catch-all handler when it matches none), one message at a time per handler on the callback executor, and to every
 * {@link MessageStream} subscriber. With automatic acknowledgement the acknowledgement runs once all of them were
 * handed the message; with manual acknowledgement it waits for {@link #acknowledge}, except for a message that none
 * of them was handed, which nobody else could acknowledge. QoS 0 messages waiting for the handlers are bounded as a
 * stream subscriber's are ({@link HandlerBacklog}).
 *
 * <p>Threading: {@link #deliver} runs on the client's event loop; the other methods may be called from any thread.
 */
public final class MessageRouter {

    private static final Logger log = LoggerFactory.getLogger(MessageRouter.class);

    private final CallbackDispatcher dispatcher;
    private final MessageStream stream;
    private final boolean manualAcknowledgement;
    private final Function<Publish, List<Consumer<Publish>>> handlersFor;
    /** The acknowledgements the application has yet to trigger; null with automatic acknowledgement. */
    private final Map<Publish, Runnable> manualAcks;
    private volatile Consumer<Publish> catchAll;
    private final HandlerBacklog qos0Backlog = new HandlerBacklog(new DropLog(log, "a message handler"));

    /**
     * @param handlersFor the handlers of the subscriptions a message matches, empty if none; called on the event
     *        loop
     */
    public MessageRouter(CallbackDispatcher dispatcher, MessageStream stream, boolean manualAcknowledgement,
            Function<Publish, List<Consumer<Publish>>> handlersFor) {
        this.dispatcher = dispatcher;
        this.stream = stream;
        this.manualAcknowledgement = manualAcknowledgement;
        this.handlersFor = handlersFor;
        this.manualAcks = manualAcknowledgement ? Collections.synchronizedMap(new IdentityHashMap<>()) : null;
    }

    /** How many QoS 0 messages wait for the handlers; for tests. */
    int qos0Waiting() {
        return qos0Backlog.waiting();
    }

    /** Sets the handler of messages that match no subscription with a handler of its own; null removes it. */
    public void setCatchAll(Consumer<Publish> handler) {
        this.catchAll = handler;
    }

    /** Runs a manual acknowledgement registered for {@code message}, if any. Any thread. */
    public void acknowledge(Publish message) {
        if (manualAcks == null) {
            return;
        }
        Runnable ack = manualAcks.remove(message);
        if (ack != null) {
            ack.run();
        }
    }

    /** Forgets the manual acknowledgements still waiting: the client is closed. */
    public void clear() {
        if (manualAcks != null) {
            manualAcks.clear();
        }
    }

    /**
     * Hands a received message over. Event loop only.
     *
     * @param acknowledgement sends the PUBACK or PUBREC; thread-safe, runs at most once; null for QoS 0
     */
    public void deliver(Publish message, Runnable acknowledgement) {
        List<Consumer<Publish>> handlers = handlersFor.apply(message);
        if (handlers.isEmpty()) {
            Consumer<Publish> fallback = catchAll;
            if (fallback != null) {
                handlers = List.of(fallback);
            }
        }
        List<MessageStream.StreamSubscription> subscribers = stream.snapshot();
        Runnable autoAck = acknowledgement;
        Runnable unclaimed = null;
        if (acknowledgement != null && manualAcknowledgement) {
            // the application acknowledges what it was handed; what reaches nobody the client must acknowledge,
            // or it would hold one of the server's in-flight slots (and, on some brokers, the delivery) for ever
            manualAcks.put(message, acknowledgement);
            autoAck = null;
            unclaimed = () -> acknowledge(message);
        }
        if (handlers.isEmpty() && subscribers.isEmpty()) {
            log.debug("no handler for a message on {}; acknowledged and dropped", message.topic());
        }
        Delivery delivery = new Delivery(message, handlers.size() + subscribers.size(), autoAck, unclaimed);
        for (Consumer<Publish> handler : handlers) {
            if (acknowledgement == null) { // QoS 0: bounded, the oldest waiting dropped
                dispatcher.deliver(qos0Backlog.queued(delivery, handler));
            } else { // QoS 1 and 2: bounded by our Receive Maximum, never dropped
                dispatcher.deliver(() -> {
                    delivery.handedOver();
                    handler.accept(message);
                });
            }
        }
        for (MessageStream.StreamSubscription s : subscribers) {
            s.offer(delivery);
        }
    }
}
