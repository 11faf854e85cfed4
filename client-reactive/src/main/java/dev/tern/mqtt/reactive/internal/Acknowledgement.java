package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acknowledgement of one received QoS 1 or 2 message, held by every stream the message was handed to and sent
 * once the last of them released it (emitted it, acknowledged it explicitly, or dropped it). Thread-safe.
 */
final class Acknowledgement {

    private final AsyncMqttClient client;
    private final Publish message;
    private final AtomicInteger holds;

    Acknowledgement(AsyncMqttClient client, Publish message, int holds) {
        this.client = client;
        this.message = message;
        this.holds = new AtomicInteger(holds);
    }

    Publish message() {
        return message;
    }

    /** One holder is done with the message; the last one sends the acknowledgement. Any thread. */
    void release() {
        if (holds.decrementAndGet() == 0) {
            client.acknowledge(message);
        }
    }
}
