package dev.tern.mqtt.netty.internal.dispatch;

import dev.tern.mqtt.message.Publish;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One received message on its way to its consumers (handlers and stream subscribers). When the last consumer is done
 * with it, the acknowledgement runs: always with automatic acknowledgement, and with manual acknowledgement only if
 * no consumer was really handed the message (all were cancelled or dropped it, or there were none), since then nobody
 * could ever acknowledge it. Thread-safe.
 */
public final class Delivery {

    private final Publish message;
    private final AtomicInteger remaining;
    private final Runnable acknowledgement;
    private final Runnable unclaimed;
    private volatile boolean handedOver;

    /**
     * @param consumers how many consumers will call {@link #handedOver()} or {@link #skipped()}; 0 ends at once
     * @param acknowledgement runs once all consumers are done; null for none
     * @param unclaimed runs instead if no consumer was handed the message; null for none
     */
    public Delivery(Publish message, int consumers, Runnable acknowledgement, Runnable unclaimed) {
        this.message = message;
        this.remaining = new AtomicInteger(consumers);
        this.acknowledgement = acknowledgement;
        this.unclaimed = unclaimed;
        if (consumers == 0) {
            done();
        }
    }

    public Publish message() {
        return message;
    }

    /** A consumer has been handed the message. */
    public void handedOver() {
        handedOver = true;
        if (remaining.decrementAndGet() == 0) {
            done();
        }
    }

    /** A consumer will never be handed the message: it cancelled, or dropped it. */
    public void skipped() {
        if (remaining.decrementAndGet() == 0) {
            done();
        }
    }

    private void done() {
        if (acknowledgement != null) {
            acknowledgement.run();
        } else if (!handedOver && unclaimed != null) {
            unclaimed.run();
        }
    }
}
