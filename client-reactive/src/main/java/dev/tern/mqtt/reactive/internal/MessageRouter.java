package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one handler the facade registers with the async client, for every filter its streams subscribe to: hands each
 * message to the streams whose filters match its topic, and acknowledges at once a message no stream wants (it
 * arrived between a cancel and the UNSUBACK, or from a resumed session). The async client acknowledges by itself only
 * a message it handed to no handler; this one was handed to the router, so the router must. After the UNSUBACK the
 * async client no longer hands the filter's messages here, and acknowledges them itself if nobody else takes them.
 * Also keeps the explicit acknowledgements that the application still owes.
 *
 * <p>{@link #accept(Publish)} runs on the async client's message lane, one message at a time, and only queues; the
 * rest is thread-safe.
 */
final class MessageRouter implements Consumer<Publish> {

    private final AsyncMqttClient client;
    private final List<InboundStream> streams = new CopyOnWriteArrayList<>();
    // guarded by itself: messages emitted by explicit streams -> their acknowledgement and how many such streams
    private final Map<Publish, ExplicitHold> explicit = new IdentityHashMap<>();

    MessageRouter(AsyncMqttClient client) {
        this.client = client;
    }

    void add(InboundStream stream) {
        streams.add(stream);
    }

    void remove(InboundStream stream) {
        streams.remove(stream);
    }

    /** The streams now subscribed. */
    List<InboundStream> streams() {
        return List.copyOf(streams);
    }

    /** Whether a current stream wants messages on {@code topic}. */
    boolean wants(String topic) {
        for (InboundStream s : streams) {
            if (s.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void accept(Publish message) {
        List<InboundStream> targets = new ArrayList<>(1);
        for (InboundStream s : streams) {
            if (s.matches(message.topic())) {
                targets.add(s);
            }
        }
        if (targets.isEmpty()) {
            client.acknowledge(message);
            return;
        }
        Acknowledgement ack = message.qos() == Qos.AT_MOST_ONCE ? null
                : new Acknowledgement(client, message, targets.size());
        for (InboundStream s : targets) {
            s.offer(message, ack);
        }
    }

    /** An explicit stream emitted this message: keep its hold until the application acknowledges it. */
    void holdUntilAcknowledged(Acknowledgement ack) {
        synchronized (explicit) {
            explicit.computeIfAbsent(ack.message(), m -> new ExplicitHold(ack)).count++;
        }
    }

    /** The application acknowledges a message: release one explicit hold, or pass it on to the async client. */
    void acknowledge(Publish message) {
        Acknowledgement ack = null;
        synchronized (explicit) {
            ExplicitHold hold = explicit.get(message);
            if (hold != null) {
                ack = hold.ack;
                if (--hold.count == 0) {
                    explicit.remove(message);
                }
            }
        }
        if (ack != null) {
            ack.release();
        } else {
            client.acknowledge(message);
        }
    }

    private static final class ExplicitHold {
        final Acknowledgement ack;
        int count;

        ExplicitHold(Acknowledgement ack) {
            this.ack = ack;
        }
    }
}
