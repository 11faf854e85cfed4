package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.PublishResult;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.util.ArrayList;
import java.util.List;

/**
 * QoS 0 messages waiting for their PUBLISH to be written, grouped by the write that carries them: a QoS 0 message
 * succeeds when written. Why: a listener per message on the (shared) write future cost a lambda, a locked
 * {@code addListener} and a slot in the future's growing listener array per message; here a batch of messages
 * that go out in one buffer costs one listener and a list. Event loop only.
 */
final class Qos0Writes {

    /** The future the messages in {@link #waiting} wait for; null when none wait. */
    private ChannelFuture current;
    private Batch waiting;

    /** {@code op}'s PUBLISH is part of the write {@code written} stands for. */
    void add(OutgoingPublish op, ChannelFuture written) {
        if (written.isDone()) {
            complete(written, List.of(op));
            return;
        }
        if (written != current) {
            current = written;
            waiting = new Batch(lastBatchSize);
            written.addListener(waiting);
        }
        waiting.ops.add(op);
        lastBatchSize = Math.max(lastBatchSize, waiting.ops.size());
    }

    /**
     * The most messages one batch held, so far: the next batch's list is made that big, since a publisher's batches
     * are alike. Why: growing the list from 10 to a buffer's worth (near a thousand small messages) copied it a
     * dozen times per batch, a few percent of the event loop's time.
     */
    private int lastBatchSize = 16;

    private final class Batch implements ChannelFutureListener {
        final List<OutgoingPublish> ops;

        Batch(int capacity) {
            ops = new ArrayList<>(capacity);
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            if (waiting == this) { // let go of the messages (and their payloads) now
                waiting = null;
                current = null;
            }
            complete(f, ops);
        }
    }

    private static void complete(ChannelFuture f, List<OutgoingPublish> ops) {
        for (OutgoingPublish op : ops) {
            if (f.isSuccess()) {
                op.succeed(new PublishResult(op.message, null, null, List.of()));
            } else {
                op.fail(new MqttException("QoS 0 message to " + op.message.topic() + " could not be written",
                        f.cause()));
            }
        }
    }
}
