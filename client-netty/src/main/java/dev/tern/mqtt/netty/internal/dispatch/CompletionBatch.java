package dev.tern.mqtt.netty.internal.dispatch;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completions handed to a {@link CompletionLane} together. Filled by one thread before it is queued (the queue
 * publishes the contents), then taken from by one drain task, or by more when the lane's watchdog finds the one
 * taking from it stuck in a completion: each completion is claimed by exactly one of them. Also tracks whether it
 * sits in the lane's queue, so that the watchdog can put the rest of a stuck batch back where another drain task
 * finds it.
 */
final class CompletionBatch {

    private Runnable[] completions;
    private int size;
    private final AtomicInteger next = new AtomicInteger();
    /** In the queue, or about to be added to it; a new batch is about to be. */
    private final AtomicBoolean queued = new AtomicBoolean(true);

    /** What an empty batch made to be filled holds before it grows. */
    static final int INITIAL_CAPACITY = 16;

    /** An empty batch to {@link #add} to, with room for {@code capacity} completions before it grows. */
    CompletionBatch(int capacity) {
        completions = new Runnable[capacity];
    }

    /** A batch of the first {@code size} elements of {@code completions}, which it takes over; no {@link #add}. */
    CompletionBatch(Runnable[] completions, int size) {
        this.completions = completions;
        this.size = size;
    }

    static CompletionBatch of(Runnable completion) {
        return new CompletionBatch(new Runnable[] {completion}, 1);
    }

    /** Adds a completion; only before the batch is queued, and only to a batch made empty. */
    void add(Runnable completion) {
        if (size == completions.length) {
            completions = Arrays.copyOf(completions, size * 2);
        }
        completions[size++] = completion;
    }

    /** How many completions were added. */
    int size() {
        return size;
    }

    /** Claims the next completion, or returns null if every one was claimed. */
    Runnable next() {
        int i = next.getAndIncrement();
        if (i >= size) {
            return null;
        }
        Runnable completion = completions[i];
        completions[i] = null; // claimed once; let it go when it has run
        return completion;
    }

    /** Whether completions are left to claim. */
    boolean hasMore() {
        return next.get() < size;
    }

    /** The batch was taken from the queue. */
    void leftQueue() {
        queued.lazySet(false); // no fence per batch: a watchdog that sees it late hands the batch back a check later
    }

    /** Whether the caller is to add the batch to the queue again (it is not there, and nobody else is adding it). */
    boolean requeue() {
        return queued.compareAndSet(false, true);
    }
}
