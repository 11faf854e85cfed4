package dev.tern.mqtt.samples;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.netty.TernMqtt;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A dashboard with the async client: connect, subscribe to two topic filters with one handler, and print messages
 * as they arrive, all without blocking a thread until the end. To have something to show, it publishes a few
 * messages itself; against a real broker, also try {@code mqtt pub -t sensors/7/temperature -m 19.5}.
 *
 * <p>Run: {@code SubscribeToTopics [--broker mqtt://host:port]}.
 */
public final class SubscribeToTopics {

    public static void main(String[] args) throws Exception {
        List<Subscription> subscriptions = List.of(
                Subscription.of("sensors/+/temperature", Qos.AT_LEAST_ONCE),
                Subscription.of("sensors/+/status", Qos.AT_LEAST_ONCE));
        // Retained messages already on the broker may arrive too: wait for the three this sample sends.
        Set<String> expected = ConcurrentHashMap.newKeySet();
        expected.addAll(List.of("sensors/1/temperature 21.5", "sensors/2/temperature 19.0", "sensors/2/status online"));
        CountDownLatch received = new CountDownLatch(expected.size());

        try (SampleBroker broker = SampleBroker.fromArgs(args);
             AsyncMqttClient client = TernMqtt.asyncClient(broker.options("dashboard").build())) {
            client.connect()
                    .thenCompose(connAck -> client.subscribe(subscriptions, message -> {
                        // Runs on the client's executor, one message at a time, never on the network thread.
                        System.out.println(message.topic() + " -> " + message.payloadAsString());
                        if (expected.remove(message.topic() + " " + message.payloadAsString())) {
                            received.countDown();
                        }
                    }))
                    .thenAccept(subAck -> System.out.println("subscribed, broker granted " + subAck.reasonCodes()))
                    .thenCompose(ignored -> CompletableFuture.allOf(
                            client.publish(message("sensors/1/temperature", "21.5")),
                            client.publish(message("sensors/2/temperature", "19.0")),
                            client.publish(message("sensors/2/status", "online"))))
                    .get(10, TimeUnit.SECONDS);

            if (!received.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("messages not received: " + expected);
            }
            client.unsubscribe(List.of("sensors/+/temperature", "sensors/+/status"))
                    .thenCompose(unsubAck -> client.disconnect())
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static Publish message(String topic, String payload) {
        return Publish.builder().topic(topic).payload(payload).qos(Qos.AT_LEAST_ONCE).build();
    }
}
