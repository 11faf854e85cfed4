package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the completions of user-visible futures on the callback executor, many per executor task instead of one.
 *
 * <p>Why: handing each completion to the executor on its own cost a thread wake-up per message, and was most of
 * the client's CPU per message at high rates. Here a drain task runs every completion queued, so a read that
 * acknowledges 300 messages wakes a callback thread once or a few times, not 300 times.
 *
 * <p>Why batches: the event loop decides most completions, hundreds per read. It gathers them in a plain list and
 * hands the list over once, in a task of its own that runs when the loop is done with what it is doing (the read,
 * and the tasks queued before), instead of paying a queue node and a contended queue operation for each
 * ({@link #gather}); completions decided on other threads are handed over one by one.
 *
 * <p>Why not one serial lane: a callback may block on another future of the same client (the threading contract
 * allows it), and that future's completion may be queued behind it, even in the same batch. So before it runs a
 * completion, a drain task that sees more work (queued, or left in its batch, which it then puts back in the queue
 * for others to take from) makes sure a second drain task is on its way; if the first one blocks, the second takes
 * the next completion, and so on. At most one drain task waits to start at any time, so a burst costs a wake-up per
 * thread start, not per completion. Completions may therefore run in parallel and out of order, as they always could
 * on a pool. Thread-safe.
 */
final class CompletionLane implements Executor {

    private static final Logger log = LoggerFactory.getLogger(CompletionLane.class);

    /**
     * A batch this big is handed over at once, without waiting for the loop to finish its read: the callbacks (and
     * the publishes they let through) then run while the loop is still reading, so that the next write carries more.
     */
    static final int EARLY_HAND_OVER = 64;

    private final Executor executor;
    private final Queue<CompletionBatch> queue = new ConcurrentLinkedQueue<>();
    /** Whether a drain task was handed to the executor and has not started yet. */
    private final AtomicBoolean drainerWaiting = new AtomicBoolean();
    /** The event-loop thread whose completions are gathered: the first that called; null until then. */
    private final AtomicReference<Thread> gatherer = new AtomicReference<>();

    // the gatherer thread only
    private EventExecutor loop;
    /** The completions gathered and not handed over yet; null when none. */
    private CompletionBatch open;
    /** Whether {@link #handOver} is queued on the loop. */
    private boolean handOverScheduled;
    private final Runnable handOver = this::handOver;

    CompletionLane(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable completion) {
        Thread current = Thread.currentThread();
        Thread g = gatherer.get();
        if (g == current || (g == null && becomeGatherer(current))) {
            gather(completion);
            return;
        }
        queue.add(CompletionBatch.of(completion));
        startDrainer();
    }

    /** Whether the calling thread is (now) the event loop whose completions are gathered. */
    private boolean becomeGatherer(Thread current) {
        EventExecutor e = ThreadExecutorMap.currentExecutor();
        if (e == null || !e.inEventLoop() || !gatherer.compareAndSet(null, current)) {
            return false;
        }
        loop = e;
        return true;
    }

    private void gather(Runnable completion) {
        if (!handOverScheduled) {
            try {
                loop.execute(handOver);
            } catch (RejectedExecutionException e) {
                queue.add(CompletionBatch.of(completion)); // the loop is shutting down: it runs no more tasks
                startDrainer();
                return;
            }
            handOverScheduled = true;
        }
        if (open == null) {
            open = new CompletionBatch();
        }
        open.add(completion);
        if (open.size() >= EARLY_HAND_OVER) {
            handOverNow();
        }
    }

    /** On the gatherer, once the loop is done with what it was doing: hands the completions gathered over. */
    private void handOver() {
        handOverScheduled = false;
        handOverNow();
    }

    private void handOverNow() {
        CompletionBatch batch = open;
        open = null;
        if (batch != null) {
            queue.add(batch);
            startDrainer();
        }
    }

    private void startDrainer() {
        if (drainerWaiting.get() || !drainerWaiting.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the executor is shut down (the client is closing): finish here rather than lose them
            drainerWaiting.set(false);
            CompletionBatch batch;
            while ((batch = queue.poll()) != null) {
                Runnable completion;
                while ((completion = batch.next()) != null) {
                    run(completion);
                }
            }
        }
    }

    private void drain() {
        drainerWaiting.set(false);
        CompletionBatch batch;
        while ((batch = queue.poll()) != null) {
            batch.leftQueue();
            Runnable completion;
            while ((completion = batch.next()) != null) {
                if (batch.hasMore()) {
                    if (batch.requeue()) {
                        queue.add(batch); // the rest can be taken by the next drain task, should this one block
                    }
                    startDrainer();
                } else if (!queue.isEmpty()) {
                    startDrainer(); // in case this completion's callbacks block
                }
                run(completion);
            }
        }
    }

    private static void run(Runnable completion) {
        try {
            completion.run();
        } catch (Throwable t) {
            log.warn("a future's callback threw; other completions carry on", t);
        }
    }
}
