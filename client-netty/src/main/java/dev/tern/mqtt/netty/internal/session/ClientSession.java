package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException.Reason;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.reason.PubCompReasonCode;
import dev.tern.mqtt.reason.PubRelReasonCode;
import dev.tern.mqtt.spi.InMemorySessionStore;
import dev.tern.mqtt.spi.SessionStore;
import dev.tern.mqtt.spi.StoredPublish;
import dev.tern.mqtt.spi.StoredSubscription;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The MQTT session as the client sees it: packet identifiers, outgoing QoS 1 and 2 messages and where each stands,
 * the queue of messages not sent yet (the offline buffer, and what waits for send quota), inbound QoS 2 packet
 * identifiers awaiting PUBREL ({@link InboundFlow}), and the subscriptions ({@link SubscriptionFlow}). Every change to
 * what must survive a reconnect is written through to the {@link SessionStore}.
 *
 * <p>It outlives a connection: {@link #attach} binds it to a new channel after CONNACK and {@link #activate} then
 * resends, resubscribes or republishes before anything new goes out; {@link #detach} unbinds it when the channel
 * closes, keeping outgoing messages for the next connection. Flow control: never more QoS 1 and 2 messages
 * unacknowledged than the server's Receive Maximum and the client's own cap for the protocol version (see
 * {@link SessionSettings#inFlightWindow}); the rest wait in order. A QoS 2 message is never sent again once PUBREL
 * went out.
 *
 * <p>Every method runs on the client's event loop only (the client pins all its channels to one loop).
 */
public final class ClientSession {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final EventLoop loop;
    private final SessionListener listener;
    private final StoreWriter store;
    private final SessionSettings settings;
    private final InboundFlow inbound;
    private final SubscriptionFlow subscriptions;

    // session state: survives a connection
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private final LinkedHashMap<Integer, OutgoingPublish> inFlight = new LinkedHashMap<>();
    private final PendingQueue pending = new PendingQueue();
    private long nextSequence = 1;
    private MqttConnectionLostException lastLoss;

    // connection state: reset by attach
    private Channel channel;
    private long connectionNumber;
    private MqttVersion version = MqttVersion.MQTT_5_0;
    private ServerLimits limits = ServerLimits.NONE;
    private ToIntFunction<MqttPacket> sizer = p -> 0;
    /** The most QoS 1 and 2 messages in flight on this connection: our cap and the server's Receive Maximum. */
    private int window = ServerLimits.NONE.receiveMaximum();
    private int sendQuota;
    private TopicAliases outboundAliases = new TopicAliases(0);
    private int peakInFlight;

    /** A session with an in-memory store and default settings (for tests). */
    public ClientSession(EventLoop loop, SessionListener listener) {
        this(loop, listener, new InMemorySessionStore(), SessionSettings.DEFAULTS);
    }

    /** A session that resumes whatever {@code store} holds and writes every change through to it. */
    public ClientSession(EventLoop loop, SessionListener listener, SessionStore store, SessionSettings settings) {
        this.loop = loop;
        this.listener = listener;
        this.store = new StoreWriter(store);
        this.settings = settings;
        this.inbound = new InboundFlow(loop, listener, this.store);
        this.subscriptions = new SubscriptionFlow(loop, listener, this.store, settings, packetIds);
        restore();
    }

    private void restore() {
        for (StoredPublish sp : store.store().outgoing()) {
            OutgoingPublish op = OutgoingPublish.restored(sp);
            nextSequence = Math.max(nextSequence, sp.sequence() + 1);
            op.future.whenComplete((r, e) -> log.info("message to {} restored from the session store {}",
                    op.message.topic(), e == null ? "was delivered" : "failed: " + e.getMessage()));
            if (op.stage != OutgoingPublish.Stage.QUEUED && !packetIds.reserve(op.packetId)) {
                log.warn("session store holds packet id {} twice; the message to {} is sent again as new",
                        op.packetId, op.message.topic());
                op.requeue();
            }
            if (op.stage == OutgoingPublish.Stage.QUEUED) {
                pending.add(op);
            } else {
                // resent with what was left of its expiry; never dropped once sent (the server may hold its id)
                Long left = op.remainingExpiry(System.currentTimeMillis());
                op.sentExpiry = left == null ? null : Math.max(1L, left);
                inFlight.put(op.packetId, op);
            }
        }
        subscriptions.restore(store.store().subscriptions());
        int granted = subscriptions.activeSubscriptions().size();
        if (!inFlight.isEmpty() || !pending.isEmpty() || granted > 0) {
            log.info("resumed from the session store: {} in flight, {} not sent yet, {} subscriptions",
                    inFlight.size(), pending.size(), granted);
        }
    }

    // ---- accessors -------------------------------------------------------------------------------------------

    /** The handlers of subscriptions. */
    public SubscriptionRegistry subscriptions() {
        return subscriptions.registry();
    }

    /** The subscriptions the server granted (for tests and diagnostics). */
    public List<StoredSubscription> activeSubscriptions() {
        return subscriptions.activeSubscriptions();
    }

    /** Whether the server granted a subscription to exactly this filter that the session still holds. */
    public boolean hasActiveSubscription(String topicFilter) {
        return subscriptions.hasActiveSubscription(topicFilter);
    }

    /** Packet identifiers in use (for tests and diagnostics). */
    public PacketIdAllocator packetIds() {
        return packetIds;
    }

    /** QoS 1 and 2 messages sent and not yet fully acknowledged. */
    public int inFlightCount() {
        return inFlight.size();
    }

    /** Messages not sent yet: in the offline buffer, or waiting for send quota. */
    public int queuedCount() {
        return pending.size();
    }

    /** The most QoS 1 and 2 messages that were in flight at once (for tests and diagnostics). */
    public int peakInFlight() {
        return peakInFlight;
    }

    /**
     * The most QoS 1 and 2 messages in flight on the current (or last) connection: the smaller of the client's cap
     * for its protocol version and the server's Receive Maximum.
     */
    public int inFlightWindow() {
        return window;
    }

    /** Whether a channel is attached. */
    public boolean isAttached() {
        return channel != null;
    }

    // ---- connection life cycle -------------------------------------------------------------------------------

    /**
     * Binds the session to a connection that the server accepted. Nothing is sent until {@link #activate}.
     *
     * @param sizer the encoded size of a packet in the negotiated version, for the maximum packet size check
     * @param receiveMaximum our receive maximum (what the server may have unacknowledged towards us)
     * @param topicAliasMaximum our topic alias maximum
     */
    public void attach(Channel channel, MqttVersion version, ServerLimits limits, ToIntFunction<MqttPacket> sizer,
            int receiveMaximum, int topicAliasMaximum) {
        this.channel = channel;
        this.connectionNumber++;
        this.version = version;
        this.limits = limits;
        this.window = settings.inFlightWindow(version, limits.receiveMaximum());
        this.sizer = sizer;
        inbound.attach(channel, version, receiveMaximum, topicAliasMaximum);
        subscriptions.attach(channel, version, limits);
        this.outboundAliases = new TopicAliases(version == MqttVersion.MQTT_5_0 ? limits.topicAliasMaximum() : 0);
    }

    /** As {@link #attach} followed by {@link #activate}. */
    public void attach(Channel channel, MqttVersion version, ServerLimits limits, boolean sessionPresent,
            ToIntFunction<MqttPacket> sizer, int receiveMaximum, int topicAliasMaximum) {
        attach(channel, version, limits, sizer, receiveMaximum, topicAliasMaximum);
        activate(sessionPresent);
    }

    /**
     * Brings the session up to date on a new connection, before any new message goes out: if the server kept the
     * session, every unacknowledged PUBLISH is sent again with DUP=1 and every PUBREL again, in their original order;
     * if it did not, the client forgets inbound QoS 2 state, subscribes again and republishes unacknowledged messages
     * as new (as the settings say). Then the SUBSCRIBE and UNSUBSCRIBE requests made while not connected go out, and
     * then the messages that waited, each in order.
     */
    public void activate(boolean sessionPresent) {
        inbound.activate(sessionPresent);
        if (sessionPresent) {
            for (OutgoingPublish op : inFlight.values()) {
                if (op.stage == OutgoingPublish.Stage.AWAITING_PUBCOMP) {
                    channel.write(PubRelPacket.of(op.packetId), channel.voidPromise());
                } else {
                    channel.write(outboundAliases.apply(op.packet(version, true)), channel.voidPromise());
                }
            }
            if (!inFlight.isEmpty()) {
                log.debug("session resumed: sent {} unacknowledged PUBLISH/PUBREL again", inFlight.size());
            }
            sendQuota = window - inFlight.size();
        } else {
            sessionLost();
            sendQuota = window;
            subscriptions.sessionLost();
        }
        subscriptions.sendDeferred();
        flush();
        channel.flush();
    }

    /** The server has no session for us: finish or requeue what was in flight on the old one. */
    private void sessionLost() {
        if (inFlight.isEmpty()) {
            return;
        }
        List<OutgoingPublish> again = new ArrayList<>();
        for (OutgoingPublish op : new ArrayList<>(inFlight.values())) {
            packetIds.release(op.packetId);
            if (op.stage == OutgoingPublish.Stage.AWAITING_PUBCOMP) {
                // the server acknowledged receipt with PUBREC; republishing could deliver it twice, and whether
                // it was forwarded before the session was lost is unknown
                fail(op, lost("the server lost the session after it acknowledged the QoS 2 message to "
                        + op.message.topic() + " with PUBREC; whether it was delivered is unknown"));
            } else if (settings.republish()) {
                op.requeue();
                again.add(op);
                store.write(st -> st.putOutgoing(op.stored()));
            } else {
                fail(op, lost("the server lost the session before acknowledging the message to "
                        + op.message.topic() + "; not republished (republishOnSessionLoss is off)"));
            }
        }
        inFlight.clear();
        pending.addAllFirst(again);
        if (!again.isEmpty()) {
            log.info("the server lost the session: republishing {} unacknowledged message(s) as new", again.size());
        }
    }

    private MqttConnectionLostException lost(String message) {
        MqttConnectionLostException cause = lastLoss;
        return new MqttConnectionLostException(message,
                cause == null ? MqttConnectionLostException.ClosedBy.NETWORK : cause.closedBy(),
                cause == null ? null : cause.reasonCode().orElse(null),
                cause == null ? null : cause.reasonString().orElse(null), cause);
    }

    /**
     * Unbinds the session from a closed connection. Pending SUBSCRIBE and UNSUBSCRIBE requests fail with
     * {@code cause}; outgoing messages stay for the next connection (see {@link #failInFlight} and
     * {@link #failPending} for when there will be none), and so does inbound QoS 2 state.
     */
    public void detach(MqttConnectionLostException cause) {
        channel = null;
        inbound.detach();
        lastLoss = cause;
        subscriptions.detach(cause);
    }

    /** Fails every QoS 1 and 2 message in flight, forgetting it: the session they belong to is gone. */
    public void failInFlight(MqttException cause) {
        List<OutgoingPublish> all = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (OutgoingPublish op : all) {
            packetIds.release(op.packetId);
            fail(op, cause);
        }
    }

    /** Fails every SUBSCRIBE and UNSUBSCRIBE that waits for a connection: none is coming. */
    public void failDeferredRequests(MqttException cause) {
        subscriptions.failDeferred(cause);
    }

    /** SUBSCRIBE and UNSUBSCRIBE requests waiting for a connection (for tests and diagnostics). */
    public int deferredRequestCount() {
        return subscriptions.deferredCount();
    }

    /** Fails every message not sent yet, forgetting it: no connection is coming to send it on. */
    public void failPending(MqttException cause) {
        for (OutgoingPublish op : pending.removeAll()) {
            fail(op, cause);
        }
    }

    /**
     * Fails every outgoing message's future, leaving the session store as it is (a durable store keeps them for the
     * next process); used when the client closes.
     */
    public void abandon(MqttException cause) {
        List<OutgoingPublish> all = new ArrayList<>(inFlight.values());
        all.addAll(pending.removeAll());
        inFlight.clear();
        for (OutgoingPublish op : all) {
            op.future.completeExceptionally(cause);
        }
        subscriptions.failDeferred(cause);
    }

    // ---- outgoing PUBLISH ------------------------------------------------------------------------------------

    /**
     * Sends a message, or queues it: behind the in-flight window while connected, in the offline buffer while not.
     * Both are the same queue, bounded by the offline buffer's limits and overflow policy; a message that can go out
     * at once never counts against them. The future completes as described in the API.
     */
    public void publish(OutgoingPublish op) {
        op.sequence = nextSequence++;
        if (channel == null) {
            buffer(op);
            return;
        }
        MqttException invalid = check(op.message);
        if (invalid != null) {
            op.future.completeExceptionally(invalid);
            return;
        }
        op.checkedOn = connectionNumber;
        if (!pending.isEmpty() || !canSendAtOnce(op)) {
            if (!makeRoom(op, "waiting for the in-flight window (at most " + window + " unacknowledged)")) {
                return;
            }
        }
        pending.add(op);
        flush();
        if (pending.peekLast() == op) {
            store.write(st -> st.putOutgoing(op.stored()));
        }
    }

    /** Whether a message would go out now, were nothing waiting before it. */
    private boolean canSendAtOnce(OutgoingPublish op) {
        return op.message.qos() == Qos.AT_MOST_ONCE
                || (sendQuota > 0 && packetIds.inUse() < PacketIdAllocator.MAX_ID);
    }

    private void buffer(OutgoingPublish op) {
        Publish m = op.message;
        if (m.qos() == Qos.AT_MOST_ONCE && !settings.bufferQos0()) {
            op.future.completeExceptionally(new MqttMessageDroppedException("QoS 0 message to " + m.topic()
                    + " published while not connected, and QoS 0 buffering is off", Reason.QOS0_NOT_BUFFERED));
            return;
        }
        if (makeRoom(op, "offline")) {
            pending.add(op);
            store.write(st -> st.putOutgoing(op.stored()));
        }
    }

    /**
     * Makes room in the queue of messages not sent yet for {@code op} as the overflow policy says, failing the
     * messages it drops; returns false (having failed {@code op}) if {@code op} is rejected.
     */
    private boolean makeRoom(OutgoingPublish op, String why) {
        List<OutgoingPublish> dropped = pending.makeRoom(op.bytes, settings.offlineMaxMessages(),
                settings.offlineMaxBytes(), settings.overflow());
        if (dropped == null) {
            op.future.completeExceptionally(new MqttMessageDroppedException("the queue of messages not sent yet ("
                    + why + ") is full: " + pending.size() + " messages, " + pending.bytes() + " bytes; at most "
                    + settings.offlineMaxMessages() + " and " + settings.offlineMaxBytes()
                    + " (offlineBuffer): the message to " + op.message.topic() + " was rejected",
                    Reason.BUFFER_FULL_REJECTED));
            return false;
        }
        for (OutgoingPublish d : dropped) {
            boolean oldest = settings.overflow() == BufferOverflowPolicy.DROP_OLDEST;
            fail(d, new MqttMessageDroppedException("the queue of messages not sent yet (" + why + ") was full:"
                    + " the " + (oldest ? "oldest" : "newest") + " waiting message, to " + d.message.topic()
                    + ", was dropped to make room",
                    oldest ? Reason.BUFFER_FULL_DROPPED_OLDEST : Reason.BUFFER_FULL_DROPPED_NEWEST));
        }
        return true;
    }

    /** Why the current connection cannot carry this message, or null if it can. */
    private MqttException check(Publish m) {
        if (m.qos().code() > limits.maximumQos().code()) {
            return new MqttException("QoS " + m.qos().code() + " exceeds the server's maximum QoS "
                    + limits.maximumQos().code() + " for " + m.topic());
        }
        if (m.isRetain() && !limits.retainAvailable()) {
            return new MqttException("the server does not support retained messages; not sent: " + m.topic());
        }
        PublishPacket probe = PacketMapper.publish(m, m.qos() == Qos.AT_MOST_ONCE ? 0 : 1, version);
        long size;
        try {
            size = sizer.applyAsInt(probe);
        } catch (IllegalArgumentException e) {
            return new MqttException("message to " + m.topic() + " cannot be encoded: " + e.getMessage(), e);
        }
        if (size > limits.maximumPacketSize()) {
            return new MqttException("message to " + m.topic() + " is " + size + " bytes encoded, more than the"
                    + " server's maximum packet size of " + limits.maximumPacketSize()
                    + " bytes; not sent, the connection stays up");
        }
        return null;
    }

    /**
     * Sends waiting messages in order while the server's receive maximum and the packet identifiers allow: expired
     * ones are dropped, the others go out with what is left of their expiry interval.
     */
    private void flush() {
        if (channel == null) {
            return;
        }
        boolean wrote = false;
        long now = System.currentTimeMillis();
        while (!pending.isEmpty()) {
            OutgoingPublish op = pending.peek();
            Long remaining = op.remainingExpiry(now);
            if (remaining != null && remaining < 0) {
                pending.poll();
                fail(op, new MqttMessageDroppedException("the message to " + op.message.topic() + " expired ("
                        + op.message.messageExpiryInterval().getAsLong() + " s) before it could be sent",
                        Reason.EXPIRED));
                continue;
            }
            if (op.checkedOn != connectionNumber) {
                MqttException invalid = check(op.message);
                if (invalid != null) {
                    pending.poll();
                    fail(op, invalid);
                    continue;
                }
                op.checkedOn = connectionNumber;
            }
            if (op.message.qos() == Qos.AT_MOST_ONCE) {
                pending.poll();
                sendQos0(op, remaining);
                wrote = true;
                continue;
            }
            if (sendQuota <= 0) {
                break;
            }
            int id = packetIds.allocate();
            if (id == 0) {
                break;
            }
            pending.poll();
            op.packetId = id;
            op.sentExpiry = remaining;
            op.stage = op.message.qos() == Qos.AT_LEAST_ONCE
                    ? OutgoingPublish.Stage.AWAITING_PUBACK : OutgoingPublish.Stage.AWAITING_PUBREC;
            inFlight.put(id, op);
            peakInFlight = Math.max(peakInFlight, inFlight.size());
            sendQuota--;
            store.write(st -> st.putOutgoing(op.stored()));
            channel.write(outboundAliases.apply(op.packet(version, false)), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void sendQos0(OutgoingPublish op, Long remainingExpiry) {
        op.sentExpiry = remainingExpiry;
        Publish m = op.message;
        store.write(st -> st.removeOutgoing(op.sequence));
        channel.write(outboundAliases.apply(op.packet(version, false))).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                op.future.complete(new PublishResult(m, null, null, List.of()));
            } else {
                op.future.completeExceptionally(new MqttException("QoS 0 message to " + m.topic()
                        + " could not be written", f.cause()));
            }
        });
    }

    /** Fails a message that leaves the session for good, and forgets it in the store. */
    private void fail(OutgoingPublish op, MqttException cause) {
        store.write(st -> st.removeOutgoing(op.sequence));
        op.future.completeExceptionally(cause);
    }

    private void finish(int packetId, OutgoingPublish op) {
        inFlight.remove(packetId);
        packetIds.release(packetId);
        sendQuota++;
        store.write(st -> st.removeOutgoing(op.sequence));
    }

    /** PUBACK: ends a QoS 1 exchange. */
    public void onPubAck(PubAckPacket p) {
        OutgoingPublish op = inFlight.get(p.packetId());
        if (op == null || op.stage != OutgoingPublish.Stage.AWAITING_PUBACK) {
            log.debug("PUBACK for packet id {} that is not awaiting one; ignored", p.packetId());
            return;
        }
        finish(p.packetId(), op);
        if (p.reasonCode().isError()) {
            op.future.completeExceptionally(new MqttAckException(String.format(
                    "the server refused the message to %s: PUBACK 0x%02X %s%s", op.message.topic(),
                    p.reasonCode().code(), p.reasonCode(), reason(p.reasonString())),
                    List.of(p.reasonCode()), p.reasonString(), null));
        } else {
            op.future.complete(new PublishResult(op.message, p.reasonCode(), p.reasonString(), p.userProperties()));
        }
        flush();
    }

    /** PUBREC: the server has the QoS 2 message; answer with PUBREL (or end the exchange on an error code). */
    public void onPubRec(PubRecPacket p) {
        OutgoingPublish op = inFlight.get(p.packetId());
        if (op == null || op.stage == OutgoingPublish.Stage.AWAITING_PUBACK) {
            log.debug("PUBREC for packet id {} that is not awaiting one; answering PUBREL not found", p.packetId());
            send(new PubRelPacket(p.packetId(), version == MqttVersion.MQTT_5_0
                    ? PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND : PubRelReasonCode.SUCCESS, null, List.of()));
            return;
        }
        if (op.stage == OutgoingPublish.Stage.AWAITING_PUBCOMP) {
            send(PubRelPacket.of(p.packetId())); // a duplicate PUBREC: repeat PUBREL, never the PUBLISH
            return;
        }
        if (p.reasonCode().isError()) {
            finish(p.packetId(), op);
            op.future.completeExceptionally(new MqttAckException(String.format(
                    "the server refused the message to %s: PUBREC 0x%02X %s%s", op.message.topic(),
                    p.reasonCode().code(), p.reasonCode(), reason(p.reasonString())),
                    List.of(p.reasonCode()), p.reasonString(), null));
            flush();
            return;
        }
        op.stage = OutgoingPublish.Stage.AWAITING_PUBCOMP; // the PUBLISH is never sent again after PUBREL
        op.pubRecCode = p.reasonCode();
        op.pubRecReasonString = p.reasonString();
        store.write(st -> st.putOutgoing(op.stored()));
        send(PubRelPacket.of(p.packetId()));
    }

    /** PUBCOMP: ends a QoS 2 exchange. */
    public void onPubComp(PubCompPacket p) {
        OutgoingPublish op = inFlight.get(p.packetId());
        if (op == null || op.stage != OutgoingPublish.Stage.AWAITING_PUBCOMP) {
            log.debug("PUBCOMP for packet id {} that is not awaiting one; ignored", p.packetId());
            return;
        }
        finish(p.packetId(), op);
        if (p.reasonCode() != PubCompReasonCode.SUCCESS) {
            log.warn("PUBCOMP for {} has reason {}; the server had lost the exchange", op.message.topic(),
                    p.reasonCode());
        }
        op.future.complete(new PublishResult(op.message, op.pubRecCode, op.pubRecReasonString, List.of()));
        flush();
    }

    // ---- incoming PUBLISH ------------------------------------------------------------------------------------

    /** A PUBLISH from the server: see {@link InboundFlow}. */
    public void onPublish(PublishPacket p) {
        inbound.onPublish(p);
    }

    /** PUBREL: release an inbound QoS 2 packet identifier and answer PUBCOMP. */
    public void onPubRel(PubRelPacket p) {
        inbound.onPubRel(p);
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE: see SubscriptionFlow -------------------------------------------------------

    /**
     * Sends SUBSCRIBE, or, with no connection, keeps it for the next one. With a handler, the handler is registered
     * just before SUBSCRIBE is sent (so retained messages reach it).
     */
    public void subscribe(List<Subscription> subs, Consumer<Publish> handler, CompletableFuture<SubAck> future,
            Duration timeout) {
        subscriptions.subscribe(subs, handler, future, timeout);
    }

    /**
     * Sends UNSUBSCRIBE, or, with no connection, keeps it for the next one; the handlers registered when it is sent
     * are removed when the UNSUBACK confirms it.
     */
    public void unsubscribe(List<String> topicFilters, CompletableFuture<UnsubAck> future, Duration timeout) {
        subscriptions.unsubscribe(topicFilters, future, timeout);
    }

    public void onSubAck(SubAckPacket p) {
        subscriptions.onSubAck(p);
    }

    public void onUnsubAck(UnsubAckPacket p) {
        subscriptions.onUnsubAck(p);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void send(MqttPacket packet) {
        if (channel != null) {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }

    private static String reason(String reasonString) {
        return reasonString == null ? "" : " (" + reasonString + ")";
    }
}
