package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.exceptions.MqttClientStateException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Hands publishes from the callers' threads to the event loop, a batch per event-loop task.
 *
 * <p>Why: one task per publish meant one wake-up and one task object per message. Here the first publish into an
 * idle intake schedules a drain, and every publish that arrives before the drain has finished goes with it. Order
 * is kept: a publish is handed over in the order it was submitted, and before any operation the same thread submits
 * to the event loop after it (its drain task is scheduled no later than that operation's task; as long as no more
 * than {@link #BATCH} publishes wait, that task hands it over). A drain hands over at most {@link #BATCH} waiting
 * messages and then yields, so that reads (acknowledgements) are not starved by a fast publisher. Thread-safe.
 *
 * <p>How: the waiting messages are linked through {@link OutgoingPublish#nextInIntake}, newest first, from
 * {@link #newest}: a submit is one compare-and-set and allocates nothing (a {@code ConcurrentLinkedQueue} made a node
 * per message). The drain takes the whole chain with one swap, reverses it into submission order and keeps what it
 * did not hand over yet in {@link #oldest}, which only the event loop touches.
 */
public final class PublishIntake {

    /** The most publishes one event-loop task hands over from those waiting when it starts. */
    static final int BATCH = 1024;

    private static final VarHandle NEWEST;
    private static final VarHandle SCHEDULED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEWEST = lookup.findVarHandle(PublishIntake.class, "newest", OutgoingPublish.class);
            SCHEDULED = lookup.findVarHandle(PublishIntake.class, "scheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Executor loop;
    private final Consumer<OutgoingPublish> sink;
    /** One task object for every drain, rather than a new one per schedule. */
    private final Runnable drainTask = this::drain;

    /** The most recently submitted message not yet taken by a drain; its chain leads back to the oldest. Any thread. */
    @SuppressWarnings("unused") // through NEWEST
    private volatile OutgoingPublish newest;
    /**
     * Whether a drain is scheduled or running and will still take what is submitted: a submit that sees it set needs
     * to schedule nothing. Set by the submit that schedules a drain; cleared by the drain when it is done.
     */
    @SuppressWarnings("unused") // through SCHEDULED
    private volatile boolean scheduled;

    /** Taken but not yet handed over, in submission order. Event loop only. */
    private OutgoingPublish oldest;

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
        OutgoingPublish before;
        do {
            before = newest;
            op.nextInIntake = before; // published to the drain by the compare-and-set
        } while (!NEWEST.compareAndSet(this, before, op));
        if (!scheduled && SCHEDULED.compareAndSet(this, false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            loop.execute(drainTask);
        } catch (RejectedExecutionException e) {
            scheduled = false;
            failAll(inOrder(takeWaiting())); // the loop never runs again: whatever is waiting fails, on this thread
        }
    }

    private static void failAll(OutgoingPublish oldest) {
        for (OutgoingPublish op = oldest; op != null; ) {
            OutgoingPublish next = op.nextInIntake;
            op.nextInIntake = null;
            op.fail(new MqttClientStateException("the client's event loop was shut down"));
            op = next;
        }
    }

    private void drain() {
        try {
            if (handOverBatch()) {
                return;
            }
        } catch (RuntimeException | Error e) {
            // the sink failed on one message: the rest still go, in a later task, rather than wait for ever
            yieldToNextDrain();
            throw e;
        }
        yieldToNextDrain();
    }

    /** Hands over a batch; true when nothing was left waiting and the flag is cleared, false to yield. */
    private boolean handOverBatch() {
        if (oldest == null) {
            oldest = inOrder(takeWaiting());
        }
        for (int i = 0; i < BATCH && oldest != null; i++) {
            handOver();
        }
        if (oldest != null) {
            return false;
        }
        // Taken again while still marked scheduled, so that what arrived during this batch goes with it instead of
        // scheduling (and waking the loop for) another drain; whoever submits after the flag is cleared schedules a
        // drain itself. Taken once more after clearing it: a submit that saw it set just before counts on this task.
        handOverAll(inOrder(takeWaiting()));
        scheduled = false;
        handOverAll(inOrder(takeWaiting()));
        return true;
    }

    private void handOverAll(OutgoingPublish first) {
        oldest = first;
        while (oldest != null) {
            handOver();
        }
    }

    /** Schedules the next drain, which takes the rest and the newcomers; the flag stays as it is. */
    private void yieldToNextDrain() {
        try {
            loop.execute(drainTask);
        } catch (RejectedExecutionException e) {
            scheduled = false;
            OutgoingPublish rest = oldest;
            oldest = null;
            failAll(rest);
            failAll(inOrder(takeWaiting()));
        }
    }

    private void handOver() {
        OutgoingPublish op = oldest;
        oldest = op.nextInIntake;
        op.nextInIntake = null;
        sink.accept(op);
    }

    private OutgoingPublish takeWaiting() {
        return (OutgoingPublish) NEWEST.getAndSet(this, (OutgoingPublish) null);
    }

    /** Reverses a newest-first chain into submission order; returns its oldest message. */
    private static OutgoingPublish inOrder(OutgoingPublish newest) {
        OutgoingPublish oldest = null;
        OutgoingPublish op = newest;
        while (op != null) {
            OutgoingPublish before = op.nextInIntake;
            op.nextInIntake = oldest;
            oldest = op;
            op = before;
        }
        return oldest;
    }
}
