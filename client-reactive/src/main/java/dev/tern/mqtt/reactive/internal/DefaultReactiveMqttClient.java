package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.TopicFilter;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.reactive.ConnectionEvent;
import dev.tern.mqtt.reactive.LifecycleRelay;
import dev.tern.mqtt.reactive.PublishOutcome;
import dev.tern.mqtt.reactive.ReactiveMqttClient;
import dev.tern.mqtt.reactive.SubscribeOptions;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The {@link ReactiveMqttClient}: every operation is a {@code Mono} or {@code Flux} that calls the async client when
 * subscribed to. Message streams go through one {@link MessageRouter} and a {@link FilterTable}. What happens while
 * the client connects or reconnects is the async client's: SUBSCRIBE and UNSUBSCRIBE wait for the connection there,
 * and messages that arrive after an UNSUBACK are acknowledged there if nobody takes them. Thread-safe.
 */
public final class DefaultReactiveMqttClient implements ReactiveMqttClient {

    /** A QoS 0 message: acknowledging it does nothing, unless manual acknowledgement is off (then it throws). */
    private static final Publish PROBE = Publish.builder().topic("tern/reactive/probe").build();

    private final AsyncMqttClient client;
    private final Scheduler scheduler;
    private final boolean ownsClient;
    private final MessageRouter router;
    private final FilterTable filters;
    private final LifecycleRelay relay;
    private final ReceiveMaximumWatch receiveMaximum;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Sinks.Empty<Void> closing = Sinks.empty();

    private DefaultReactiveMqttClient(AsyncMqttClient client, Scheduler scheduler, boolean ownsClient,
            LifecycleRelay relay) {
        this.client = client;
        this.scheduler = scheduler;
        this.ownsClient = ownsClient;
        this.relay = relay;
        this.receiveMaximum = new ReceiveMaximumWatch(relay == null ? null : relay.events());
        this.router = new MessageRouter(client);
        this.filters = new FilterTable(client);
    }

    /**
     * The facade over {@code client}.
     *
     * @param ownsClient whether {@link #close()} closes the client
     * @param relay the relay registered with the client's options, or null if there is none
     * @throws IllegalArgumentException if the client does not use manual acknowledgement
     */
    public static ReactiveMqttClient wrap(AsyncMqttClient client, Scheduler scheduler, boolean ownsClient,
            LifecycleRelay relay) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheduler, "scheduler");
        try {
            client.acknowledge(PROBE);
        } catch (IllegalStateException e) {
            if (ownsClient) {
                client.close();
            }
            throw new IllegalArgumentException("the reactive client acknowledges messages as they are requested, so"
                    + " the async client needs MqttClientOptions.Builder.manualAcknowledgement(true)", e);
        }
        return new DefaultReactiveMqttClient(client, scheduler, ownsClient, relay);
    }

    @Override
    public Mono<ConnAck> connect() {
        return lazy(client::connect).doOnNext(connAck -> receiveMaximum.connected(connAck.receiveMaximum()));
    }

    @Override
    public Mono<Void> disconnect() {
        return lazy(client::disconnect);
    }

    @Override
    public Mono<Void> disconnectWithWill() {
        return lazy(client::disconnectWithWill);
    }

    @Override
    public Mono<PublishResult> publish(Publish message) {
        Objects.requireNonNull(message, "message");
        return lazy(() -> client.publish(message));
    }

    @Override
    public Flux<PublishOutcome> publish(Publisher<Publish> messages) {
        Objects.requireNonNull(messages, "messages");
        return Flux.defer(() -> publish(messages, publishWindow()));
    }

    private int publishWindow() {
        int rm = receiveMaximum.serverReceiveMaximum();
        return rm == 0 ? DEFAULT_PUBLISH_WINDOW : Math.min(rm, MAX_PUBLISH_WINDOW);
    }

    @Override
    public Flux<PublishOutcome> publish(Publisher<Publish> messages, int window) {
        Objects.requireNonNull(messages, "messages");
        if (window < 1) {
            throw new IllegalArgumentException("window must be 1 or more, was " + window);
        }
        return Flux.defer(() -> closed.get() ? Flux.error(closedError()) : Flux.from(messages))
                .flatMapSequentialDelayError(message -> lazy(() -> client.publish(message))
                        .map(PublishOutcome::success)
                        .onErrorResume(e -> Mono.just(PublishOutcome.failure(message, unwrap(e)))), window, 1);
    }

    @Override
    public Flux<Publish> subscribe(List<Subscription> subscriptions, SubscribeOptions options) {
        List<Subscription> subs = nonEmpty(subscriptions, "subscribe");
        Objects.requireNonNull(options, "options");
        List<String> topicFilters = subs.stream().map(Subscription::topicFilter).toList();
        return Flux.create(sink -> {
            if (closed.get()) {
                sink.error(closedError());
                return;
            }
            InboundStream stream = new InboundStream(topicFilters, options, sink, scheduler.createWorker(), router);
            router.add(stream);
            sink.onRequest(n -> stream.schedule());
            FilterTable.Lease lease = filters.subscribe(subs, router);
            sink.onDispose(() -> {
                router.remove(stream);
                stream.close();
                filters.release(lease);
            });
            lease.subAck().whenComplete((subAck, error) -> {
                if (error != null && !sink.isCancelled()) {
                    sink.error(unwrap(error));
                }
            });
        }, FluxSink.OverflowStrategy.ERROR);
    }

    @Override
    public Mono<SubAck> subscribeOnly(List<Subscription> subscriptions) {
        List<Subscription> subs = nonEmpty(subscriptions, "subscribe");
        return lazy(() -> client.subscribe(subs));
    }

    @Override
    public Mono<UnsubAck> unsubscribe(List<String> topicFilters) {
        List<String> list = nonEmpty(topicFilters, "unsubscribe");
        list.forEach(TopicFilter::validate);
        return lazy(() -> client.unsubscribe(list));
    }

    @Override
    public Mono<Publish> request(Publish request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        return lazy(() -> client.request(request, timeout)); // the async client acknowledges the reply itself
    }

    @Override
    public Flux<ConnectionEvent> lifecycle() {
        return Flux.defer(() -> {
            if (closed.get()) {
                return Flux.error(closedError());
            }
            if (relay == null) {
                return Flux.error(new IllegalStateException("this facade hears no life-cycle events: make it with"
                        + " ReactiveMqttClient.create, or give from() the LifecycleRelay of the client's options"));
            }
            return relay.events().takeUntilOther(closing.asMono()).publishOn(scheduler);
        });
    }

    @Override
    public void acknowledge(Publish received) {
        router.acknowledge(Objects.requireNonNull(received, "received"));
    }

    @Override
    public AsyncMqttClient async() {
        return client;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        filters.close();
        router.streams().forEach(InboundStream::complete);
        closing.tryEmitEmpty();
        receiveMaximum.close();
        if (ownsClient) {
            client.close();
        }
    }

    /** The message streams now subscribed, for tests and diagnostics. */
    public List<InboundStream> streams() {
        return router.streams();
    }

    /** How many of this facade's streams use {@code topicFilter}, for tests. */
    public int streamsOn(String topicFilter) {
        return filters.streams(topicFilter);
    }

    private <T> Mono<T> lazy(Supplier<CompletableFuture<T>> operation) {
        return Mono.defer(() -> closed.get() ? Mono.error(closedError()) : Mono.fromFuture(operation, true));
    }

    private static MqttClientStateException closedError() {
        return new MqttClientStateException("the reactive client was closed");
    }

    private static <T> List<T> nonEmpty(List<T> list, String operation) {
        List<T> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(operation + " needs at least one topic filter");
        }
        return copy;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
