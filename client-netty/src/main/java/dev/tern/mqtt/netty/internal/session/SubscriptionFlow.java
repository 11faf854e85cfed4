package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;
import dev.tern.mqtt.spi.StoredSubscription;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The subscriptions of the session: SUBSCRIBE and UNSUBSCRIBE with their acknowledgements, the subscriptions the
 * server granted (restored when it lost the session), the handlers that receive their messages, and the requests made
 * while not connected. Every granted or removed subscription is written through to the store. Event loop only.
 */
final class SubscriptionFlow {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionFlow.class);
    private static final int MAX_SUBSCRIPTION_ID = 268_435_455;

    private final EventLoop loop;
    private final SessionListener listener;
    private final StoreWriter store;
    private final SessionSettings settings;
    private final PacketIdAllocator packetIds;

    // session state: survives a connection
    /**
     * Subscriptions the server granted, by topic filter, in the order first made: restored after a lost session.
     * Null until the first is granted (as {@link #requests} until the first request): a client that only publishes
     * carries neither map.
     */
    private LinkedHashMap<String, StoredSubscription> active;
    /** The handlers; null until the first is registered or a message looks for one (see {@link #registry()}). */
    private SubscriptionRegistry handlers;
    /**
     * SUBSCRIBE and UNSUBSCRIBE requests made while not connected, sent on the next connection; null until the first
     * (most clients subscribe, if at all, once connected).
     */
    private DeferredRequests deferred;
    private int nextSubscriptionId = 1;

    // connection state: reset by attach
    private Map<Integer, PendingRequest> requests;
    private Channel channel;
    private MqttVersion version = MqttVersion.MQTT_5_0;
    private ServerLimits limits = ServerLimits.NONE;

    SubscriptionFlow(EventLoop loop, SessionListener listener, StoreWriter store, SessionSettings settings,
            PacketIdAllocator packetIds) {
        this.loop = loop;
        this.listener = listener;
        this.store = store;
        this.settings = settings;
        this.packetIds = packetIds;
    }

    /** Takes over the subscriptions a session store holds. */
    void restore(List<StoredSubscription> stored) {
        for (StoredSubscription s : stored) {
            active().put(s.topicFilter(), s);
            if (s.subscriptionIdentifier() >= nextSubscriptionId && s.subscriptionIdentifier() < MAX_SUBSCRIPTION_ID) {
                nextSubscriptionId = s.subscriptionIdentifier() + 1;
            }
        }
    }

    /** The handlers of subscriptions, made on first use: a client that never subscribes with one needs none. */
    SubscriptionRegistry registry() {
        if (handlers == null) {
            handlers = new SubscriptionRegistry();
        }
        return handlers;
    }

    List<StoredSubscription> activeSubscriptions() {
        return active == null ? List.of() : List.copyOf(active.values());
    }

    boolean hasActiveSubscription(String topicFilter) {
        return active != null && active.containsKey(topicFilter);
    }

    int deferredCount() {
        return deferred == null ? 0 : deferred.size();
    }

    // ---- connection life cycle -------------------------------------------------------------------------------

    /** A connection the server accepted; nothing is sent yet. */
    void attach(Channel channel, MqttVersion version, ServerLimits limits) {
        this.channel = channel;
        this.version = version;
        this.limits = limits;
    }

    /** The server lost the session: subscribe again to what it had granted, or forget it (as the settings say). */
    void sessionLost() {
        if (settings.resubscribe()) {
            resubscribe();
        } else {
            forgetSubscriptions();
        }
    }

    /**
     * The server lost the session and the client does not subscribe again: the server holds none of the
     * subscriptions now. Their handlers stay registered, for the application to subscribe again.
     */
    private void forgetSubscriptions() {
        if (active == null || active.isEmpty()) {
            return;
        }
        log.info("the server lost the session: {} subscription(s) are gone (resubscribeOnSessionLoss is off)",
                active.size());
        for (String filter : new ArrayList<>(active.keySet())) {
            active.remove(filter);
            store.write(st -> st.removeSubscription(filter));
        }
    }

    /** Subscribes again to every active subscription, one SUBSCRIBE per subscription identifier. */
    private void resubscribe() {
        if (active == null || active.isEmpty()) {
            return;
        }
        boolean ids = version == MqttVersion.MQTT_5_0 && limits.subscriptionIdentifiersAvailable();
        Map<Integer, List<Subscription>> groups = new LinkedHashMap<>();
        for (StoredSubscription s : active.values()) {
            groups.computeIfAbsent(ids ? s.subscriptionIdentifier() : 0, k -> new ArrayList<>()).add(s.subscription());
        }
        log.info("the server lost the session: subscribing again to {} topic filter(s)", active.size());
        for (Map.Entry<Integer, List<Subscription>> g : groups.entrySet()) {
            int id = packetIds.allocate();
            if (id == 0) {
                log.warn("no packet identifier free to subscribe again to {}", g.getValue());
                continue;
            }
            CompletableFuture<SubAck> done = new CompletableFuture<>();
            List<Subscription> subs = g.getValue();
            done.whenComplete((ack, e) -> {
                if (e != null) {
                    log.warn("subscribing again to {} failed: {}", subs.stream().map(Subscription::topicFilter)
                            .toList(), e.getMessage());
                }
            });
            request(id, PendingRequest.subscribe(subs, g.getKey(), true, List.of(), done),
                    new SubscribePacket(id, subs.stream().map(s -> PacketMapper.subscription(s, version)).toList(),
                            g.getKey() == 0 ? null : g.getKey(), List.of()),
                    settings.ackTimeout(), "SUBACK", false);
        }
    }

    /** Sends the requests made while not connected, in order. */
    void sendDeferred() {
        if (deferred != null) {
            deferred.sendAll();
        }
    }

    /**
     * The connection ended. A SUBSCRIBE or UNSUBSCRIBE sent on it and not acknowledged waits for the next connection
     * and is sent again there, in the order sent, with a fresh acknowledgement timeout (both are idempotent, and
     * whether the server acted on it is unknown): failing it instead would remove the handler, and on a resumed
     * session the server may deliver messages for the filter before the application could subscribe again, which
     * the client would then acknowledge and drop. If no connection follows, {@link #failDeferred} fails them with
     * the cause of the loss. Automatic resubscriptions are not kept (the next session loss makes them again).
     */
    @SuppressWarnings("unchecked")
    void detach(MqttConnectionLostException cause) {
        channel = null;
        if (requests == null || requests.isEmpty()) {
            return;
        }
        List<Map.Entry<Integer, PendingRequest>> waiting = new ArrayList<>(requests.entrySet());
        requests.clear();
        for (Map.Entry<Integer, PendingRequest> e : waiting) {
            packetIds.release(e.getKey());
            PendingRequest r = e.getValue();
            if (r.timeout != null) {
                r.timeout.cancel(false);
            }
            if (r.subscribe) {
                r.rollback(registry(), -1);
            }
            if (r.future.isDone()) {
                continue; // timed out already
            }
            if (r.resubscribe) {
                r.future.completeExceptionally(cause);
            } else if (r.subscribe) {
                Consumer<Publish> handler = r.registrations.isEmpty() ? null : r.registrations.get(0).added().handler();
                subscribe(r.subscriptions, handler, (CompletableFuture<SubAck>) r.future, settings.ackTimeout());
            } else {
                unsubscribe(r.topicFilters, (CompletableFuture<UnsubAck>) r.future, settings.ackTimeout());
            }
        }
    }

    /** Fails every request that waits for a connection: none is coming. */
    void failDeferred(MqttException cause) {
        if (deferred != null) {
            deferred.failAll(cause);
        }
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE -----------------------------------------------------------------------------

    /**
     * Sends SUBSCRIBE, or, with no connection, keeps it for the next one (see {@link DeferredRequests}). With a
     * handler, the handler is registered just before SUBSCRIBE is sent (so retained messages reach it) and, if the
     * server supports them on MQTT 5.0, tagged with a fresh subscription identifier.
     */
    void subscribe(List<Subscription> subs, Consumer<Publish> handler, CompletableFuture<SubAck> future,
            Duration timeout) {
        if (channel == null) {
            deferred().add(timeout, future, "SUBACK for " + subs.stream().map(Subscription::topicFilter).toList(),
                    left -> subscribe(subs, handler, future, left));
            return;
        }
        int id = packetIds.allocate();
        if (id == 0) {
            future.completeExceptionally(new MqttException("all 65,535 packet identifiers are in use"));
            return;
        }
        int subscriptionId = 0;
        if (handler != null && version == MqttVersion.MQTT_5_0 && limits.subscriptionIdentifiersAvailable()) {
            subscriptionId = nextSubscriptionId;
            nextSubscriptionId = nextSubscriptionId == MAX_SUBSCRIPTION_ID ? 1 : nextSubscriptionId + 1;
        }
        List<SubscriptionRequest> wire = new ArrayList<>(subs.size());
        List<PendingRequest.Registration> registrations = new ArrayList<>();
        for (Subscription s : subs) {
            wire.add(PacketMapper.subscription(s, version));
            if (handler != null) {
                SubscriptionRegistry.Entry replaced = registry().put(s.topicFilter(), handler, subscriptionId);
                registrations.add(new PendingRequest.Registration(s.topicFilter(),
                        registry().get(s.topicFilter()), replaced));
            }
        }
        PendingRequest r = PendingRequest.subscribe(subs, subscriptionId, false, registrations, future);
        request(id, r, new SubscribePacket(id, wire, subscriptionId == 0 ? null : subscriptionId, List.of()),
                timeout, "SUBACK", true);
    }

    /**
     * Sends UNSUBSCRIBE, or, with no connection, keeps it for the next one (see {@link DeferredRequests}); the
     * handlers registered when it is sent are removed when the UNSUBACK confirms it (a handler of a SUBSCRIBE sent
     * after this one stays).
     */
    void unsubscribe(List<String> topicFilters, CompletableFuture<UnsubAck> future, Duration timeout) {
        if (channel == null) {
            deferred().add(timeout, future, "UNSUBACK for " + topicFilters,
                    left -> unsubscribe(topicFilters, future, left));
            return;
        }
        int id = packetIds.allocate();
        if (id == 0) {
            future.completeExceptionally(new MqttException("all 65,535 packet identifiers are in use"));
            return;
        }
        List<SubscriptionRegistry.Entry> entries = new ArrayList<>(topicFilters.size());
        for (String filter : topicFilters) {
            entries.add(registry().get(filter));
        }
        request(id, PendingRequest.unsubscribe(topicFilters, entries, future),
                new UnsubscribePacket(id, topicFilters, List.of()), timeout, "UNSUBACK", true);
    }

    private void request(int id, PendingRequest r, MqttPacket packet, Duration timeout, String ackName,
            boolean flushNow) {
        if (requests == null) {
            requests = new LinkedHashMap<>(); // in the order sent, which detach keeps
        }
        requests.put(id, r);
        r.timeout = loop.schedule(() -> {
            // the packet id stays taken until the acknowledgement or the end of the connection
            r.future.completeExceptionally(new MqttTimeoutException("no " + ackName + " within " + timeout
                    + " for " + r.topicFilters));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (flushNow) {
            send(packet);
        } else if (channel != null) {
            channel.write(packet, channel.voidPromise());
        }
    }

    @SuppressWarnings("unchecked")
    void onSubAck(SubAckPacket p) {
        PendingRequest r = takeRequest(p.packetId(), true);
        if (r == null) {
            return;
        }
        CompletableFuture<SubAck> future = (CompletableFuture<SubAck>) r.future;
        List<SubAckReasonCode> codes = p.reasonCodes();
        if (codes.size() != r.topicFilters.size()) {
            r.rollback(registry(), -1);
            listener.protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "SUBACK has " + codes.size()
                    + " reason codes for " + r.topicFilters.size() + " topic filters");
            future.completeExceptionally(new MqttProtocolException(DisconnectReasonCode.PROTOCOL_ERROR,
                    "SUBACK reason codes do not match the topic filters"));
            return;
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String filter = r.topicFilters.get(i);
            if (codes.get(i).isError()) {
                refused.add(filter + "=" + codes.get(i));
                r.rollback(registry(), i);
                if (r.resubscribe && active != null && active.remove(filter) != null) {
                    store.write(st -> st.removeSubscription(filter));
                }
            } else {
                StoredSubscription s = new StoredSubscription(r.subscriptions.get(i), r.subscriptionId);
                active().put(filter, s);
                store.write(st -> st.putSubscription(s));
            }
        }
        if (refused.isEmpty()) {
            future.complete(new SubAck(codes, p.reasonString(), p.userProperties()));
        } else {
            future.completeExceptionally(new MqttAckException("the server refused subscriptions " + refused
                    + reason(p.reasonString()), codes, p.reasonString(), null));
        }
    }

    @SuppressWarnings("unchecked")
    void onUnsubAck(UnsubAckPacket p) {
        PendingRequest r = takeRequest(p.packetId(), false);
        if (r == null) {
            return;
        }
        CompletableFuture<UnsubAck> future = (CompletableFuture<UnsubAck>) r.future;
        List<UnsubAckReasonCode> codes = p.reasonCodes().isEmpty() && version != MqttVersion.MQTT_5_0
                ? Collections.nCopies(r.topicFilters.size(), UnsubAckReasonCode.SUCCESS) : p.reasonCodes();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < r.topicFilters.size(); i++) {
            UnsubAckReasonCode code = i < codes.size() ? codes.get(i) : UnsubAckReasonCode.SUCCESS;
            String filter = r.topicFilters.get(i);
            if (code.isError()) {
                refused.add(filter + "=" + code);
            } else {
                SubscriptionRegistry.Entry entry = r.unsubscribed.get(i);
                if (entry != null) {
                    registry().remove(filter, entry);
                }
                if (active != null && active.remove(filter) != null) {
                    store.write(st -> st.removeSubscription(filter));
                }
            }
        }
        if (refused.isEmpty()) {
            future.complete(new UnsubAck(codes, p.reasonString(), p.userProperties()));
        } else {
            future.completeExceptionally(new MqttAckException("the server refused to unsubscribe " + refused
                    + reason(p.reasonString()), codes, p.reasonString(), null));
        }
    }

    private PendingRequest takeRequest(int packetId, boolean subscribe) {
        PendingRequest r = requests == null ? null : requests.get(packetId);
        if (r == null || r.subscribe != subscribe) {
            log.debug("{} for packet id {} that is not awaiting one; ignored", subscribe ? "SUBACK" : "UNSUBACK",
                    packetId);
            return null;
        }
        requests.remove(packetId);
        packetIds.release(packetId);
        r.timeout.cancel(false);
        return r;
    }

    private DeferredRequests deferred() {
        if (deferred == null) {
            deferred = new DeferredRequests(loop);
        }
        return deferred;
    }

    private LinkedHashMap<String, StoredSubscription> active() {
        if (active == null) {
            active = new LinkedHashMap<>();
        }
        return active;
    }

    private void send(MqttPacket packet) {
        if (channel != null) {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }

    private static String reason(String reasonString) {
        return reasonString == null ? "" : " (" + reasonString + ")";
    }
}
