package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.util.concurrent.EventExecutor;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;

/**
 * One {@link CompletionLane} per user executor and event loop, shared by every client that uses both: a fleet of
 * clients on one executor (as the fleet Javadoc recommends) then keeps one lane per event loop instead of one per
 * client, about 150 bytes less per client. Sharing changes nothing a client can see: the lane already lets
 * completions run in parallel and never lets a blocked callback wait for another completion, whoever it is for.
 *
 * <p>The lanes are held weakly: a lane lives as long as a client uses it, and an executor or event loop nobody uses
 * any more is not kept by this table (a lane refers to its executor and loop, so the table refers to lanes only
 * through weak references). Keys are compared as the executor's {@code equals} says, which for executors is
 * identity. Thread-safe.
 */
final class CompletionLanes {

    private static final Map<Executor, Map<EventExecutor, WeakReference<CompletionLane>>> LANES =
            new WeakHashMap<>();

    private CompletionLanes() {
    }

    /** The lane for completions of clients on {@code loop} whose callbacks run on {@code executor}. Any thread. */
    static synchronized CompletionLane shared(Executor executor, EventExecutor loop) {
        Map<EventExecutor, WeakReference<CompletionLane>> byLoop =
                LANES.computeIfAbsent(executor, e -> new WeakHashMap<>(4));
        WeakReference<CompletionLane> ref = byLoop.get(loop);
        CompletionLane lane = ref == null ? null : ref.get();
        if (lane == null) {
            lane = new CompletionLane(executor, loop);
            byLoop.put(loop, new WeakReference<>(lane));
        }
        return lane;
    }
}
