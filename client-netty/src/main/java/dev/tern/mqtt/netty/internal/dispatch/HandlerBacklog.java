package dev.tern.mqtt.netty.internal.dispatch;

import dev.tern.mqtt.message.Publish;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Bounds the QoS 0 messages waiting for the message handlers, as {@link MessageStream} bounds each stream
 * subscriber's: beyond {@link MessageStream#QOS0_BUFFER} waiting, the oldest waiting is dropped. QoS 1 and 2
 * messages are bounded by the client's Receive Maximum instead (the server sends no more until they are
 * acknowledged), but QoS 0 messages keep coming as fast as the server sends them: a handler slower than that would
 * otherwise grow the queue until the heap ran out.
 *
 * <p>Each waiting hand-over is claimed exactly once, by the callback thread that runs it or by the event loop that
 * drops it, so a message is never both handed over and counted as dropped. Thread-safe.
 */
final class HandlerBacklog {

    /** One QoS 0 message on its way to one handler: the task queued on the message lane. */
    final class Handover implements Runnable {

        private final AtomicBoolean claimed = new AtomicBoolean();
        private final Delivery delivery;
        private final Consumer<Publish> handler;

        Handover(Delivery delivery, Consumer<Publish> handler) {
            this.delivery = delivery;
            this.handler = handler;
        }

        private boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (!claim()) {
                return; // dropped while it waited
            }
            waiting.remove(this); // at the head, in the usual case: the lane runs them in order
            count.decrementAndGet();
            delivery.handedOver();
            handler.accept(delivery.message());
        }
    }

    private final Queue<Handover> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final DropLog drops;

    HandlerBacklog(DropLog drops) {
        this.drops = drops;
    }

    /**
     * The task that hands a QoS 0 message to a handler, for the message lane; drops the oldest waiting one if this
     * one makes more than the bound. Event loop only (one caller at a time).
     */
    Handover queued(Delivery delivery, Consumer<Publish> handler) {
        Handover handover = new Handover(delivery, handler);
        waiting.add(handover);
        if (count.incrementAndGet() > MessageStream.QOS0_BUFFER) {
            for (Handover oldest; (oldest = waiting.poll()) != null; ) {
                if (oldest.claim()) {
                    count.decrementAndGet();
                    oldest.delivery.skipped();
                    drops.dropped(oldest.delivery.message().topic());
                    break;
                }
                // claimed by the callback thread running it right now: not waiting any more, try the next
            }
        }
        return handover;
    }

    /** How many QoS 0 hand-overs wait now; for tests. */
    int waiting() {
        return count.get();
    }
}
