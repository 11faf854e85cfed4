package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the completions of user-visible futures on the callback executor, many per executor task instead of one.
 *
 * <p>Why: handing each completion to the executor on its own cost a thread wake-up per message, and was most of
 * the client's CPU per message at high rates. Here a drain task runs every completion queued, so a read that
 * acknowledges 300 messages wakes a callback thread once or a few times, not 300 times.
 *
 * <p>Why batches: the event loop decides most completions, hundreds per read (a PUBACK each). It gathers them in a
 * plain list and hands the list over once, in a task of its own that runs when the loop is done with what it is
 * doing (the read, and the tasks queued before), instead of paying a queue node and a contended queue operation for
 * each ({@link #gather}); a write's QoS 0 completions come as one batch ({@link #executeAll}); completions decided
 * on other threads are handed over one by one. Why once, however many: a hand-over that finds no drain task running
 * wakes a pool thread (a futex call on the loop, 4 to 6 % of its time with QoS 1), and handing over every 64
 * completions woke one several times per read, as the drain task often ran dry between two parts of one read.
 *
 * <p>Why one drain task at a time, and a watchdog: a callback may block on another future of the same client (the
 * threading contract allows it), and that future's completion may be queued behind it, even in the same batch.
 * The lane used to start a spare drain task before each completion whenever more work was left, so that a blocked
 * one was always backed up; under load that kept two or more pool threads sharing every batch, waking each other
 * (a futex wake and a context switch each time) and contending on the batch's counter, for a case that almost
 * never happens. Now one drain task runs while work comes in, and a check on the event loop
 * ({@link #watch}, every {@link #WATCH_NANOS}) starts a spare drain task, and puts the rest of the stuck task's
 * batch back in the queue for it, when a drain task has started no completion since the previous check. The check
 * is scheduled only while work waits behind a running completion (a drain task about to run one with more left, or
 * work handed over while one runs), and stops when none does, so an idle client or a lone round trip never wakes
 * the loop for it. The same check also runs when the loop hands work over while a drain task runs (at most every
 * {@link #HAND_OVER_CHECK_NANOS}), so under load a stuck or preempted drain task is backed up within a fraction of
 * a millisecond. So a blocked callback costs its waiters a millisecond or less, and nothing when nothing blocks.
 *
 * <p>Why a watchdog and not futures that hand the lane's work away before they block in {@code get()}: the lane
 * cannot see most ways a callback waits (a latch another callback opens, the blocking facade, Reactor's
 * {@code block()}, a user's own future), and futures of its own would need every future the client makes to be
 * of that class; the watchdog covers every way of blocking, and also a callback that merely runs long.
 *
 * <p>If the loop cannot run the watchdog (shutting down; a check already scheduled is dropped then), the lane falls
 * back to starting a spare drain task whenever work is handed over while one runs, and a closing client backs every
 * running drain task up at once ({@link #backUpBeforeClose}), so no completion waits behind a blocked callback for
 * a watchdog that will never run. Completions may run in parallel and out of order, as they always could on a
 * pool. Thread-safe.
 */
final class CompletionLane implements CompletionSink {

    private static final Logger log = LoggerFactory.getLogger(CompletionLane.class);

    /**
     * How often the watchdog looks at running drain tasks. Short enough that a callback blocked on a completion
     * queued behind it waits about a millisecond; long enough that the check costs the loop nothing measurable.
     */
    static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * The least time between two checks made when the loop hands work over while a drain task runs. Why check
     * then too: under load the loop hands over every few tens of microseconds, so a drain task that blocks, or that
     * the OS preempted (on a busy machine, for milliseconds), is backed up long before the watchdog's next tick
     * and the completions behind it, and the publishers waiting for them, do not stall; why a least time: a drain
     * task that merely runs a few slow callbacks between two close hand-overs is not stuck.
     */
    static final long HAND_OVER_CHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Executor executor;
    /** The loop the watchdog runs on. */
    private final EventExecutor watcher;
    /** {@link System#nanoTime} at the last {@link #check}; the watcher only. */
    private long lastCheck;
    private final Queue<CompletionBatch> queue = new ConcurrentLinkedQueue<>();
    /** Whether a drain task was handed to the executor and has not started yet. */
    private final AtomicBoolean drainerWaiting = new AtomicBoolean();
    /** How many drain tasks are running. */
    private final AtomicInteger active = new AtomicInteger();
    /**
     * Every drain task made, running or idle, for the watchdog: as many as ever ran at once, mostly one. Why reused:
     * a new task and a set entry per start cost about 60 bytes and a contended set update per start, and a lone
     * round trip starts a drain task per message.
     */
    private final List<Drain> drains = new CopyOnWriteArrayList<>();
    /**
     * The top of the stack of idle drain tasks, linked through {@link Drain#nextIdle}. Many threads push, but only
     * the thread that won {@link #drainerWaiting} pops, so a pop never races another pop (no ABA).
     */
    private final AtomicReference<Drain> idle = new AtomicReference<>();
    /** Whether the watchdog is scheduled. */
    private final AtomicBoolean watching = new AtomicBoolean();
    private final Runnable watch = this::watch;
    /** The event-loop thread whose completions are gathered: the first that called; null until then. */
    private final AtomicReference<Thread> gatherer = new AtomicReference<>();

    // the gatherer thread only
    private EventExecutor loop;
    /** The completions gathered and not handed over yet; null when none. */
    private CompletionBatch open;
    /**
     * How many completions the last hand-over carried: the next batch starts that big, since a connection's reads
     * are alike. Why: growing from 16 to a read's worth (up to the in-flight window) copied the array many times.
     */
    private int lastHandOverSize = CompletionBatch.INITIAL_CAPACITY;
    /** Whether {@link #handOver} is queued on the loop. */
    private boolean handOverScheduled;
    private final Runnable handOver = this::handOver;

    /**
     * @param executor where completions run
     * @param watcher the event loop that decides most completions; it also runs the watchdog
     */
    CompletionLane(Executor executor, EventExecutor watcher) {
        this.executor = executor;
        this.watcher = watcher;
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
        wake(false);
    }

    @Override
    public void executeAll(Runnable[] completions, int count) {
        if (count > 0) {
            queue.add(new CompletionBatch(completions, count));
            wake(count > 1);
        }
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
                wake(false);
                return;
            }
            handOverScheduled = true;
        }
        if (open == null) {
            open = new CompletionBatch(lastHandOverSize);
        }
        open.add(completion);
    }

    /**
     * On the gatherer, once the loop is done with what it was doing (for a read of acknowledgements: once per read):
     * hands the completions gathered over, in the order they were decided.
     */
    private void handOver() {
        handOverScheduled = false;
        CompletionBatch batch = open;
        open = null;
        if (batch != null) {
            lastHandOverSize = Math.max(CompletionBatch.INITIAL_CAPACITY, batch.size());
            queue.add(batch);
            wake(batch.size() > 1);
        }
    }

    /**
     * Work was queued: starts a drain task if none runs, else the running one takes it. The watchdog is armed when
     * the work may wait behind a completion that blocks: work queued while a drain task runs, or a batch of several
     * (armed here, on the loop that hands most batches over, rather than by the drain task from a pool thread, which
     * would cost the loop a wake-up). A drain task that stops checks the queue after it stopped counting as active,
     * so one of the two sees the other.
     */
    private void wake(boolean several) {
        if (active.get() == 0) {
            startDrainer();
            if (several) {
                armWatchdog();
            }
            return;
        }
        if (watcher.inEventLoop() && System.nanoTime() - lastCheck >= HAND_OVER_CHECK_NANOS) {
            check(); // a drain task that was preempted or blocks is backed up now, not a timer tick later
        }
        armWatchdog();
    }

    private void startDrainer() {
        if (drainerWaiting.get() || !drainerWaiting.compareAndSet(false, true)) {
            return;
        }
        Drain d = idleOrNewDrain();
        try {
            executor.execute(d);
        } catch (RejectedExecutionException e) {
            // the executor is shut down (the client is closing): finish here rather than lose them
            toIdle(d);
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

    /** An idle drain task, or a new one; only the thread that won {@link #drainerWaiting}. */
    private Drain idleOrNewDrain() {
        Drain d;
        do {
            d = idle.get();
        } while (d != null && !idle.compareAndSet(d, d.nextIdle));
        if (d == null) {
            d = new Drain();
            drains.add(d);
        } else {
            d.nextIdle = null;
        }
        return d;
    }

    /** Puts a drain task that returned back on the idle stack; any thread. */
    private void toIdle(Drain d) {
        Drain top;
        do {
            top = idle.get();
            d.nextIdle = top;
        } while (!idle.compareAndSet(top, d));
    }

    private void armWatchdog() {
        if (watcher.isShuttingDown()) {
            // a check scheduled before is dropped as the loop shuts down, and no other will run: nobody watches
            watching.set(false);
            rescue();
            return;
        }
        if (watching.get() || !watching.compareAndSet(false, true)) {
            return;
        }
        if (!watcher.isShuttingDown()) {
            try {
                watcher.schedule(watch, WATCH_NANOS, TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // shut down meanwhile: fall through
            }
        }
        watching.set(false);
        rescue(); // nobody will watch: back every running drain task up now
    }

    /**
     * The watchdog, on the loop: backs up every drain task that started no completion since the last check while
     * work waits, and runs again while there is work a stuck drain task could hold up.
     */
    private void watch() {
        check();
        if (workWaits()) {
            reschedule();
            return;
        }
        watching.set(false);
        if (workWaits()) { // queued after the check, by a thread that saw the watchdog still scheduled
            armWatchdog();
        }
    }

    /**
     * On the watcher: backs up every drain task that started no completion since the last check, by handing the
     * rest of its batch back to the queue and starting a spare drain task for the queue.
     */
    private void check() {
        lastCheck = System.nanoTime();
        boolean stuck = false;
        for (Drain d : drains) {
            if (d.isRunning() && d.madeNoProgress()) {
                stuck = true;
                d.handBackBatch();
            }
        }
        if (stuck && !queue.isEmpty()) {
            startDrainer();
        }
    }

    private void reschedule() {
        try {
            watcher.schedule(watch, WATCH_NANOS, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            watching.set(false);
            rescue();
        }
    }

    /** Whether work is queued or held by a running drain task. */
    private boolean workWaits() {
        if (!queue.isEmpty()) {
            return true;
        }
        for (Drain d : drains) {
            if (d.holdsWork()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client of this lane closes: its loop may stop running the watchdog at any moment (a check already
     * scheduled is dropped as the loop shuts down) and its executor may stop taking drain tasks, so every running
     * drain task is backed up now, while the executor still takes a spare one. Why: work queued behind a callback
     * that blocks would otherwise wait for that callback, however long it blocks (even for itself, when the callback
     * waits for one of the completions behind it), or run on the event loop once the executor refused a spare drain
     * task. Costs a spare drain task at most; the lane stays usable (it may be shared with other clients). Any thread.
     */
    void backUpBeforeClose() {
        rescue();
    }

    /** Without a watchdog: puts back what every running drain task holds, and starts a spare one. */
    private void rescue() {
        for (Drain d : drains) {
            d.handBackBatch();
        }
        if (!queue.isEmpty()) {
            startDrainer();
        }
    }

    private static void run(Runnable completion) {
        try {
            completion.run();
        } catch (Throwable t) {
            log.warn("a future's callback threw; other completions carry on", t);
        }
    }

    private static final VarHandle PROGRESS;

    static {
        try {
            PROGRESS = MethodHandles.lookup().findVarHandle(Drain.class, "progress", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One drain task: runs queued completions until the queue is empty, then goes back to the idle stack, to be
     * handed to the executor again by the next {@link #startDrainer}; never runs on two threads at once.
     */
    private final class Drain implements Runnable {

        /**
         * The batch being run, null while idle; written by the task, read by the watchdog. A drain task about to run
         * a completion with work left arms the watchdog after it wrote this, and the watchdog reads it again after
         * it stopped, so one of the two sees the other.
         */
        private volatile CompletionBatch current;
        /**
         * Completions started, over every run; written by the task only (opaque: no fence per completion), read by
         * the watchdog.
         */
        private long progress;
        /** {@link #progress} at the watchdog's last check; the watchdog only. */
        private long seen = -1;
        /** The next idle drain task while this one is on the idle stack. */
        Drain nextIdle;

        @Override
        public void run() {
            drainerWaiting.set(false);
            active.incrementAndGet();
            try {
                long started = (long) PROGRESS.getOpaque(this);
                do {
                    CompletionBatch batch;
                    while ((batch = take()) != null) {
                        Runnable completion;
                        while ((completion = batch.next()) != null) {
                            if (!watching.get() && (batch.hasMore() || !queue.isEmpty())) {
                                armWatchdog(); // work waits behind this completion, should it block
                            }
                            PROGRESS.setOpaque(this, ++started);
                            CompletionLane.run(completion);
                        }
                    }
                    active.decrementAndGet();
                    if (queue.isEmpty()) {
                        return;
                    }
                    active.incrementAndGet(); // queued as this task was stopping, by a thread that saw it active
                } while (true);
            } finally {
                current = null;
                toIdle(this); // the last thing this run does: the next run may start on another thread at once
            }
        }

        private CompletionBatch take() {
            CompletionBatch batch = queue.poll();
            if (batch != null) {
                batch.leftQueue();
                current = batch;
            }
            return batch;
        }

        /** Whether the task started no completion since the last call; on the watchdog. */
        boolean madeNoProgress() {
            long p = (long) PROGRESS.getOpaque(this);
            boolean none = p == seen;
            seen = p;
            return none;
        }

        /** Whether the task is running a batch (and not idle, or only starting). */
        boolean isRunning() {
            return current != null;
        }

        /** Whether the task holds completions it has not started. */
        boolean holdsWork() {
            CompletionBatch b = current;
            return b != null && b.hasMore();
        }

        /** Puts the rest of the task's batch back in the queue for another task; whether there was a rest. */
        boolean handBackBatch() {
            CompletionBatch b = current;
            if (b != null && b.hasMore() && b.requeue()) {
                queue.add(b);
                return true;
            }
            return false;
        }
    }
}
