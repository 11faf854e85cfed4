package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.Publish;
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
import dev.tern.mqtt.spi.InMemorySessionStore;
import dev.tern.mqtt.spi.SessionStore;
import dev.tern.mqtt.spi.StoredSubscription;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The MQTT session as the client sees it, in three flows that share its packet identifiers and its store:
 * {@link OutgoingFlow} (outgoing QoS 1 and 2 messages and where each stands, and the queue of messages not sent yet),
 * {@link InboundFlow} (incoming messages, inbound QoS 2 packet identifiers awaiting PUBREL) and
 * {@link SubscriptionFlow} (active subscriptions, their handlers, SUBSCRIBE and UNSUBSCRIBE requests). Every change to
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

    private final StoreWriter store;
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private final OutgoingFlow outgoing;
    private final InboundFlow inbound;
    private final SubscriptionFlow subscriptions;
    private Channel channel;

    /** A session with an in-memory store and default settings (for tests). */
    public ClientSession(EventLoop loop, SessionListener listener) {
        this(loop, listener, new InMemorySessionStore(), SessionSettings.DEFAULTS);
    }

    /**
     * A session that resumes whatever {@code store} holds and writes every change through to it; with a null store
     * the session lives in memory only.
     */
    public ClientSession(EventLoop loop, SessionListener listener, SessionStore store, SessionSettings settings) {
        this.store = new StoreWriter(store);
        this.outgoing = new OutgoingFlow(this.store, settings, packetIds);
        this.inbound = new InboundFlow(loop, listener, this.store);
        this.subscriptions = new SubscriptionFlow(loop, listener, this.store, settings, packetIds);
        restore();
    }

    private void restore() {
        outgoing.restore(store.store().outgoing());
        subscriptions.restore(store.store().subscriptions());
        if (outgoing.inFlightCount() > 0 || outgoing.queuedCount() > 0
                || !subscriptions.activeSubscriptions().isEmpty()) {
            log.info("resumed from the session store: {} in flight, {} not sent yet, {} subscriptions",
                    outgoing.inFlightCount(), outgoing.queuedCount(), subscriptions.activeSubscriptions().size());
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
        return outgoing.inFlightCount();
    }

    /** Messages not sent yet: in the offline buffer, or waiting for send quota. */
    public int queuedCount() {
        return outgoing.queuedCount();
    }

    /** The most QoS 1 and 2 messages that were in flight at once (for tests and diagnostics). */
    public int peakInFlight() {
        return outgoing.peakInFlight();
    }

    /**
     * The most QoS 1 and 2 messages in flight on the current (or last) connection: the smaller of the client's cap
     * for its protocol version and the server's Receive Maximum.
     */
    public int inFlightWindow() {
        return outgoing.window();
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
        outgoing.attach(channel, version, limits, sizer);
        inbound.attach(channel, version, receiveMaximum, topicAliasMaximum);
        subscriptions.attach(channel, version, limits);
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
            outgoing.resume();
        } else {
            outgoing.sessionLost();
            subscriptions.sessionLost();
        }
        subscriptions.sendDeferred();
        outgoing.flush();
        channel.flush();
    }

    /**
     * Unbinds the session from a closed connection. Unacknowledged SUBSCRIBE and UNSUBSCRIBE requests and outgoing
     * messages stay for the next connection (see {@link #failDeferredRequests}, {@link #failInFlight} and
     * {@link #failPending} for when there will be none; {@code cause} is what later failures report), and so does
     * inbound QoS 2 state.
     */
    public void detach(MqttConnectionLostException cause) {
        channel = null;
        inbound.detach();
        outgoing.detach(cause);
        subscriptions.detach(cause);
    }

    /** Fails every QoS 1 and 2 message in flight, forgetting it: the session they belong to is gone. */
    public void failInFlight(MqttException cause) {
        outgoing.failInFlight(cause);
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
        outgoing.failPending(cause);
    }

    /**
     * Fails every outgoing message's future, leaving the session store as it is (a durable store keeps them for the
     * next process); used when the client closes.
     */
    public void abandon(MqttException cause) {
        outgoing.abandon(cause);
        subscriptions.failDeferred(cause);
    }

    // ---- outgoing PUBLISH: see OutgoingFlow ------------------------------------------------------------------

    /**
     * Sends a message, or queues it: behind the in-flight window while connected, in the offline buffer while not.
     * Both are the same queue, bounded by the offline buffer's limits and overflow policy; a message that can go out
     * at once never counts against them. The future completes as described in the API.
     */
    public void publish(OutgoingPublish op) {
        outgoing.publish(op);
    }

    /** PUBACK: ends a QoS 1 exchange. */
    public void onPubAck(PubAckPacket p) {
        outgoing.onPubAck(p);
    }

    /** PUBREC: the server has the QoS 2 message; answer with PUBREL (or end the exchange on an error code). */
    public void onPubRec(PubRecPacket p) {
        outgoing.onPubRec(p);
    }

    /** PUBCOMP: ends a QoS 2 exchange. */
    public void onPubComp(PubCompPacket p) {
        outgoing.onPubComp(p);
    }

    // ---- incoming PUBLISH: see InboundFlow -------------------------------------------------------------------

    /** A PUBLISH from the server. */
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
}
