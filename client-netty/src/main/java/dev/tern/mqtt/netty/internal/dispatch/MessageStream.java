package dev.tern.mqtt.netty.internal.dispatch;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * The back-pressured stream of received messages ({@code AsyncMqttClient.messages()}). Each subscriber has its own
 * buffer and serial lane on the callback executor; a message is handed over (and so counted towards its
 * acknowledgement) only when the subscriber has demand. QoS 0 messages beyond {@link #QOS0_BUFFER} per subscriber
 * are dropped, oldest first. Thread-safe.
 */
public final class MessageStream implements Flow.Publisher<Publish> {

    /** QoS 0 messages buffered per subscriber before the oldest is dropped. */
    public static final int QOS0_BUFFER = 1024;

    private static final Logger log = LoggerFactory.getLogger(MessageStream.class);

    private final CallbackDispatcher dispatcher;
    /**
     * The subscribers, an immutable list replaced on every change (guarded by this; read without the lock by
     * {@link #snapshot}, once per message): a client without subscribers shares {@code List.of()}.
     */
    private volatile List<StreamSubscription> subscriptions = List.of();
    private boolean completed; // guarded by this

    public MessageStream(CallbackDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Publish> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        StreamSubscription s = new StreamSubscription(subscriber, dispatcher.newLane());
        boolean ended;
        synchronized (this) {
            ended = completed;
        }
        if (ended) {
            // The client is closed, and a client's own callback pool with it: a lane on that pool would drop both
            // signals. The dispatcher runs them on the calling thread when its executor refuses.
            s.cancelled = true;
            dispatcher.execute(() -> {
                subscriber.onSubscribe(s);
                subscriber.onComplete();
            });
            return;
        }
        s.lane.execute(() -> subscriber.onSubscribe(s)); // queued before the subscriber can be offered a message
        synchronized (this) {
            if (!completed) {
                List<StreamSubscription> more = new ArrayList<>(subscriptions);
                more.add(s);
                subscriptions = List.copyOf(more);
                return;
            }
        }
        s.complete(); // closed in between: close() shuts the pool down only after the stream has ended
    }

    /** The current subscribers; a delivery must count each of them as a consumer. */
    public List<StreamSubscription> snapshot() {
        return subscriptions;
    }

    /** Ends the stream (the client is closed): buffered messages are dropped and every subscriber gets onComplete. */
    public void complete() {
        List<StreamSubscription> all;
        synchronized (this) {
            completed = true;
            all = subscriptions;
            subscriptions = List.of();
        }
        for (StreamSubscription s : all) {
            s.complete();
        }
    }

    private synchronized void remove(StreamSubscription s) {
        List<StreamSubscription> fewer = new ArrayList<>(subscriptions);
        fewer.remove(s);
        subscriptions = List.copyOf(fewer);
    }

    /** One subscriber's buffer, demand and lane. */
    public final class StreamSubscription implements Flow.Subscription {

        private final Flow.Subscriber<? super Publish> subscriber;
        private final SerialExecutor lane;
        private final DropLog drops = new DropLog(log, "a stream subscriber");
        // guarded by this
        private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
        private int qos0Buffered;
        private long demand;
        private boolean cancelled; // guarded by this (set before handing out a subscription of an ended stream)

        StreamSubscription(Flow.Subscriber<? super Publish> subscriber, SerialExecutor lane) {
            this.subscriber = subscriber;
            this.lane = lane;
        }

        /**
         * Queues a message for this subscriber; it calls {@link Delivery#handedOver()} or, if the subscriber never
         * gets it (cancelled, or a QoS 0 message dropped), {@link Delivery#skipped()}, exactly once.
         */
        public void offer(Delivery delivery) {
            Delivery dropped = null;
            synchronized (this) {
                if (cancelled) {
                    dropped = delivery;
                } else {
                    if (delivery.message().qos() == Qos.AT_MOST_ONCE) {
                        if (qos0Buffered >= QOS0_BUFFER) {
                            dropped = removeOldestQos0();
                        }
                        qos0Buffered++;
                    }
                    buffer.add(delivery);
                }
            }
            if (dropped != null) {
                if (dropped != delivery) {
                    drops.dropped(dropped.message().topic());
                }
                dropped.skipped();
            }
            lane.execute(this::drain);
        }

        private Delivery removeOldestQos0() {
            for (Iterator<Delivery> it = buffer.iterator(); it.hasNext(); ) {
                Delivery d = it.next();
                if (d.message().qos() == Qos.AT_MOST_ONCE) {
                    it.remove();
                    qos0Buffered--;
                    return d;
                }
            }
            return null;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                lane.execute(() -> subscriber.onError(
                        new IllegalArgumentException("Flow.Subscription.request(n) needs n > 0, was " + n)));
                return;
            }
            synchronized (this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            lane.execute(this::drain);
        }

        @Override
        public void cancel() {
            ArrayDeque<Delivery> left;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                left = new ArrayDeque<>(buffer);
                buffer.clear();
            }
            remove(this);
            left.forEach(Delivery::skipped);
        }

        void complete() {
            ArrayDeque<Delivery> left;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                left = new ArrayDeque<>(buffer);
                buffer.clear();
            }
            left.forEach(Delivery::skipped);
            lane.execute(subscriber::onComplete);
        }

        /** Runs on the lane only. */
        private void drain() {
            while (true) {
                Delivery next;
                synchronized (this) {
                    if (cancelled) {
                        return;
                    }
                    if (demand == 0 || buffer.isEmpty()) {
                        return;
                    }
                    next = buffer.poll();
                    if (next.message().qos() == Qos.AT_MOST_ONCE) {
                        qos0Buffered--;
                    }
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                }
                next.handedOver();
                try {
                    subscriber.onNext(next.message());
                } catch (Throwable t) {
                    log.warn("a stream subscriber threw from onNext; it is cancelled", t);
                    cancel();
                    return;
                }
            }
        }
    }
}
