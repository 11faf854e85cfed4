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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * An MQTT client whose operations return {@link CompletableFuture}s: the core of Tern, for MQTT 3.1.1 and 5.0.
 *
 * <pre>{@code
 * try (AsyncMqttClient client = TernMqtt.asyncClient(options)) {
 *     client.connect().join();
 *     client.subscribe(Subscription.of("sensors/#", Qos.AT_LEAST_ONCE),
 *             msg -> System.out.println(msg.topic() + " " + msg.payloadAsString())).join();
 *     client.publish(Publish.builder().topic("sensors/1").payload("21.5").qos(Qos.AT_LEAST_ONCE).build()).join();
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * All methods are thread-safe and never block. Futures complete, and handlers and stream subscribers run, on the
 * executor from {@link MqttClientOptions#executor()} (by default one the client owns), never on the network thread.
 * Messages are handed to handlers one at a time in the order they arrived, so one subscription's messages arrive in
 * order; a slow handler delays later messages (and their acknowledgements, which MQTT requires in arrival order) but
 * never the keep-alive. What waits for a slow handler is bounded: QoS 1 and 2 messages by the Receive Maximum (the
 * server sends no more until they are acknowledged), QoS 0 messages at 1,024, beyond which the oldest waiting is
 * dropped (and logged, at most every ten seconds), as for a slow {@link #messages()} subscriber. A handler or callback may call any method of this client, including blocking on the returned
 * future: completions queued behind a blocked callback are taken over by another thread of the executor within a
 * few milliseconds.
 *
 * <h2>Errors</h2>
 * Futures fail with a subclass of {@link dev.tern.mqtt.exceptions.MqttException}: refused, lost connection,
 * error reason code in an acknowledgement, timeout, illegal state, protocol violation. Invalid arguments throw
 * {@link IllegalArgumentException} or {@link NullPointerException} at once, on the calling thread.
 *
 * <h2>Unreliable networks</h2>
 * With automatic reconnect (on by default) a lost connection is replaced by itself: the state becomes
 * {@link ClientState#RECONNECTING}, publishes wait in the offline buffer, and on the new connection the client first
 * resends what the server had not acknowledged (or, if the server lost the session, subscribes again and republishes
 * it), then sends what waited, in order. Life-cycle events ({@link dev.tern.mqtt.lifecycle.LifecycleListener}) tell
 * the application what happens. {@code docs/guarantees.md} says what is guaranteed at each QoS.
 *
 * <h2>Acknowledgements</h2>
 * Received QoS 1 and 2 messages are acknowledged once every matching handler (or stream subscriber) has been handed
 * the message, without waiting for it to return; with {@link MqttClientOptions#isManualAcknowledgement()} the
 * application calls {@link #acknowledge(Publish)} instead for every message it was handed. A message that no handler
 * and no stream subscriber is handed (none matches, or every stream subscriber cancelled first) is acknowledged by
 * the client even then, since nobody else could; so are the replies of {@link #request(Publish, Duration)}.
 */
public interface AsyncMqttClient extends AutoCloseable {

    /**
     * Opens the connection: TCP, then CONNECT, then waits for CONNACK. The servers of the options are tried in turn
     * until one accepts (following MQTT 5.0 Server References); with {@code retryFirstConnect} the reconnect policy
     * then keeps trying instead of failing.
     *
     * @return a future that completes with the server's CONNACK when it accepted the connection, or fails with
     *         {@code MqttConnectionRefusedException} (carrying the CONNACK), {@code MqttTimeoutException} (connect or
     *         CONNACK timeout), {@code MqttConnectionLostException} (network error, or {@code disconnect()} called
     *         meanwhile), each from the last server tried, or {@code MqttClientStateException} if the client is not
     *         {@link ClientState#DISCONNECTED}
     */
    CompletableFuture<ConnAck> connect();

    /**
     * Publishes a message. QoS 1 and 2 messages beyond the in-flight window (the server's Receive Maximum, and the
     * client's {@code maximumInFlight}) wait in a queue and go out as acknowledgements come back. While the client is
     * connecting or reconnecting, the message waits in the same queue, the offline buffer, and goes out, in order,
     * once the connection is back. The queue is bounded by the options' offline buffer limits and overflow policy.
     *
     * @return a future that completes when the message was written (QoS 0), acknowledged with PUBACK (QoS 1) or its
     *         exchange ended with PUBCOMP (QoS 2), on whichever connection that happened; it fails with
     *         {@code MqttAckException} for an error reason code, {@code MqttException} if the message is larger than
     *         the server's maximum packet size or its QoS or retain flag is not supported by the server,
     *         {@code MqttMessageDroppedException} if the queue had no room for it, it expired while waiting
     *         or the client disconnected for good before sending it, {@code MqttClientStateException} before
     *         {@code connect()} or after {@code disconnect()}, and {@code MqttConnectionLostException} if the
     *         connection ended and no later connection can finish the exchange (reconnect off or given up with a
     *         session that ended, or the server lost the session and republishing is off)
     */
    CompletableFuture<PublishResult> publish(Publish message);

    /**
     * Subscribes; matching messages go to the catch-all handler and to {@link #messages()} subscribers. While the
     * client is connecting or reconnecting the request waits, and goes out on the new connection before the messages
     * that waited in the offline buffer.
     *
     * @return a future that completes with the SUBACK when every subscription was granted, or fails with
     *         {@code MqttAckException} (carrying all reason codes) if any was refused, with
     *         {@code MqttTimeoutException} when no SUBACK came within the ack timeout counted from this call (also
     *         while it waits for a connection), with {@code MqttClientStateException} before {@code connect()} or
     *         after {@code disconnect()}, with {@code MqttConnectionLostException} if the connection ended after it
     *         was sent and no new connection follows (with one, it is sent again there, with a fresh ack timeout), or
     *         with the reason the client stopped connecting if it did so while the request waited.
     *         Granted subscriptions are made again by the client when the server loses the session.
     */
    CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions);

    /**
     * Subscribes with a handler for the messages that match these subscriptions. A message matching a handler's
     * subscription goes to that handler only, not to the catch-all handler (stream subscribers get every message).
     * The handler is registered before SUBSCRIBE is sent, so retained messages reach it, and stays registered
     * until {@link #unsubscribe(List)}.
     *
     * @param handler called on the client's executor, one message at a time
     * @return as {@link #subscribe(List)}; on failure the handler is removed for the refused filters
     */
    CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, Consumer<Publish> handler);

    /** Shorthand for {@code subscribe(List.of(subscription), handler)}. */
    default CompletableFuture<SubAck> subscribe(Subscription subscription, Consumer<Publish> handler) {
        return subscribe(List.of(subscription), handler);
    }

    /** Shorthand for {@code subscribe(List.of(Subscription.of(topicFilter, qos)), handler)}. */
    default CompletableFuture<SubAck> subscribe(String topicFilter, Qos qos, Consumer<Publish> handler) {
        return subscribe(List.of(Subscription.of(topicFilter, qos)), handler);
    }

    /**
     * Unsubscribes from topic filters (exactly as they were subscribed) and, once the UNSUBACK confirms it, removes
     * the handlers they had when the UNSUBSCRIBE was sent (a handler of a later {@code subscribe} to the same filter
     * stays). While the client is connecting or reconnecting the request waits, as for {@link #subscribe(List)}.
     *
     * @return a future that completes with the UNSUBACK, or fails with {@code MqttAckException} if any reason code
     *         is an error, or otherwise as {@link #subscribe(List)}
     */
    CompletableFuture<UnsubAck> unsubscribe(List<String> topicFilters);

    /** Shorthand for {@code unsubscribe(List.of(topicFilter))}. */
    default CompletableFuture<UnsubAck> unsubscribe(String topicFilter) {
        return unsubscribe(List.of(topicFilter));
    }

    /**
     * Sets the catch-all handler: it receives every message that matches no subscription made with its own handler
     * (including messages of a session resumed from an earlier connection). Null removes it; messages without any
     * handler are then only offered to {@link #messages()} subscribers, and acknowledged.
     *
     * @param handler called on the client's executor, one message at a time
     */
    void setMessageHandler(Consumer<Publish> handler);

    /**
     * A back-pressured stream of every received message. Each {@link Flow.Subscriber} gets every message from the
     * moment it subscribes, only as many as it requested. A received QoS 1 or 2 message is acknowledged only once
     * every stream subscriber has been handed it, so a subscriber that stops requesting makes the server stop
     * sending QoS 1 and 2 messages once the client's Receive Maximum is reached; QoS 0 messages beyond a buffer of
     * 1,024 per subscriber are dropped (oldest first) and logged. Signals arrive on the client's executor; the
     * stream ends ({@code onComplete}) when the client is closed, and a subscriber after {@link #close()} is told at
     * once, on the thread that subscribes if the client's own executor is already shut down.
     */
    Flow.Publisher<Publish> messages();

    /**
     * Acknowledges a received QoS 1 or 2 message, when manual acknowledgement is on. Safe to call more than once and
     * for QoS 0 messages (it then does nothing), and for messages the client acknowledged itself because no handler
     * or stream subscriber was handed them. An acknowledgement after the connection ended is dropped: the server
     * resends the message in the next connection of a persistent session.
     *
     * <p>Acknowledgements reach the server in the order the messages arrived, as MQTT requires, whatever order the
     * application acknowledges them in: a message not acknowledged yet holds back the acknowledgements of the
     * messages after it (and once the client's Receive Maximum of messages wait, the server sends no more QoS 1 and
     * 2 messages). Acknowledge every message you are handed.
     *
     * @throws IllegalStateException if manual acknowledgement is off
     */
    void acknowledge(Publish received);

    /**
     * MQTT 5.0 request/response: subscribes to this client's response topic (one topic for the client's lifetime,
     * subscribed on the first request and kept through reconnects and later connects), publishes {@code request} with
     * that response topic and fresh correlation data, and completes with the first reply carrying the same
     * correlation data. The client acknowledges replies itself, also with manual acknowledgement on.
     *
     * @param request the request message; its response topic and correlation data are replaced
     * @param timeout how long to wait for the reply
     * @return a future of the reply; fails with {@code MqttTimeoutException} when no reply comes in time,
     *         {@code MqttClientStateException} on MQTT 3.1.1, or as {@link #publish(Publish)} does
     */
    CompletableFuture<Publish> request(Publish request, Duration timeout);

    /** Shorthand for a QoS 1 request with the ack timeout from the options. */
    CompletableFuture<Publish> request(String topic, byte[] payload);

    /**
     * Disconnects normally (reason 0x00): the server discards the will. A pending or running reconnect (or first
     * connect) is stopped at once. Messages not sent yet fail with {@code MqttMessageDroppedException}. In-flight QoS 1
     * and 2 messages belong to the session: if the server keeps it (MQTT 5.0 session expiry above 0, MQTT 3.1.1 clean
     * session 0) they stay, and a later {@link #connect()} that resumes the session finishes them; if the session ends
     * with the connection they fail with {@code MqttConnectionLostException} (closed by the client).
     *
     * @return a future that completes when the connection is closed; completes at once if not connected
     */
    CompletableFuture<Void> disconnect();

    /**
     * Disconnects with reason 0x04, "disconnect with will message": the server publishes the will as if the
     * connection had been lost. On MQTT 3.1.1, which has no reason codes, this closes the network connection without
     * DISCONNECT, which makes the server publish the will.
     *
     * @return as {@link #disconnect()}
     */
    CompletableFuture<Void> disconnectWithWill();

    /**
     * MQTT 5.0 re-authentication (section 4.12.1): runs a new exchange of the options' {@code Authenticator} on the
     * open connection (AUTH 0x19, then the server's AUTH 0x18 steps, until its AUTH 0x00). Only the client can start
     * one; a server that wants fresh credentials disconnects instead.
     *
     * @return a future that completes when the server accepted; fails with {@code MqttAuthenticationException} if
     *         the exchange failed on the client's side (the connection is then closed),
     *         {@code MqttConnectionLostException} if the server refused by disconnecting, {@code MqttTimeoutException}
     *         after the ack timeout, or {@code MqttClientStateException} without an authenticator, when not connected,
     *         or while another re-authentication runs
     */
    CompletableFuture<Void> reauthenticate();

    /** The current state; see {@link ClientState} for the transitions. */
    ClientState state();

    /**
     * The client identifier in use: the configured one, or the one the server assigned; empty before the first
     * CONNACK of a client configured with an empty identifier.
     */
    String clientId();

    /** The protocol version in use (it may have fallen back to 3.1.1 if the options allow). */
    MqttVersion version();

    /**
     * Closes the client: disconnects normally if connected (waiting at most a short, bounded time), stops any
     * reconnect at once, fails every pending future with {@code MqttClientStateException} (a session store given in
     * the options keeps its content for a later client), and releases the threads and buffers the client created
     * (never a shared event loop group or an executor given in the options). Idempotent; does not throw. Must not be
     * called from a handler if the client owns its executor (it would wait for itself); it then returns without
     * waiting for that executor to finish.
     */
    @Override
    void close();
}
