package dev.tern.mqtt.reactive;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.reactive.internal.DefaultReactiveMqttClient;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * An MQTT client for Project Reactor: a lazy, back-pressured facade over one {@link AsyncMqttClient}.
 *
 * <pre>{@code
 * ReactiveMqttClient client = ReactiveMqttClient.create(options, TernMqtt::asyncClient);
 * client.connect()
 *       .thenMany(client.subscribe("sensors/+/temperature", Qos.AT_LEAST_ONCE))
 *       .map(Publish::payloadAsString)
 *       .subscribe(System.out::println);
 * }</pre>
 *
 * <h2>Laziness</h2>
 * Nothing is sent when a method is called: the packet goes out when the returned {@link Mono} or {@link Flux} is
 * subscribed to, and again on every further subscription ({@code retry()} and {@code repeat()} send again).
 * Arguments are checked at once, on the calling thread ({@link NullPointerException},
 * {@link IllegalArgumentException}). Cancelling a {@code Mono} after subscription does not recall its packet: it has
 * been handed to the client and is sent; only its outcome is ignored.
 *
 * <h2>Threads</h2>
 * {@code Mono}s signal on the async client's executor ({@link MqttClientOptions#executor()}), never on its network
 * thread. Each message stream from {@link #subscribe(List, SubscribeOptions)} signals on its own worker of the
 * scheduler given to {@link #from(AsyncMqttClient, Scheduler)} (by default {@link Schedulers#boundedElastic()}),
 * one message at a time and in the order received, so a stream whose subscriber blocks delays neither the other
 * streams nor the keep-alive. Use {@code publishOn} to move signals elsewhere.
 *
 * <h2>Flow control</h2>
 * Received QoS 1 and 2 messages of a stream are acknowledged only when they have been requested and are emitted
 * (just before {@code onNext}, so a subscriber busy with one message holds no unacknowledged message), or, with
 * {@link SubscribeOptions.Builder#explicitAcknowledgement(boolean)}, when the application calls
 * {@link #acknowledge(Publish)}, typically after processing. The server sends at most the client's Receive Maximum
 * ({@link MqttClientOptions#receiveMaximum()}) unacknowledged QoS 1 and 2 messages and holds the rest, so a slow
 * subscriber makes the server hold messages instead of the client buffering without bound: a stream buffers at most
 * the Receive Maximum of QoS 1 and 2 messages and {@link SubscribeOptions#qos0BufferSize()} QoS 0 messages.
 *
 * <p><b>The limit between streams.</b> MQTT's flow control is per connection: the Receive Maximum is shared by every
 * subscription of the client. A stream that stops requesting keeps its buffered messages unacknowledged; once the
 * unacknowledged messages of all streams reach the Receive Maximum, the server stops sending QoS 1 and 2 messages on
 * the whole connection, so the other streams wait too. Until then the client does not slow them at all. QoS 0
 * messages are not counted and keep flowing. To isolate a consumer that may stall, give it its own client
 * (connection), and set the Receive Maximum to bound what a stalled stream holds in memory. Servers may send less
 * than MQTT allows: MQTT 3.1.1 has no Receive Maximum, so the server's own in-flight window applies (Mosquitto's
 * {@code max_inflight_messages}), and HiveMQ CE sends a client that has unacknowledged messages nothing new until an
 * acknowledgement comes back, so there a stream that stops requesting while holding a message stalls the connection
 * as soon as the other streams have nothing left to acknowledge.
 *
 * <h2>Acknowledgement mode</h2>
 * The facade decides when to acknowledge, so the async client must have
 * {@link MqttClientOptions.Builder#manualAcknowledgement(boolean) manual acknowledgement} on:
 * {@link #create(MqttClientOptions, Function)} turns it on, {@link #from(AsyncMqttClient)} checks it. Messages that
 * reach the async client's own handlers or its {@code messages()} stream must then be acknowledged by the
 * application ({@link #acknowledge(Publish)} or {@link AsyncMqttClient#acknowledge(Publish)}).
 *
 * <h2>Disconnect</h2>
 * A lost or closed connection fails the pending {@code Mono}s (as the async client's futures fail) but ends no
 * message stream: a stream stays subscribed and resumes if the session resumes or the subscriptions are restored.
 * Messages a stream had buffered are still emitted; their acknowledgements belong to the old connection and are
 * dropped, and the server resends them in a persistent session. {@link #close()} completes every stream.
 *
 * <p>All methods are thread-safe.
 */
public interface ReactiveMqttClient extends AutoCloseable {

    /** Messages published by {@link #publish(Publisher)} outstanding at once when the server's limit is unknown. */
    int DEFAULT_PUBLISH_WINDOW = 64;

    /** The largest window {@link #publish(Publisher)} takes from the server's Receive Maximum. */
    int MAX_PUBLISH_WINDOW = 1024;

    /**
     * A reactive facade over {@code client}, with message streams on {@link Schedulers#boundedElastic()}. The facade
     * does not own the client: {@link #close()} leaves it open.
     *
     * @throws IllegalArgumentException if the client does not use manual acknowledgement
     */
    static ReactiveMqttClient from(AsyncMqttClient client) {
        return from(client, Schedulers.boundedElastic());
    }

    /**
     * A reactive facade over {@code client}, with each message stream on its own worker of {@code scheduler}.
     * {@link Schedulers#immediate()} saves the hand-off: a stream then emits on the thread that delivered the message
     * (the async client's executor, which waits for the subscriber before delivering the next message to any
     * stream) or on the thread that called {@code request(n)}.
     *
     * @throws IllegalArgumentException if the client does not use manual acknowledgement
     */
    static ReactiveMqttClient from(AsyncMqttClient client, Scheduler scheduler) {
        return DefaultReactiveMqttClient.wrap(client, scheduler, false);
    }

    /**
     * A new client with these options and manual acknowledgement turned on, made by {@code factory} (for example
     * {@code TernMqtt::asyncClient}, which keeps this module free of any transport). The facade owns it:
     * {@link #close()} closes it. Nothing is sent until {@link #connect()} is subscribed to.
     */
    static ReactiveMqttClient create(MqttClientOptions options,
            Function<MqttClientOptions, ? extends AsyncMqttClient> factory) {
        AsyncMqttClient client = factory.apply(options.toBuilder().manualAcknowledgement(true).build());
        return DefaultReactiveMqttClient.wrap(client, Schedulers.boundedElastic(), true);
    }

    /**
     * Connects (TCP, CONNECT, CONNACK) when subscribed to.
     *
     * @return emits the accepting CONNACK, or fails as {@link AsyncMqttClient#connect()} does (refused, timeout,
     *         network error, or not {@code DISCONNECTED}); signals on the client's executor
     */
    Mono<ConnAck> connect();

    /**
     * Disconnects normally (the server discards the will) when subscribed to. In-flight QoS 1 and 2 messages fail;
     * message streams stay subscribed (see the class comment).
     *
     * @return completes when the connection is closed, at once if not connected; signals on the client's executor
     */
    Mono<Void> disconnect();

    /**
     * Disconnects with reason 0x04 (the server publishes the will) when subscribed to.
     *
     * @return as {@link #disconnect()}
     */
    Mono<Void> disconnectWithWill();

    /**
     * Publishes one message when subscribed to; each subscription publishes it again.
     *
     * @return emits the result once the message was written (QoS 0), acknowledged (QoS 1) or its exchange ended
     *         (QoS 2); fails as {@link AsyncMqttClient#publish(Publish)} does, for example with
     *         {@code MqttClientStateException} when not connected or {@code MqttConnectionLostException} when the
     *         connection ends first. Signals on the client's executor.
     */
    Mono<PublishResult> publish(Publish message);

    /**
     * Publishes a stream of messages with the window from the server's Receive Maximum: the one in the CONNACK this
     * facade's {@link #connect()} last received, at most {@link #MAX_PUBLISH_WINDOW}, or
     * {@link #DEFAULT_PUBLISH_WINDOW} if this facade has not connected the client.
     *
     * @see #publish(Publisher, int)
     */
    Flux<PublishOutcome> publish(Publisher<Publish> messages);

    /**
     * Publishes a stream of messages, at most {@code window} of them outstanding at once: {@code messages} is
     * requested from only as results are emitted, so a slow subscriber of the results slows the publishing too.
     * Lazy: nothing is requested from {@code messages} until the returned {@code Flux} is subscribed to.
     *
     * <p>Emits one {@link PublishOutcome} per message, in the order of {@code messages}. A message that fails
     * (refused by the server, too large, not connected, connection lost before its acknowledgement) gives a failed
     * outcome and the stream goes on; the stream fails only if {@code messages} fails, after the outcomes of the
     * messages already handed to the client. Cancelling stops requesting; messages already handed to the client are
     * still sent. Signals on the client's executor.
     *
     * @param window 1 or more
     */
    Flux<PublishOutcome> publish(Publisher<Publish> messages, int window);

    /** Shorthand for {@code subscribe(List.of(Subscription.of(topicFilter, qos)), SubscribeOptions.DEFAULT)}. */
    default Flux<Publish> subscribe(String topicFilter, Qos qos) {
        return subscribe(List.of(Subscription.of(topicFilter, qos)), SubscribeOptions.DEFAULT);
    }

    /** Shorthand for {@code subscribe(subscriptions, SubscribeOptions.DEFAULT)}. */
    default Flux<Publish> subscribe(List<Subscription> subscriptions) {
        return subscribe(subscriptions, SubscribeOptions.DEFAULT);
    }

    /**
     * A stream of the messages matching these subscriptions. Subscribing to the {@code Flux} sends SUBSCRIBE (each
     * subscriber its own); cancelling it sends UNSUBSCRIBE for the filters no other stream of this facade uses.
     * Messages are emitted only as requested, and QoS 1 and 2 messages acknowledged only once emitted (see the class
     * comment for what that means for the server and for other streams).
     *
     * <ul>
     * <li>Matching is by topic: a message whose topic matches filters of several streams is emitted by each, and
     *     acknowledged once all of them emitted it. Do not subscribe to the same filter through the async client's
     *     handlers and through this facade: the async client keeps one handler per filter.</li>
     * <li>Each subscription to the {@code Flux} sends SUBSCRIBE again, so the server may resend retained messages
     *     to the streams already on the same filter (MQTT 5.0 {@code RetainHandling.SEND_IF_NEW_SUBSCRIPTION}
     *     avoids that).</li>
     * <li>QoS 0 messages beyond demand wait in a buffer of {@link SubscribeOptions#qos0BufferSize()} per stream;
     *     when it is full the oldest buffered QoS 0 message is dropped (logged). QoS 1 and 2 messages are never
     *     dropped.</li>
     * <li>Messages still buffered when the stream is cancelled, and those the server still sends after the
     *     UNSUBSCRIBE, are acknowledged and dropped: MQTT cannot hand them back to the server.</li>
     * </ul>
     *
     * <p>Signals on this stream's own worker of the facade's scheduler, in the order received. The stream fails if
     * SUBSCRIBE fails ({@code MqttAckException} with the reason codes if the server refused any filter,
     * {@code MqttClientStateException} when not connected, {@code MqttTimeoutException}); it never completes on its
     * own, except when this facade is closed. A lost connection does not end it (see the class comment).
     *
     * @throws IllegalArgumentException if {@code subscriptions} is empty
     */
    Flux<Publish> subscribe(List<Subscription> subscriptions, SubscribeOptions options);

    /**
     * Sends SUBSCRIBE without a stream of its own, when subscribed to: matching messages go where the async client
     * sends messages without a handler (its catch-all handler and its {@code messages()} stream), where the
     * application acknowledges them.
     *
     * @return emits the SUBACK if every subscription was granted; fails with {@code MqttAckException} if any was
     *         refused, {@code MqttClientStateException} when not connected, {@code MqttTimeoutException}, or
     *         {@code MqttConnectionLostException} if the connection ends first. Signals on the client's executor.
     * @throws IllegalArgumentException if {@code subscriptions} is empty
     */
    Mono<SubAck> subscribeOnly(List<Subscription> subscriptions);

    /**
     * Sends UNSUBSCRIBE when subscribed to. A stream of this facade on one of these filters stays subscribed but
     * receives nothing more from it; cancel the stream instead to end it.
     *
     * @return emits the UNSUBACK, or fails with {@code MqttAckException}, {@code MqttTimeoutException},
     *         {@code MqttClientStateException} when not connected, or {@code MqttConnectionLostException} if the
     *         connection ends first; signals on the client's executor
     * @throws IllegalArgumentException if {@code topicFilters} is empty or holds an invalid filter
     */
    Mono<UnsubAck> unsubscribe(List<String> topicFilters);

    /**
     * MQTT 5.0 request/response when subscribed to (see {@link AsyncMqttClient#request(Publish, Duration)}); the
     * reply is acknowledged when it is emitted.
     *
     * @return emits the reply; fails with {@code MqttTimeoutException} if none comes in time, or as
     *         {@link #publish(Publish)} does. Signals on the client's executor.
     */
    Mono<Publish> request(Publish request, Duration timeout);

    /**
     * Acknowledges a received QoS 1 or 2 message: one emitted by a stream with
     * {@link SubscribeOptions.Builder#explicitAcknowledgement(boolean) explicit acknowledgement}, or any other
     * message the async client delivered. A message several explicit streams emitted is acknowledged once each of
     * them acknowledged it. Does nothing for QoS 0 messages; an acknowledgement after the connection ended is
     * dropped (the server resends the message in a persistent session). Not lazy: acts at once, on any thread.
     */
    void acknowledge(Publish received);

    /** The async client this facade drives, for the operations it does not offer (state, client id, handlers). */
    AsyncMqttClient async();

    /**
     * Completes every message stream of this facade (their buffered messages are acknowledged and dropped) and, if
     * the facade was made by {@link #create(MqttClientOptions, Function)}, closes the async client, which may wait
     * briefly for DISCONNECT to be written. After this, every operation fails with
     * {@code MqttClientStateException}. Idempotent.
     */
    @Override
    void close();
}
