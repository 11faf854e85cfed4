package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.exceptions.MqttClientStateException;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands publishes from the callers' threads to the event loop, a batch per event-loop task.
 *
 * <p>Why: one task per publish meant one wake-up and one task object per message. Here the first publish into an
 * empty intake schedules a drain, and every publish that arrives before the drain runs goes with it. Order is kept:
 * a publish is handed over in the order it was submitted, and before any operation the same thread submits to the
 * event loop after it (its drain task is scheduled no later than that operation's task). A drain hands over at most
 * {@link #BATCH} messages and then yields, so that reads (acknowledgements) are not starved by a fast publisher.
 * Thread-safe.
 */
public final class PublishIntake {

    /** The most publishes one event-loop task hands over. */
    static final int BATCH = 1024;

    private final Executor loop;
    private final Consumer<OutgoingPublish> sink;
    private final Queue<OutgoingPublish> queue = new ConcurrentLinkedQueue<>();
    /** Whether a drain task is scheduled and has not started yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param loop the event loop
     * @param sink takes each publish on the event loop
     */
    public PublishIntake(Executor loop, Consumer<OutgoingPublish> sink) {
        this.loop = loop;
        this.sink = sink;
    }

    /** Queues a publish for the event loop; any thread. */
    public void submit(OutgoingPublish op) {
        queue.add(op);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            loop.execute(this::drain);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            OutgoingPublish op;
            while ((op = queue.poll()) != null) {
                op.fail(new MqttClientStateException("the client's event loop was shut down"));
            }
        }
    }

    private void drain() {
        scheduled.set(false);
        for (int i = 0; i < BATCH; i++) {
            OutgoingPublish op = queue.poll();
            if (op == null) {
                return;
            }
            sink.accept(op);
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }
}
