package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands work from the network thread to user code: completes user-visible futures and runs message handlers on the
 * callback executor, never on the event loop.
 *
 * <p>Two lanes: future completions go through a {@link CompletionLane}, which runs many per executor task but
 * never lets a callback blocked on a future of the same client wait for itself, while message deliveries go through
 * one {@link SerialExecutor}, which keeps messages in order. Clients that share a user executor and an event loop
 * share one completion lane ({@link CompletionLanes}). The default executor is a cached pool of daemon threads that die after a few idle seconds, owned by the
 * client and shut down by {@link #shutdown(long)}. Thread-safe.
 */
public final class CallbackDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    /** The dispatcher whose owned pool the current thread belongs to, if any. */
    private static final ThreadLocal<CallbackDispatcher> OWNER = new ThreadLocal<>();

    private final Executor executor;
    private final ExecutorService owned;
    /** Made on the first message: a client that only publishes never needs it (one object less per idle client). */
    private volatile SerialExecutor messageLane;
    private final CompletionLane completions;

    /**
     * @param userExecutor the executor from the options, or null to create and own one
     * @param loop the event loop of the client, which decides most completions
     */
    public CallbackDispatcher(Executor userExecutor, EventExecutor loop) {
        if (userExecutor == null) {
            owned = newOwnedPool(this);
            executor = owned;
            completions = new CompletionLane(executor, loop);
        } else {
            owned = null;
            executor = userExecutor;
            completions = CompletionLanes.shared(executor, loop);
        }
    }

    private static ExecutorService newOwnedPool(CallbackDispatcher owner) {
        int pool = POOL_IDS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Runnable marked = () -> {
                OWNER.set(owner);
                r.run();
            };
            Thread t = new Thread(marked, "tern-callback-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }

    /** The executor user code runs on. */
    public Executor executor() {
        return executor;
    }

    /** A serial lane on the callback executor, for example for one stream subscriber. */
    public SerialExecutor newLane() {
        return new SerialExecutor(executor);
    }

    /**
     * The lane that completes user-visible futures: many completions per executor task, and a callback blocked on a
     * future of the same client never waits for itself.
     */
    public Executor completions() {
        return completions;
    }

    /** Runs a message hand-over on the ordered message lane. */
    public void deliver(Runnable task) {
        SerialExecutor lane = messageLane;
        if (lane == null) {
            lane = createMessageLane();
        }
        lane.execute(task);
    }

    /** Once per client; synchronized so that two threads never make two lanes (which would reorder messages). */
    private synchronized SerialExecutor createMessageLane() {
        if (messageLane == null) {
            messageLane = new SerialExecutor(executor);
        }
        return messageLane;
    }

    /** Runs a task on the callback executor; if it refuses (shut down), runs it on the calling thread. */
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * A future that completes on the callback executor with the outcome of {@code raw}. The cause of a failure is
     * unwrapped from {@link CompletionException}.
     */
    public <T> CompletableFuture<T> relay(CompletableFuture<T> raw) {
        CompletableFuture<T> user = new CompletableFuture<>();
        raw.whenComplete((value, error) -> completions.execute(() -> {
            if (error != null) {
                user.completeExceptionally(unwrap(error));
            } else {
                user.complete(value);
            }
        }));
        return user;
    }

    /** The real cause behind a {@link CompletionException} or {@link ExecutionException}. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether the current thread belongs to the executor this dispatcher owns. */
    public boolean isOwnedThread() {
        return owned != null && OWNER.get() == this;
    }

    /**
     * Shuts down the owned executor, if any, waiting at most {@code waitMillis} for running handlers to finish
     * (not at all when called from one of its own threads). A user-supplied executor is left alone. First, every
     * completion queued behind a callback that blocks is given a drain task of its own while the executor still
     * takes one ({@link CompletionLane#backUpBeforeClose}), so that none waits for the blocked callback or runs on
     * the event loop.
     */
    public void shutdown(long waitMillis) {
        completions.backUpBeforeClose();
        if (owned == null) {
            return;
        }
        owned.shutdown();
        if (isOwnedThread()) {
            return;
        }
        try {
            if (!owned.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                log.warn("callback threads still busy {} ms after close(); interrupting them", waitMillis);
                owned.shutdownNow();
                owned.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            owned.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
