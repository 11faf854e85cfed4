package dev.tern.mqtt.netty.internal.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the completions of user-visible futures on the callback executor, many per executor task instead of one.
 *
 * <p>Why: handing each completion to the executor on its own cost a thread wake-up per message, and was most of
 * the client's CPU per message at high rates. Here a drain task runs every completion queued, so a read that
 * acknowledges 300 messages wakes a callback thread once or a few times, not 300 times.
 *
 * <p>Why not one serial lane: a callback may block on another future of the same client (the threading contract
 * allows it), and that future's completion may be queued behind it. So before it runs a completion, a drain task
 * that sees more work queued makes sure a second drain task is on its way; if the first one blocks, the second takes
 * the next completion, and so on. At most one drain task waits to start at any time, so a burst costs a wake-up per
 * thread start, not per completion. Completions may therefore run in parallel and out of order, as they always could
 * on a pool. Thread-safe.
 */
final class CompletionLane implements Executor {

    private static final Logger log = LoggerFactory.getLogger(CompletionLane.class);

    private final Executor executor;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Whether a drain task was handed to the executor and has not started yet. */
    private final AtomicBoolean drainerWaiting = new AtomicBoolean();

    CompletionLane(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable completion) {
        queue.add(completion);
        startDrainer();
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
            Runnable completion;
            while ((completion = queue.poll()) != null) {
                run(completion);
            }
        }
    }

    private void drain() {
        drainerWaiting.set(false);
        Runnable completion;
        while ((completion = queue.poll()) != null) {
            if (!queue.isEmpty()) {
                startDrainer(); // in case this completion's callbacks block
            }
            run(completion);
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
