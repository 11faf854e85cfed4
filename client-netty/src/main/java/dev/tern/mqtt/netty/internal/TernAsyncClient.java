package dev.tern.mqtt.netty.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.connection.ClientCore;
import dev.tern.mqtt.netty.internal.dispatch.CallbackDispatcher;
import dev.tern.mqtt.netty.internal.session.OutgoingPublish;
import dev.tern.mqtt.netty.internal.session.PublishIntake;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.netty.internal.transport.SocketTransport;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link AsyncMqttClient} on Netty. Checks arguments on the caller's thread, hands each operation to the
 * {@link ClientCore} on the client's event loop, and relays the outcome to the callback executor.
 *
 * <p>Each operation has a "raw" variant whose future completes on the event loop; the blocking client waits on
 * those, so a blocking call made from a message handler never waits for the callback executor.
 */
public final class TernAsyncClient implements AsyncMqttClient {

    private static final Logger log = LoggerFactory.getLogger(TernAsyncClient.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MqttClientOptions options;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private static final VarHandle CLOSED;
    private static final VarHandle PUBLISHES;
    private static final VarHandle PENDING_REPLIES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(TernAsyncClient.class, "closed", boolean.class);
            PUBLISHES = lookup.findVarHandle(TernAsyncClient.class, "publishes", PublishIntake.class);
            PENDING_REPLIES = lookup.findVarHandle(TernAsyncClient.class, "pendingReplies", Map.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CallbackDispatcher dispatcher;
    private final ClientCore core;
    /*
     * Made on first use, set once by compare-and-set (any thread): a fleet holds thousands of clients that never
     * publish or never make a request, and these cost about 110 and 65 bytes each. The flag is a volatile field under
     * a VarHandle rather than an AtomicBoolean for the same reason (16 bytes).
     */
    private volatile PublishIntake publishes;
    private volatile boolean closed;

    // request/response (MQTT 5.0)
    private volatile Map<ByteBuffer, CompletableFuture<Publish>> pendingReplies;
    /** Event loop only: this client's one response topic, chosen on first use, and the SUBSCRIBE made for it. */
    private String responseTopic;
    private CompletableFuture<SubAck> responseSubscription;

    /**
     * Creates a client on {@code group}.
     *
     * @param ownsGroup whether {@link #close()} shuts the group down
     * @throws IllegalArgumentException if the group is neither NIO nor (when available) epoll
     */
    public TernAsyncClient(MqttClientOptions options, EventLoopGroup group, boolean ownsGroup) {
        this.options = Objects.requireNonNull(options, "options");
        this.group = group;
        this.ownsGroup = ownsGroup;
        io.netty.channel.EventLoop loop = group.next();
        if (!SocketTransport.supports(loop)) {
            throw new IllegalArgumentException("the event loop group must use NIO (NioIoHandler) or, with"
                    + " netty-transport-native-epoll on the class path, epoll (EpollIoHandler)");
        }
        this.dispatcher = new CallbackDispatcher(options.executor().orElse(null), loop);
        this.core = new ClientCore(options, loop, dispatcher);
    }

    private PublishIntake publishes() {
        PublishIntake intake = publishes;
        if (intake == null) {
            intake = new PublishIntake(core.loop(), core::publish);
            if (!PUBLISHES.compareAndSet(this, null, intake)) {
                intake = publishes; // another thread's first publish won: both use its intake, so order holds
            }
        }
        return intake;
    }

    private Map<ByteBuffer, CompletableFuture<Publish>> pendingReplies() {
        Map<ByteBuffer, CompletableFuture<Publish>> replies = pendingReplies;
        if (replies == null) {
            replies = new ConcurrentHashMap<>();
            if (!PENDING_REPLIES.compareAndSet(this, null, replies)) {
                replies = pendingReplies;
            }
        }
        return replies;
    }

    /** The core, for the blocking client and tests. */
    public ClientCore core() {
        return core;
    }

    /** The options this client was made with. */
    public MqttClientOptions options() {
        return options;
    }

    private <T> CompletableFuture<T> submit(CompletableFuture<T> raw, Runnable onLoop) {
        if (closed) {
            raw.completeExceptionally(new MqttClientStateException("the client was closed"));
            return raw;
        }
        core.execute(onLoop, () -> raw.completeExceptionally(new MqttClientStateException(
                "the client's event loop was shut down")));
        return raw;
    }

    // ---- raw operations: futures complete on the event loop --------------------------------------------------

    public CompletableFuture<ConnAck> connectRaw() {
        CompletableFuture<ConnAck> raw = new CompletableFuture<>();
        return submit(raw, () -> core.connect(raw));
    }

    public CompletableFuture<PublishResult> publishRaw(Publish message) {
        return publish(message, null);
    }

    /** Publishes; the future completes through {@code relay}, or on the event loop if it is null. */
    private CompletableFuture<PublishResult> publish(Publish message, Executor relay) {
        Objects.requireNonNull(message, "message");
        CompletableFuture<PublishResult> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new MqttClientStateException("the client was closed"));
            return future;
        }
        OutgoingPublish op = relay == null ? new OutgoingPublish(message, future)
                : new OutgoingPublish(message, future, relay);
        op.prepare(core.version()); // on this thread, so that the event loop has less to do per message
        publishes().submit(op);
        return future;
    }

    public CompletableFuture<SubAck> subscribeRaw(List<Subscription> subscriptions, Consumer<Publish> handler) {
        List<Subscription> subs = List.copyOf(subscriptions);
        if (subs.isEmpty()) {
            throw new IllegalArgumentException("subscribe needs at least one subscription");
        }
        CompletableFuture<SubAck> raw = new CompletableFuture<>();
        return submit(raw, () -> core.subscribe(subs, handler, raw));
    }

    public CompletableFuture<UnsubAck> unsubscribeRaw(List<String> topicFilters) {
        List<String> filters = List.copyOf(topicFilters);
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("unsubscribe needs at least one topic filter");
        }
        filters.forEach(dev.tern.mqtt.message.TopicFilter::validate);
        CompletableFuture<UnsubAck> raw = new CompletableFuture<>();
        return submit(raw, () -> core.unsubscribe(filters, raw));
    }

    public CompletableFuture<Void> disconnectRaw(DisconnectReasonCode reason) {
        CompletableFuture<Void> raw = new CompletableFuture<>();
        if (closed) {
            raw.complete(null);
            return raw;
        }
        core.execute(() -> core.disconnect(reason, raw), () -> raw.complete(null));
        return raw;
    }

    public CompletableFuture<Void> reauthenticateRaw() {
        CompletableFuture<Void> raw = new CompletableFuture<>();
        return submit(raw, () -> core.reauthenticate(raw));
    }

    public CompletableFuture<Publish> requestRaw(Publish request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<Publish> reply = new CompletableFuture<>();
        if (core.version() != MqttVersion.MQTT_5_0) {
            reply.completeExceptionally(new MqttClientStateException("request/response needs MQTT 5.0"));
            return reply;
        }
        byte[] correlation = new byte[16];
        RANDOM.nextBytes(correlation);
        ByteBuffer key = ByteBuffer.wrap(correlation);
        Map<ByteBuffer, CompletableFuture<Publish>> pendingReplies = pendingReplies();
        pendingReplies.put(key, reply);
        responseTopic().thenCompose(topic -> publishRaw(request.toBuilder()
                        .responseTopic(topic).correlationData(correlation).build()))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        pendingReplies.remove(key);
                        reply.completeExceptionally(CallbackDispatcher.unwrap(error));
                    }
                });
        core.loop().schedule(() -> {
            if (pendingReplies.remove(key) != null) {
                reply.completeExceptionally(new MqttTimeoutException("no reply to the request on "
                        + request.topic() + " within " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return reply;
    }

    /**
     * This client's response topic, subscribed to: one topic for the client's lifetime, subscribed once and kept
     * through reconnects and later connects (the session subscribes again by itself when the server lost it). It is
     * subscribed again only when the session no longer holds the subscription (the server lost it and
     * {@code resubscribeOnSessionLoss} is off, or it was refused) or the last attempt failed.
     */
    private CompletableFuture<String> responseTopic() {
        CompletableFuture<String> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new MqttClientStateException("the client was closed"));
            return result;
        }
        core.execute(() -> {
            if (responseTopic == null) {
                String id = core.clientId().isEmpty() ? Long.toHexString(RANDOM.nextLong()) : core.clientId();
                responseTopic = "tern/replies/" + id.replace('/', '_').replace('+', '_').replace('#', '_')
                        + "/" + Long.toHexString(RANDOM.nextLong());
            }
            String topic = responseTopic;
            CompletableFuture<SubAck> sub = responseSubscription;
            if (sub == null || sub.isCompletedExceptionally()
                    || (sub.isDone() && !core.session().hasActiveSubscription(topic))) {
                sub = new CompletableFuture<>();
                responseSubscription = sub;
                core.subscribe(List.of(Subscription.of(topic, Qos.AT_LEAST_ONCE)), this::onReply, sub);
            }
            sub.whenComplete((ack, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(topic);
                }
            });
        }, () -> result.completeExceptionally(new MqttClientStateException("the client's event loop was shut down")));
        return result;
    }

    private void onReply(Publish reply) {
        if (options.isManualAcknowledgement()) {
            core.acknowledge(reply); // the application never sees a reply as a message, so cannot acknowledge it
        }
        Map<ByteBuffer, CompletableFuture<Publish>> pendingReplies = pendingReplies();
        reply.correlationData().ifPresent(data -> {
            CompletableFuture<Publish> waiting = pendingReplies.remove(data);
            if (waiting != null) {
                waiting.complete(reply);
            } else {
                log.debug("reply on {} matches no pending request (late or duplicate)", reply.topic());
            }
        });
    }

    // ---- AsyncMqttClient -------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<ConnAck> connect() {
        return dispatcher.relay(connectRaw());
    }

    @Override
    public CompletableFuture<PublishResult> publish(Publish message) {
        // completed straight on the callback executor's completion lane, not relayed from an event-loop future
        return publish(message, dispatcher.completions());
    }

    @Override
    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions) {
        return dispatcher.relay(subscribeRaw(subscriptions, null));
    }

    @Override
    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, Consumer<Publish> handler) {
        Objects.requireNonNull(handler, "handler");
        return dispatcher.relay(subscribeRaw(subscriptions, handler));
    }

    @Override
    public CompletableFuture<UnsubAck> unsubscribe(List<String> topicFilters) {
        return dispatcher.relay(unsubscribeRaw(topicFilters));
    }

    @Override
    public void setMessageHandler(Consumer<Publish> handler) {
        core.setCatchAll(handler);
    }

    @Override
    public Flow.Publisher<Publish> messages() {
        return core.stream();
    }

    @Override
    public void acknowledge(Publish received) {
        if (!options.isManualAcknowledgement()) {
            throw new IllegalStateException("acknowledge() needs manualAcknowledgement(true) in the options");
        }
        core.acknowledge(received);
    }

    @Override
    public CompletableFuture<Publish> request(Publish request, Duration timeout) {
        return dispatcher.relay(requestRaw(request, timeout));
    }

    @Override
    public CompletableFuture<Publish> request(String topic, byte[] payload) {
        return request(Publish.builder().topic(topic).payload(payload).qos(Qos.AT_LEAST_ONCE).build(),
                options.ackTimeout());
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return dispatcher.relay(disconnectRaw(DisconnectReasonCode.NORMAL_DISCONNECTION));
    }

    @Override
    public CompletableFuture<Void> disconnectWithWill() {
        return dispatcher.relay(disconnectRaw(DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
    }

    @Override
    public CompletableFuture<Void> reauthenticate() {
        return dispatcher.relay(reauthenticateRaw());
    }

    @Override
    public ClientState state() {
        return core.state();
    }

    @Override
    public String clientId() {
        return core.clientId();
    }

    @Override
    public MqttVersion version() {
        return core.version();
    }

    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        core.execute(() -> core.close(done), () -> done.complete(null));
        boolean onLoop = core.loop().inEventLoop();
        if (!onLoop) {
            try {
                done.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("closing the connection did not finish in {} ms", CLOSE_WAIT_MILLIS, e);
            }
        }
        Map<ByteBuffer, CompletableFuture<Publish>> replies = pendingReplies;
        if (replies != null) {
            replies.values().forEach(f -> f.completeExceptionally(
                    new MqttClientStateException("the client was closed")));
            replies.clear();
        }
        dispatcher.shutdown(CLOSE_WAIT_MILLIS);
        if (ownsGroup) {
            io.netty.util.concurrent.Future<?> terminated = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (!onLoop) {
                terminated.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            }
        }
    }
}
