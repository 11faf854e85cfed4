package dev.tern.mqtt;

import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A blocking MQTT client: each call waits until the server answered, at most the ack timeout of the options (or the
 * connect plus CONNACK timeouts for {@link #connect()}). It is a thin adapter over {@link AsyncMqttClient}; the same
 * session, handlers and threading apply, and {@link #async()} gives the underlying client.
 *
 * <pre>{@code
 * try (MqttClient client = TernMqtt.blockingClient(options)) {
 *     client.connect();
 *     client.publish(Publish.builder().topic("sensors/1").payload("21.5").qos(Qos.AT_LEAST_ONCE).build());
 * }
 * }</pre>
 *
 * <h2>Errors</h2>
 * A failure is rethrown on the calling thread as a new exception of the same type (a subclass of
 * {@link dev.tern.mqtt.exceptions.MqttException}) whose stack trace is the caller's and whose cause is the original.
 * Waiting too long throws {@code MqttTimeoutException}; an interrupt throws {@code MqttException} with the thread's
 * interrupt flag set again.
 *
 * <h2>Threads</h2>
 * Thread-safe. Calling a blocking method on a Netty event loop thread throws {@link IllegalStateException} at once,
 * because waiting there could deadlock the connection. Calling it from a message handler is allowed.
 */
public interface MqttClient extends AutoCloseable {

    /**
     * Connects and returns the server's CONNACK; see {@link AsyncMqttClient#connect()} for the failures. Waits at
     * most the connect plus CONNACK timeouts for each server of the options; with {@code retryFirstConnect} the
     * client keeps trying in the background after this call gave up waiting.
     */
    ConnAck connect();

    /**
     * Publishes and waits for the acknowledgement its QoS requires; see {@link AsyncMqttClient#publish(Publish)}.
     * Giving up after the ack timeout does not withdraw the message: while the client reconnects it stays in the
     * offline buffer or in flight and is still delivered as its QoS requires.
     */
    PublishResult publish(Publish message);

    /** Publishes a payload with the given QoS, not retained. */
    default PublishResult publish(String topic, byte[] payload, Qos qos) {
        return publish(Publish.builder().topic(topic).payload(payload).qos(qos).build());
    }

    /** Subscribes with a handler and waits for the SUBACK; see {@link AsyncMqttClient#subscribe(List, Consumer)}. */
    SubAck subscribe(List<Subscription> subscriptions, Consumer<Publish> handler);

    /** Shorthand for {@code subscribe(List.of(Subscription.of(topicFilter, qos)), handler)}. */
    default SubAck subscribe(String topicFilter, Qos qos, Consumer<Publish> handler) {
        return subscribe(List.of(Subscription.of(topicFilter, qos)), handler);
    }

    /** Unsubscribes and waits for the UNSUBACK; see {@link AsyncMqttClient#unsubscribe(List)}. */
    UnsubAck unsubscribe(List<String> topicFilters);

    /** Shorthand for {@code unsubscribe(List.of(topicFilter))}. */
    default UnsubAck unsubscribe(String topicFilter) {
        return unsubscribe(List.of(topicFilter));
    }

    /** Sets the catch-all handler; see {@link AsyncMqttClient#setMessageHandler(Consumer)}. */
    void setMessageHandler(Consumer<Publish> handler);

    /** MQTT 5.0 request/response, waiting for the reply; see {@link AsyncMqttClient#request(Publish, Duration)}. */
    Publish request(Publish request, Duration timeout);

    /** Disconnects normally and waits until the connection is closed. */
    void disconnect();

    /** Disconnects with reason 0x04 so the server publishes the will, and waits until the connection is closed. */
    void disconnectWithWill();

    /** MQTT 5.0 re-authentication, waiting until the server accepts; see {@link AsyncMqttClient#reauthenticate()}. */
    void reauthenticate();

    /** The current state. */
    ClientState state();

    /** The underlying asynchronous client, sharing this client's connection and session. */
    AsyncMqttClient async();

    /** Closes the client; see {@link AsyncMqttClient#close()}. */
    @Override
    void close();
}
