package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.TopicFilter;
import dev.tern.mqtt.reactive.SubscribeOptions;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.util.Logger;
import reactor.util.Loggers;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber of a message stream: its buffer, its demand (read from the sink) and its worker. Messages are
 * offered by the {@link MessageRouter} and emitted on the worker only while the subscriber has demand; a QoS 1 or 2
 * message's hold on its acknowledgement is released as it is emitted, just before {@code onNext} (or kept for the
 * application, with explicit acknowledgement). The buffer holds at most the Receive Maximum of QoS 1 and 2 messages, since the server
 * sends no more unacknowledged, and the QoS 0 buffer size of QoS 0 messages, dropping the oldest. Thread-safe.
 */
public final class InboundStream {

    private static final Logger log = Loggers.getLogger(InboundStream.class);

    private final List<String> filters;
    private final SubscribeOptions options;
    private final FluxSink<Publish> sink;
    private final Scheduler.Worker worker;
    private final MessageRouter router;
    private final AtomicInteger wip = new AtomicInteger();

    // guarded by this
    private final ArrayDeque<Held> buffer = new ArrayDeque<>();
    private int qos0Buffered;
    private int peakBuffered;
    private long droppedQos0;
    private boolean closed;

    InboundStream(List<String> filters, SubscribeOptions options, FluxSink<Publish> sink, Scheduler.Worker worker,
            MessageRouter router) {
        this.filters = filters;
        this.options = options;
        this.sink = sink;
        this.worker = worker;
        this.router = router;
    }

    /** Whether a message on {@code topic} belongs to this stream. */
    boolean matches(String topic) {
        for (String f : filters) {
            if (TopicFilter.matches(f, topic)) {
                return true;
            }
        }
        return false;
    }

    /** Queues a message; {@code ack} is null for QoS 0. Called on the client's message lane. */
    void offer(Publish message, Acknowledgement ack) {
        boolean refused = false;
        Held dropped = null;
        synchronized (this) {
            if (closed) {
                refused = true;
            } else {
                if (ack == null) {
                    if (qos0Buffered >= options.qos0BufferSize()) {
                        dropped = removeOldestQos0();
                    }
                    qos0Buffered++;
                }
                buffer.add(new Held(message, ack));
                peakBuffered = Math.max(peakBuffered, buffer.size());
            }
        }
        if (refused) {
            if (ack != null) {
                ack.release();
            }
            return;
        }
        if (dropped != null) {
            countDropped(dropped);
        }
        schedule();
    }

    private void countDropped(Held dropped) {
        long n;
        synchronized (this) {
            n = ++droppedQos0;
        }
        if (n == 1 || n % 1000 == 0) {
            log.warn("a message stream is slower than its QoS 0 messages: {} dropped so far (latest on {}); "
                    + "request faster or raise SubscribeOptions.qos0BufferSize", n, dropped.message.topic());
        }
    }

    private Held removeOldestQos0() {
        for (Iterator<Held> it = buffer.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.ack == null) {
                it.remove();
                qos0Buffered--;
                return h;
            }
        }
        return null;
    }

    /** Makes sure a drain runs on the worker: after an offer, or when the subscriber requested more. Any thread. */
    void schedule() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        try {
            worker.schedule(this::drain);
        } catch (RejectedExecutionException e) {
            sink.error(e);
        }
    }

    /** Runs on the worker only: emits while there is demand and a buffered message. */
    private void drain() {
        int missed = 1;
        while (true) {
            while (sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
                Held next;
                synchronized (this) {
                    next = closed ? null : buffer.poll();
                    if (next != null && next.ack == null) {
                        qos0Buffered--;
                    }
                }
                if (next == null) {
                    break;
                }
                // before onNext: a subscriber that processes slowly holds no unacknowledged message, and one that
                // acknowledges explicitly from within onNext finds its hold
                if (next.ack != null) {
                    if (options.isExplicitAcknowledgement()) {
                        router.holdUntilAcknowledged(next.ack);
                    } else {
                        next.ack.release();
                    }
                }
                sink.next(next.message);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Ends the stream normally (the facade is closed); cleanup follows through the sink's onDispose. */
    void complete() {
        sink.complete();
    }

    /** The stream ended (cancelled, failed or completed): releases the buffered messages and the worker. */
    void close() {
        ArrayDeque<Held> left;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            left = new ArrayDeque<>(buffer);
            buffer.clear();
            qos0Buffered = 0;
        }
        for (Held h : left) {
            if (h.ack != null) {
                h.ack.release();
            }
        }
        worker.dispose();
    }

    /** Messages waiting for demand now. */
    public synchronized int buffered() {
        return buffer.size();
    }

    /** The most messages that ever waited for demand at once. */
    public synchronized int peakBuffered() {
        return peakBuffered;
    }

    /** QoS 0 messages dropped because the QoS 0 buffer was full. */
    public synchronized long droppedQos0() {
        return droppedQos0;
    }

    private record Held(Publish message, Acknowledgement ack) {
    }
}
