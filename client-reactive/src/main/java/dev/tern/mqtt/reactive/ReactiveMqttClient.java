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
import java.util.Objects;
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
 * subscription of the client. A stream that stops requesting keeps its buffered messages unacknowledged, and since
 * acknowledgements reach the server in the order the messages arrived (MQTT requires it), so do the messages that
 * arrive after one it holds, whichever stream takes them; once the Receive Maximum of messages is unacknowledged,
 * the server stops sending QoS 1 and 2 messages on the whole connection, so the other streams wait too. Until then
 * the client does not slow them at all. QoS 0
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
 * <h2>Lost connections and reconnects</h2>
 * With automatic reconnect (on by default in {@link MqttClientOptions}) a lost connection is the async client's
 * business, and ends no stream:
 * <ul>
 * <li>A message stream stays subscribed. If the new connection resumes the session, the server kept its
 *     subscriptions and the QoS 1 and 2 messages published meanwhile; if not, the async client subscribes again
 *     ({@link MqttClientOptions#isResubscribeOnSessionLoss()}) and what was published meanwhile is gone.</li>
 * <li>A stream subscribed or cancelled while the client connects or reconnects has its SUBSCRIBE or UNSUBSCRIBE wait
 *     in the async client, which sends it first on the new connection, in the order they were made (so cancelling a
 *     stream and subscribing again to the same filter ends subscribed). A SUBSCRIBE or UNSUBSCRIBE that was sent and
 *     not yet acknowledged when the connection ended waits the same way: the async client sends it again on the new
 *     connection (with a fresh ack timeout). Waiting is bounded as in the async client:
 *     if no acknowledgement came within the ack timeout ({@link MqttClientOptions#ackTimeout()}) counted from the
 *     request, the stream fails with {@code MqttTimeoutException}; if the client stops connecting
 *     ({@link #disconnect()}, {@link #close()}, reconnect off, or the reconnect policy gives up, for example on a
 *     refusal that retrying cannot change, such as bad credentials or not authorized), the stream fails with the
 *     cause ({@code MqttConnectionRefusedException} with the CONNACK for a refusal). A cancelled stream's
 *     UNSUBSCRIBE that fails so is only logged.</li>
 * <li>Messages a stream had buffered are still emitted. Their acknowledgements belonged to the old connection: a
 *     QoS 1 acknowledgement is dropped, and a server that kept the session sends the message again, so the stream
 *     emits it twice (QoS 1 is at least once; while a stream requests nothing, each such reconnect adds these copies
 *     to its buffer); a QoS 2 message is acknowledged on the new connection and emitted once.</li>
 * <li>{@link #publish(Publisher)} goes on: messages wait in the async client's offline buffer and are sent, or sent
 *     again, on the new connection. A message the reconnect cannot save (offline buffer full, or a QoS 2 message
 *     whose session the server lost after PUBREC; see {@code docs/guarantees.md}) is a failed outcome, and the stream
 *     goes on.</li>
 * <li>A {@code Mono} does what the async client's future does: {@link #publish(Publish)} waits for the new
 *     connection in the offline buffer; {@link #subscribeOnly} and {@link #unsubscribe} subscribed to while the
 *     client connects or reconnects wait for the connection as above (ack timeout, cause of the end), and fail with
 *     {@code MqttConnectionLostException} if the connection ends after they were sent and no new connection
 *     follows; {@link #request} waits or
 *     fails as its publish and its response subscription do.</li>
 * </ul>
 * Without automatic reconnect, or once the reconnect policy gives up, streams whose SUBSCRIBE was acknowledged stay
 * subscribed, and resume if {@link #connect()} succeeds again; a stream whose SUBSCRIBE was not acknowledged yet
 * fails (with {@code MqttConnectionLostException}, or with the reason the client stopped connecting).
 * {@link #lifecycle()} tells what happens. {@link #close()} completes every stream.
 *
 * <h2>Life-cycle events</h2>
 * {@link #lifecycle()} emits the async client's connected, disconnected and reconnecting events as
 * {@link ConnectionEvent}s. It is hot: a subscriber gets the events from the moment it subscribes, nothing is
 * replayed, and nothing is kept while nobody subscribes. Each subscriber signals on its own worker of the facade's
 * scheduler (never the network thread), in order, with up to {@link LifecycleRelay#BUFFER} events waiting for its
 * demand (then the oldest are dropped, logged). Events and messages travel on different threads: a message may be
 * emitted before or after the event of the connection it came on.
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
     * does not own the client: {@link #close()} leaves it open. It hears no life-cycle events, so it offers no
     * {@link #lifecycle()} (see {@link #from(AsyncMqttClient, Scheduler, LifecycleRelay)}).
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
        return DefaultReactiveMqttClient.wrap(client, scheduler, false, null);
    }

    /**
     * As {@link #from(AsyncMqttClient, Scheduler)}, for a client whose options hold {@code relay}
     * ({@code MqttClientOptions.Builder.addLifecycleListener(relay)}): the facade then offers {@link #lifecycle()},
     * and {@link #publish(Publisher)} takes its window from the CONNACK of every reconnect too.
     *
     * @throws IllegalArgumentException if the client does not use manual acknowledgement
     */
    static ReactiveMqttClient from(AsyncMqttClient client, Scheduler scheduler, LifecycleRelay relay) {
        return DefaultReactiveMqttClient.wrap(client, scheduler, false, Objects.requireNonNull(relay, "relay"));
    }

    /**
     * A new client with these options, manual acknowledgement turned on and a {@link LifecycleRelay} added to its
     * listeners, made by {@code factory} (for example {@code TernMqtt::asyncClient}, which keeps this module free of
     * any transport). The facade owns it: {@link #close()} closes it. Nothing is sent until {@link #connect()} is
     * subscribed to.
     */
    static ReactiveMqttClient create(MqttClientOptions options,
            Function<MqttClientOptions, ? extends AsyncMqttClient> factory) {
        LifecycleRelay relay = new LifecycleRelay();
        AsyncMqttClient client = factory.apply(options.toBuilder()
                .manualAcknowledgement(true)
                .addLifecycleListener(relay)
                .build());
        return DefaultReactiveMqttClient.wrap(client, Schedulers.boundedElastic(), true, relay);
    }

    /**
     * Connects (TCP, CONNECT, CONNACK) when subscribed to.
     *
     * @return emits the accepting CONNACK, or fails as {@link AsyncMqttClient#connect()} does (refused, timeout,
     *         network error, or not {@code DISCONNECTED}); signals on the client's executor
     */
    Mono<ConnAck> connect();

    /**
     * Disconnects normally (the server discards the will) when subscribed to, and stops a running reconnect. What
     * happens to in-flight messages is {@link AsyncMqttClient#disconnect()}'s; message streams stay subscribed (see
     * the class comment).
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
     *         (QoS 2), on whichever connection that happened: while the client reconnects the message waits in the
     *         offline buffer. Fails as {@link AsyncMqttClient#publish(Publish)} does, for example with
     *         {@code MqttClientStateException} before {@code connect()}, {@code MqttMessageDroppedException} when
     *         the offline buffer has no room, or {@code MqttConnectionLostException} when no later connection can
     *         finish the exchange. Signals on the client's executor.
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
     * <p>Emits one {@link PublishOutcome} per message, in the order of {@code messages}. A lost connection only
     * delays the outcomes (the client reconnects and sends on; see the class comment). A message that fails (refused
     * by the server, too large, not connected and not reconnecting, dropped from the offline buffer, lost with a
     * session the server did not keep) gives a failed outcome and the stream goes on; the stream fails only if
     * {@code messages} fails, after the outcomes of the messages already handed to the client. Cancelling stops requesting; messages already handed to the client are
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
     * <li>Messages still buffered when the stream is cancelled, and those the server still sends before the
     *     UNSUBACK, are acknowledged and dropped: MQTT cannot hand them back to the server. Those it sends after the
     *     UNSUBACK go where the async client sends messages that match no handler: to its catch-all handler and
     *     {@code messages()} subscribers if it has any (then the application acknowledges them), else the async
     *     client acknowledges and drops them.</li>
     * </ul>
     *
     * <p>Signals on this stream's own worker of the facade's scheduler, in the order received. The stream fails if
     * SUBSCRIBE fails: {@code MqttAckException} with the reason codes if the server refused any filter;
     * {@code MqttClientStateException} before {@code connect()} or after {@code disconnect()} (while the client
     * connects or reconnects, SUBSCRIBE waits for the connection instead); {@code MqttTimeoutException} if no SUBACK
     * came within the ack timeout counted from the request, waiting for a connection included;
     * {@code MqttConnectionLostException} if the connection ended before the SUBACK and the client does not
     * reconnect; or the reason the client stopped connecting while SUBSCRIBE waited ({@code disconnect()},
     * {@code close()}, the reconnect policy gave up, for example {@code MqttConnectionRefusedException} on bad
     * credentials). It never completes on its own, except when this facade is closed. A lost connection does not
     * end it: see the class comment for what a reconnect means for its messages.
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
     *         refused, {@code MqttClientStateException} before {@code connect()} or after {@code disconnect()},
     *         {@code MqttTimeoutException} if no SUBACK came within the ack timeout counted from the subscription
     *         (while the client connects or reconnects it waits for the connection), the reason the client stopped
     *         connecting if it did so while this waited, or {@code MqttConnectionLostException} if the connection
     *         ends after it was sent and the client does not reconnect. Signals on the client's executor.
     * @throws IllegalArgumentException if {@code subscriptions} is empty
     */
    Mono<SubAck> subscribeOnly(List<Subscription> subscriptions);

    /**
     * Sends UNSUBSCRIBE when subscribed to. A stream of this facade on one of these filters stays subscribed but
     * receives nothing more from it; cancel the stream instead to end it.
     *
     * @return emits the UNSUBACK, or fails as {@link #subscribeOnly(List)} does (an UNSUBACK with an error reason
     *         code is an {@code MqttAckException}); while the client connects or reconnects it waits for the
     *         connection. Signals on the client's executor.
     * @throws IllegalArgumentException if {@code topicFilters} is empty or holds an invalid filter
     */
    Mono<UnsubAck> unsubscribe(List<String> topicFilters);

    /**
     * MQTT 5.0 request/response when subscribed to (see {@link AsyncMqttClient#request(Publish, Duration)}); the
     * async client acknowledges the reply itself (it never reaches a handler or a stream).
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

    /**
     * The client's life-cycle events from the moment of subscription on (hot; see the class comment): connected,
     * disconnected (with the cause and whether a reconnect follows), reconnecting (attempt and delay). Signals on a
     * worker of the facade's scheduler; completes when this facade is closed.
     *
     * <pre>{@code
     * client.lifecycle()
     *       .filter(e -> e instanceof ConnectionEvent.Connected c && c.event().isReconnect())
     *       .subscribe(e -> log.info("back online"));
     * }</pre>
     *
     * @return the events; fails with {@link IllegalStateException} if this facade hears none (made by
     *         {@link #from(AsyncMqttClient)} without a {@link LifecycleRelay}), with
     *         {@code MqttClientStateException} once closed
     */
    Flux<ConnectionEvent> lifecycle();

    /** The async client this facade drives, for the operations it does not offer (state, client id, handlers). */
    AsyncMqttClient async();

    /**
     * Completes every message stream of this facade (their buffered messages are acknowledged and dropped; no
     * UNSUBSCRIBE is sent) and every {@link #lifecycle()} subscriber, and, if the facade was made by
     * {@link #create(MqttClientOptions, Function)}, closes the async client, which may wait briefly for DISCONNECT
     * to be written and fails the SUBSCRIBE and UNSUBSCRIBE that wait for a connection. A client the facade does not
     * own keeps those and sends them when it connects, as it keeps the subscriptions of the completed streams. After this, every operation fails with
     * {@code MqttClientStateException}. Idempotent.
     */
    @Override
    void close();
}
