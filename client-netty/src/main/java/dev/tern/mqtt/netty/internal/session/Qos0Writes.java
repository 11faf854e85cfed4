package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.netty.internal.dispatch.CompletionSink;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * QoS 0 messages waiting for their PUBLISH to be written, grouped by the write that carries them: a QoS 0 message
 * succeeds when written. Why: a listener per message on the (shared) write future cost a lambda, a locked
 * {@code addListener} and a slot in the future's growing listener array per message; here a batch of messages
 * that go out in one buffer costs one listener and an array, and its messages are handed to the completion lane in
 * one call ({@link CompletionSink#executeAll}), not one hand-over each. Event loop only.
 */
final class Qos0Writes {

    /** The future the messages in {@link #waiting} wait for; null when none wait. */
    private ChannelFuture current;
    private Batch waiting;

    /**
     * The most messages one batch held, so far: the next batch's array is made that big, since a publisher's batches
     * are alike. Why: growing it from 16 to a buffer's worth (near a thousand small messages) copied it many times
     * per batch, a few percent of the event loop's time.
     */
    private int lastBatchSize = 16;

    /** {@code op}'s PUBLISH is part of the write {@code written} stands for. */
    void add(OutgoingPublish op, ChannelFuture written) {
        if (written.isDone()) {
            complete(written, new OutgoingPublish[] {op}, 1);
            return;
        }
        if (written != current) {
            current = written;
            waiting = new Batch(lastBatchSize);
            written.addListener(waiting);
        }
        waiting.add(op);
        lastBatchSize = Math.max(lastBatchSize, waiting.size);
    }

    private final class Batch implements ChannelFutureListener {
        private OutgoingPublish[] ops;
        private int size;

        Batch(int capacity) {
            ops = new OutgoingPublish[capacity];
        }

        void add(OutgoingPublish op) {
            if (size == ops.length) {
                ops = Arrays.copyOf(ops, size * 2);
            }
            ops[size++] = op;
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            if (waiting == this) { // let go of the messages (and their payloads) now
                waiting = null;
                current = null;
            }
            complete(f, ops, size);
        }
    }

    /** Completes the first {@code size} of {@code ops} with the write's outcome; takes the array over. */
    private static void complete(ChannelFuture f, OutgoingPublish[] ops, int size) {
        if (!f.isSuccess()) {
            for (int i = 0; i < size; i++) {
                OutgoingPublish op = ops[i];
                op.fail(new MqttException("QoS 0 message to " + op.message.topic() + " could not be written",
                        f.cause()));
            }
            return;
        }
        Executor relay = null;
        int toRelay = 0;
        for (int i = 0; i < size; i++) {
            OutgoingPublish op = ops[i];
            Executor r = op.written();
            if (r == null) {
                continue;
            }
            if (relay == null) {
                relay = r;
            }
            if (r == relay) {
                ops[toRelay++] = op; // in place: the array is handed over as it is
            } else {
                r.execute(op); // a message of another relay in the same write; not seen in practice
            }
        }
        Arrays.fill(ops, toRelay, size, null); // handed over with the array: keep no message beyond those to relay
        if (relay instanceof CompletionSink sink) {
            sink.executeAll(ops, toRelay);
        } else {
            for (int i = 0; i < toRelay; i++) {
                relay.execute(ops[i]);
            }
        }
    }
}
