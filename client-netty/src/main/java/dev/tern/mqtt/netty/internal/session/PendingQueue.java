package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Outgoing messages not sent yet, in the order they go out: the offline buffer while there is no connection, and
 * the messages waiting for send quota while there is one. Counts messages and bytes for the offline bounds.
 * Event loop only.
 */
final class PendingQueue {

    /** Null until the first message waits: a client that never publishes beyond its quota needs no queue. */
    private ArrayDeque<OutgoingPublish> queue;
    private long bytes;

    void add(OutgoingPublish op) {
        queue().addLast(op);
        bytes += op.bytes;
    }

    /** Puts messages in front of everything waiting, keeping their order. */
    void addAllFirst(List<OutgoingPublish> ops) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            queue().addFirst(ops.get(i));
            bytes += ops.get(i).bytes;
        }
    }

    OutgoingPublish peek() {
        return queue == null ? null : queue.peekFirst();
    }

    OutgoingPublish peekLast() {
        return queue == null ? null : queue.peekLast();
    }

    OutgoingPublish poll() {
        OutgoingPublish op = queue == null ? null : queue.pollFirst();
        if (op != null) {
            bytes -= op.bytes;
        }
        return op;
    }

    boolean isEmpty() {
        return queue == null || queue.isEmpty();
    }

    int size() {
        return queue == null ? 0 : queue.size();
    }

    long bytes() {
        return bytes;
    }

    /** Removes and returns everything, in order. */
    List<OutgoingPublish> removeAll() {
        if (queue == null) {
            return List.of();
        }
        List<OutgoingPublish> all = new ArrayList<>(queue);
        queue.clear();
        bytes = 0;
        return all;
    }

    /**
     * Makes room for a message of {@code size} bytes within the bounds, as the policy says.
     *
     * @return the messages removed to make room (oldest or newest first), empty if it fitted; null if the new
     *         message must be rejected (policy {@code REJECT}, or it cannot fit even in an empty queue)
     */
    List<OutgoingPublish> makeRoom(long size, int maxMessages, long maxBytes, BufferOverflowPolicy policy) {
        if (maxMessages < 1 || size > maxBytes) {
            return null;
        }
        if (size() < maxMessages && bytes + size <= maxBytes) {
            return List.of();
        }
        if (policy == BufferOverflowPolicy.REJECT) {
            return null;
        }
        List<OutgoingPublish> dropped = new ArrayList<>();
        while (size() >= maxMessages || bytes + size > maxBytes) {
            OutgoingPublish op = policy == BufferOverflowPolicy.DROP_OLDEST ? queue.pollFirst() : queue.pollLast();
            bytes -= op.bytes;
            dropped.add(op);
        }
        return dropped;
    }

    private ArrayDeque<OutgoingPublish> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        return queue;
    }
}
