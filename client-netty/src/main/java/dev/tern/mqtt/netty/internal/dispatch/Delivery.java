package dev.tern.mqtt.netty.internal.dispatch;

import dev.tern.mqtt.message.Publish;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One received message on its way to its consumers (handlers and stream subscribers). When the last consumer has
 * been handed it, the acknowledgement runs (for QoS 1 and 2 with automatic acknowledgement). Thread-safe.
 */
public final class Delivery {

    private final Publish message;
    private final AtomicInteger remaining;
    private final Runnable acknowledgement;

    /**
     * @param consumers how many consumers will call {@link #handedOver()}; 0 acknowledges at once
     * @param acknowledgement runs once all consumers were handed the message; null for none
     */
    public Delivery(Publish message, int consumers, Runnable acknowledgement) {
        this.message = message;
        this.remaining = new AtomicInteger(consumers);
        this.acknowledgement = acknowledgement;
        if (consumers == 0 && acknowledgement != null) {
            acknowledgement.run();
        }
    }

    public Publish message() {
        return message;
    }

    /** A consumer has been handed the message (or will never be: cancelled, dropped). */
    public void handedOver() {
        if (remaining.decrementAndGet() == 0 && acknowledgement != null) {
            acknowledgement.run();
        }
    }
}
