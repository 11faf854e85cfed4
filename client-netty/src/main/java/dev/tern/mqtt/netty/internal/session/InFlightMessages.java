package dev.tern.mqtt.netty.internal.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The QoS 1 and 2 messages in flight, by packet identifier, in the order they were put (the order they are sent
 * again in after a reconnect). Each message's key is its {@link OutgoingPublish#packetId}, which must not change
 * while it is here. Event loop only.
 *
 * <p>Why not a {@code LinkedHashMap<Integer, OutgoingPublish>}: a boxed key and a map entry per message, and their
 * hashing, were several percent of the event loop's time per message. Here the table is an array of buckets indexed
 * by {@code packetId & mask}, chained through the messages themselves; identifiers are handed out round-robin, so
 * those in flight are nearly consecutive and a bucket rarely holds more than one. (Open addressing was tried: the
 * consecutive identifiers form one long run of taken slots, and every removal scanned it to its end.) The order is a
 * doubly linked list through the messages too. The table is made with the first message and grows with the number in
 * flight (to at least twice it). A table bigger than {@value #MIN_CAPACITY} buckets is dropped when the last message
 * leaves, so an idle client holds at most that, and one that never sends QoS 1 or 2 holds none; the next table is
 * then made as big as the dropped one at once (a burst tends to follow a burst). It never shrinks while in use: a
 * window that fills and empties in every read would resize it each time.
 */
final class InFlightMessages {

    static final int MIN_CAPACITY = 16;

    /** Null while empty and never used, or after the last message of a bigger table left. */
    private OutgoingPublish[] table;
    /** The length of the next table made: that of the last one dropped. */
    private int nextCapacity = MIN_CAPACITY;
    private int size;
    private OutgoingPublish first;
    private OutgoingPublish last;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The table's length now, 0 without one (for tests of its footprint). */
    int capacity() {
        return table == null ? 0 : table.length;
    }

    /** The message with this packet identifier, or null. */
    OutgoingPublish get(int packetId) {
        OutgoingPublish[] t = table;
        if (t == null) {
            return null;
        }
        OutgoingPublish op = t[packetId & (t.length - 1)];
        while (op != null && op.packetId != packetId) {
            op = op.nextInBucket;
        }
        return op;
    }

    /** Adds a message as the last in order; one with the same packet identifier is replaced (and loses its place). */
    void put(OutgoingPublish op) {
        remove(op.packetId); // nothing when absent
        add(op);
    }

    /**
     * Adds a message as the last in order whose packet identifier is not in the table: one the allocator has just
     * handed out, which no message in flight holds. Why: the sending path need not look for one to replace.
     */
    void add(OutgoingPublish op) {
        if (table == null) {
            table = new OutgoingPublish[nextCapacity];
        } else if ((size + 1) * 2 > table.length) {
            resize(table.length * 2);
        }
        insert(table, op);
        size++;
        op.previousInFlight = last;
        op.nextInFlight = null;
        if (last == null) {
            first = op;
        } else {
            last.nextInFlight = op;
        }
        last = op;
    }

    /** Removes and returns the message with this packet identifier, or returns null. */
    OutgoingPublish remove(int packetId) {
        OutgoingPublish[] t = table;
        if (t == null) {
            return null;
        }
        int i = packetId & (t.length - 1);
        OutgoingPublish op = t[i];
        OutgoingPublish before = null;
        while (op != null && op.packetId != packetId) {
            before = op;
            op = op.nextInBucket;
        }
        if (op == null) {
            return null;
        }
        if (before == null) {
            t[i] = op.nextInBucket;
        } else {
            before.nextInBucket = op.nextInBucket;
        }
        op.nextInBucket = null;
        size--;
        unlink(op);
        if (size == 0 && t.length > MIN_CAPACITY) {
            table = null; // a burst is over: give its table back
            nextCapacity = t.length;
        }
        return op;
    }

    /** The messages in order, as a copy. */
    List<OutgoingPublish> inOrder() {
        List<OutgoingPublish> all = new ArrayList<>(size);
        for (OutgoingPublish op = first; op != null; op = op.nextInFlight) {
            all.add(op);
        }
        return all;
    }

    void clear() {
        for (OutgoingPublish op = first; op != null; ) {
            OutgoingPublish next = op.nextInFlight;
            op.previousInFlight = null;
            op.nextInFlight = null;
            op.nextInBucket = null;
            op = next;
        }
        first = null;
        last = null;
        table = null;
        size = 0;
    }

    private void unlink(OutgoingPublish op) {
        OutgoingPublish prev = op.previousInFlight;
        OutgoingPublish next = op.nextInFlight;
        if (prev == null) {
            first = next;
        } else {
            prev.nextInFlight = next;
        }
        if (next == null) {
            last = prev;
        } else {
            next.previousInFlight = prev;
        }
        op.previousInFlight = null;
        op.nextInFlight = null;
    }

    private void resize(int capacity) {
        OutgoingPublish[] bigger = new OutgoingPublish[capacity];
        for (OutgoingPublish op = first; op != null; op = op.nextInFlight) {
            insert(bigger, op);
        }
        table = bigger;
    }

    private static void insert(OutgoingPublish[] t, OutgoingPublish op) {
        int i = op.packetId & (t.length - 1);
        op.nextInBucket = t[i];
        t[i] = op;
    }
}
