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
    private static final VarHandle DRAIN;

    /** {@link #drainState}: no drain task will take what is submitted now. */
    private static final Object IDLE = "idle";
    /** {@link #drainState}: a drain task is in the loop's queue (or running) and will take what is submitted now. */
    private static final Object SCHEDULED = "scheduled";

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEWEST = lookup.findVarHandle(PublishIntake.class, "newest", OutgoingPublish.class);
            DRAIN = lookup.findVarHandle(PublishIntake.class, "drainState", Object.class);
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
     * Where the next drain stands: {@link #IDLE}, {@link #SCHEDULED}, or the claim of a submit that is handing a
     * drain task to the loop right now (an object of its own). A submit that finds it idle claims it and schedules
     * the drain task; one that finds it scheduled needs to do nothing, because the task is already queued ahead of
     * anything the submitting thread hands the loop next. One that finds a claim cannot know whether the claiming
     * thread's task is queued yet, so it schedules a drain of its own: otherwise an operation the submitting thread
     * hands the loop right after could overtake its publish (a spare drain finds little or nothing to do). A drain
     * that starts marks a claim scheduled itself, and sets the state back to idle when it is done; a claim is unique,
     * so a claimer whose claim a drain has taken over meanwhile cannot mark as scheduled a later claim of another
     * thread.
     */
    private volatile Object drainState = IDLE;

    /** Taken but not yet handed over, in submission order. Event loop only. */
    private OutgoingPublish oldest;

    /**
     * Whether submitters {@linkplain OutgoingPublish#encodeAhead encode} small messages without properties before
     * handing them over. The event loop learns it from the first send of each message it hands over: off once the
     * connection could not use the bytes (it gives the server's topic aliases, say), on again once it could have.
     * Why: encoding ahead saves the loop a cache miss per object it reads, but costs the submitter the encoding and
     * an array; for nothing, on a connection that sends every message another way. Written by the event loop only
     * when it changes; a submitter that reads a stale value encodes one message too many or too few.
     */
    private volatile boolean encodeAhead = true;

    /**
     * @param loop the event loop
     * @param sink takes each publish on the event loop
     */
    public PublishIntake(Executor loop, Consumer<OutgoingPublish> sink) {
        this.loop = loop;
        this.sink = sink;
    }

    /** Queues a publish for the event loop, which it {@linkplain OutgoingPublish#prepare prepared} for; any thread. */
    public void submit(OutgoingPublish op) {
        if (encodeAhead) {
            op.encodeAhead();
        }
        OutgoingPublish before;
        do {
            before = newest;
            op.nextInIntake = before; // published to the drain by the compare-and-set
        } while (!NEWEST.compareAndSet(this, before, op));
        Object state = drainState;
        if (state == SCHEDULED) {
            return;
        }
        Object claim;
        if (state == IDLE && DRAIN.compareAndSet(this, IDLE, claim = new Object())) {
            if (schedule()) {
                // only if no drain has run and cleared the claim since: a stale SCHEDULED would keep every later
                // submit from scheduling the drain it needs
                DRAIN.compareAndSet(this, claim, SCHEDULED);
            }
        } else if (state != IDLE) {
            schedule(); // another thread's claim
        }
    }

    /** Hands the drain task to the loop; false if the loop refused it (shut down), after failing what waits. */
    private boolean schedule() {
        try {
            loop.execute(drainTask);
            return true;
        } catch (RejectedExecutionException e) {
            drainState = IDLE;
            failAll(inOrder(takeWaiting())); // the loop never runs again: whatever is waiting fails, on this thread
            return false;
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
        // A running drain takes what is submitted until it is done, so a claim still being handed to the loop counts
        // as scheduled from here: a submit during this drain (from a sink on the loop, say) then schedules nothing.
        Object state = drainState;
        if (state != IDLE && state != SCHEDULED) {
            DRAIN.compareAndSet(this, state, SCHEDULED);
        }
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

    /** Hands over a batch; true when nothing was left waiting and the state is idle, false to yield. */
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
        // scheduling (and waking the loop for) another drain; whoever submits once it is idle schedules a drain
        // itself. Taken once more after that: a submit that saw it scheduled just before counts on this task.
        handOverAll(inOrder(takeWaiting()));
        drainState = IDLE;
        handOverAll(inOrder(takeWaiting()));
        return true;
    }

    private void handOverAll(OutgoingPublish first) {
        oldest = first;
        while (oldest != null) {
            handOver();
        }
    }

    /** Schedules the next drain, which takes the rest and the newcomers; the state stays as it is. */
    private void yieldToNextDrain() {
        try {
            loop.execute(drainTask);
        } catch (RejectedExecutionException e) {
            drainState = IDLE;
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
        learnFrom(op.aheadVerdict());
    }

    private void learnFrom(OutgoingPublish.AheadVerdict verdict) {
        if (verdict == OutgoingPublish.AheadVerdict.WASTED) {
            if (encodeAhead) {
                encodeAhead = false;
            }
        } else if (verdict == OutgoingPublish.AheadVerdict.WANTED && !encodeAhead) {
            encodeAhead = true;
        }
    }

    /** Whether submitters encode messages ahead now (for tests). */
    boolean encodesAhead() {
        return encodeAhead;
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
