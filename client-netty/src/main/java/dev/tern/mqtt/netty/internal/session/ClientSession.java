package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
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
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubCompReasonCode;
import dev.tern.mqtt.reason.PubRelReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The MQTT session as the client sees it: packet identifiers, outgoing QoS 1 and 2 messages and where each stands,
 * the queue of messages waiting for send quota, inbound QoS 2 packet identifiers awaiting PUBREL, pending SUBSCRIBE
 * and UNSUBSCRIBE requests, and the handlers of subscriptions.
 *
 * <p>It outlives a connection: {@link #attach} binds it to a new channel after CONNACK, {@link #detach} unbinds it
 * when the channel closes. Flow control: never more QoS 1 and 2 messages unacknowledged than the server's Receive
 * Maximum; the rest wait in order. A QoS 2 message is never sent again once PUBREL went out.
 *
 * <p>Every method runs on the client's event loop only (the client pins all its channels to one loop).
 */
public final class ClientSession {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final int MAX_SUBSCRIPTION_ID = 268_435_455;

    private final EventLoop loop;
    private final SessionListener listener;

    // session state: survives a connection
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private final LinkedHashMap<Integer, OutgoingPublish> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<OutgoingPublish> queued = new ArrayDeque<>();
    /** Inbound QoS 2 packet ids not yet released by PUBREL; the value says whether PUBREC was sent. */
    private final Map<Integer, Boolean> inboundQos2 = new HashMap<>();
    private final Map<Integer, PendingRequest> requests = new HashMap<>();
    private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
    private int nextSubscriptionId = 1;

    // connection state: reset by attach
    private Channel channel;
    private MqttVersion version = MqttVersion.MQTT_5_0;
    private ServerLimits limits = ServerLimits.NONE;
    private ToIntFunction<MqttPacket> sizer = p -> 0;
    private int sendQuota;
    private int receiveMaximum = 65_535;
    private int topicAliasMaximum;
    private int inboundUnacked;
    private final Map<Integer, String> inboundAliases = new HashMap<>();
    private TopicAliases outboundAliases = new TopicAliases(0);
    private int peakInFlight;

    public ClientSession(EventLoop loop, SessionListener listener) {
        this.loop = loop;
        this.listener = listener;
    }

    /** The handlers of subscriptions. */
    public SubscriptionRegistry subscriptions() {
        return subscriptions;
    }

    /** Packet identifiers in use (for tests and diagnostics). */
    public PacketIdAllocator packetIds() {
        return packetIds;
    }

    /** QoS 1 and 2 messages sent and not yet fully acknowledged. */
    public int inFlightCount() {
        return inFlight.size();
    }

    /** QoS 1 and 2 messages waiting for send quota. */
    public int queuedCount() {
        return queued.size();
    }

    /** The most QoS 1 and 2 messages that were in flight at once (for tests and diagnostics). */
    public int peakInFlight() {
        return peakInFlight;
    }

    /** Whether a channel is attached. */
    public boolean isAttached() {
        return channel != null;
    }

    /**
     * Binds the session to a connection that the server accepted.
     *
     * @param sessionPresent from CONNACK; if false, inbound QoS 2 state of an earlier connection is discarded
     * @param sizer the encoded size of a packet in the negotiated version, for the maximum packet size check
     * @param receiveMaximum our receive maximum (what the server may have unacknowledged towards us)
     * @param topicAliasMaximum our topic alias maximum
     */
    public void attach(Channel channel, MqttVersion version, ServerLimits limits, boolean sessionPresent,
            ToIntFunction<MqttPacket> sizer, int receiveMaximum, int topicAliasMaximum) {
        this.channel = channel;
        this.version = version;
        this.limits = limits;
        this.sizer = sizer;
        this.sendQuota = limits.receiveMaximum();
        this.receiveMaximum = receiveMaximum;
        this.topicAliasMaximum = topicAliasMaximum;
        this.inboundAliases.clear();
        this.outboundAliases = new TopicAliases(version == MqttVersion.MQTT_5_0 ? limits.topicAliasMaximum() : 0);
        if (!sessionPresent) {
            inboundQos2.clear();
        }
        this.inboundUnacked = inboundQos2.size();
    }

    /**
     * Unbinds the session from a closed connection. Outgoing messages, queued or in flight, and pending requests fail
     * with {@code cause} (resending them in the next connection comes with automatic reconnect); inbound QoS 2 state
     * is kept for a session the server may resume.
     */
    public void detach(MqttException cause) {
        channel = null;
        List<OutgoingPublish> failed = new ArrayList<>(inFlight.values());
        failed.addAll(queued);
        inFlight.clear();
        queued.clear();
        for (OutgoingPublish op : failed) {
            packetIds.release(op.packetId());
            op.future.completeExceptionally(cause);
        }
        List<Map.Entry<Integer, PendingRequest>> pending = new ArrayList<>(requests.entrySet());
        requests.clear();
        for (Map.Entry<Integer, PendingRequest> e : pending) {
            packetIds.release(e.getKey());
            PendingRequest r = e.getValue();
            if (r.timeout != null) {
                r.timeout.cancel(false);
            }
            if (r.subscribe) {
                r.rollback(subscriptions, -1);
            }
            r.future.completeExceptionally(cause);
        }
    }

    // ---- outgoing PUBLISH ------------------------------------------------------------------------------------

    /** Sends a message, or queues it until send quota frees up. The future completes as described in the API. */
    public void publish(OutgoingPublish op) {
        Publish m = op.message;
        if (m.qos().code() > limits.maximumQos().code()) {
            op.future.completeExceptionally(new MqttException("QoS " + m.qos().code()
                    + " exceeds the server's maximum QoS " + limits.maximumQos().code() + " for " + m.topic()));
            return;
        }
        if (m.isRetain() && !limits.retainAvailable()) {
            op.future.completeExceptionally(new MqttException(
                    "the server does not support retained messages; not sent: " + m.topic()));
            return;
        }
        int probeId = m.qos() == Qos.AT_MOST_ONCE ? 0 : 1;
        PublishPacket probe = PacketMapper.publish(m, probeId, version);
        long size;
        try {
            size = sizer.applyAsInt(probe);
        } catch (IllegalArgumentException e) {
            op.future.completeExceptionally(new MqttException("message to " + m.topic() + " cannot be encoded: "
                    + e.getMessage(), e));
            return;
        }
        if (size > limits.maximumPacketSize()) {
            op.future.completeExceptionally(new MqttException("message to " + m.topic() + " is " + size
                    + " bytes encoded, more than the server's maximum packet size of " + limits.maximumPacketSize()
                    + " bytes; not sent, the connection stays up"));
            return;
        }
        if (m.qos() == Qos.AT_MOST_ONCE) {
            channel.writeAndFlush(outboundAliases.apply(probe)).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    op.future.complete(new PublishResult(m, null, null, List.of()));
                } else {
                    op.future.completeExceptionally(new MqttException("QoS 0 message to " + m.topic()
                            + " could not be written", f.cause()));
                }
            });
            return;
        }
        queued.add(op);
        flush();
    }

    /** Sends queued messages while the server's receive maximum and the packet identifiers allow. */
    private void flush() {
        if (channel == null) {
            return;
        }
        boolean wrote = false;
        while (sendQuota > 0 && !queued.isEmpty()) {
            int id = packetIds.allocate();
            if (id == 0) {
                break;
            }
            OutgoingPublish op = queued.poll();
            op.packet = PacketMapper.publish(op.message, id, version);
            op.stage = op.message.qos() == Qos.AT_LEAST_ONCE
                    ? OutgoingPublish.Stage.AWAITING_PUBACK : OutgoingPublish.Stage.AWAITING_PUBREC;
            inFlight.put(id, op);
            peakInFlight = Math.max(peakInFlight, inFlight.size());
            sendQuota--;
            channel.write(outboundAliases.apply(op.packet), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void finish(int packetId) {
        inFlight.remove(packetId);
        packetIds.release(packetId);
        sendQuota++;
    }

    /** PUBACK: ends a QoS 1 exchange. */
    public void onPubAck(PubAckPacket p) {
        OutgoingPublish op = inFlight.get(p.packetId());
        if (op == null || op.stage != OutgoingPublish.Stage.AWAITING_PUBACK) {
            log.debug("PUBACK for packet id {} that is not awaiting one; ignored", p.packetId());
            return;
        }
        finish(p.packetId());
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
            finish(p.packetId());
            op.future.completeExceptionally(new MqttAckException(String.format(
                    "the server refused the message to %s: PUBREC 0x%02X %s%s", op.message.topic(),
                    p.reasonCode().code(), p.reasonCode(), reason(p.reasonString())),
                    List.of(p.reasonCode()), p.reasonString(), null));
            flush();
            return;
        }
        op.stage = OutgoingPublish.Stage.AWAITING_PUBCOMP;
        op.pubRecCode = p.reasonCode();
        op.pubRecReasonString = p.reasonString();
        op.packet = null; // the PUBLISH is never sent again after PUBREL
        send(PubRelPacket.of(p.packetId()));
    }

    /** PUBCOMP: ends a QoS 2 exchange. */
    public void onPubComp(PubCompPacket p) {
        OutgoingPublish op = inFlight.get(p.packetId());
        if (op == null || op.stage != OutgoingPublish.Stage.AWAITING_PUBCOMP) {
            log.debug("PUBCOMP for packet id {} that is not awaiting one; ignored", p.packetId());
            return;
        }
        finish(p.packetId());
        if (p.reasonCode() != PubCompReasonCode.SUCCESS) {
            log.warn("PUBCOMP for {} has reason {}; the server had lost the exchange", op.message.topic(),
                    p.reasonCode());
        }
        op.future.complete(new PublishResult(op.message, op.pubRecCode, op.pubRecReasonString, List.of()));
        flush();
    }

    // ---- incoming PUBLISH ------------------------------------------------------------------------------------

    /** A PUBLISH from the server: resolve its topic alias, enforce our receive maximum, deliver exactly once. */
    public void onPublish(PublishPacket p) {
        String topic = p.topic();
        Integer alias = p.topicAlias();
        if (alias != null) {
            if (alias == 0 || alias > topicAliasMaximum) {
                listener.protocolError(DisconnectReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias
                        + " is outside 1.." + topicAliasMaximum + " (our topic alias maximum)");
                return;
            }
            if (topic.isEmpty()) {
                topic = inboundAliases.get(alias);
                if (topic == null) {
                    listener.protocolError(DisconnectReasonCode.TOPIC_ALIAS_INVALID,
                            "PUBLISH uses topic alias " + alias + ", which the server never defined");
                    return;
                }
            } else {
                inboundAliases.put(alias, topic);
            }
        } else if (topic.isEmpty()) {
            listener.protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "PUBLISH with neither topic nor alias");
            return;
        }
        Publish message;
        try {
            message = PacketMapper.message(p, topic);
        } catch (IllegalArgumentException e) {
            listener.protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "invalid PUBLISH: " + e.getMessage());
            return;
        }
        int id = p.packetId();
        Channel receivedOn = channel;
        switch (p.qos()) {
            case AT_MOST_ONCE:
                listener.deliver(message, null);
                break;
            case AT_LEAST_ONCE:
                if (!countInbound()) {
                    return;
                }
                listener.deliver(message, onLoop(() -> {
                    if (channel == receivedOn && channel != null) {
                        inboundUnacked--;
                        send(PubAckPacket.of(id));
                    }
                }));
                break;
            case EXACTLY_ONCE:
                Boolean pubRecSent = inboundQos2.get(id);
                if (pubRecSent != null) {
                    // the server resent a message we already have: never deliver it twice
                    if (pubRecSent) {
                        send(PubRecPacket.of(id));
                    }
                    return;
                }
                if (!countInbound()) {
                    return;
                }
                inboundQos2.put(id, Boolean.FALSE);
                listener.deliver(message, onLoop(() -> {
                    if (inboundQos2.containsKey(id)) {
                        inboundQos2.put(id, Boolean.TRUE);
                        if (channel != null) {
                            send(PubRecPacket.of(id));
                        }
                    }
                }));
                break;
            default:
                throw new IllegalStateException();
        }
    }

    private boolean countInbound() {
        if (++inboundUnacked > receiveMaximum) {
            listener.protocolError(DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "the server sent more than "
                    + receiveMaximum + " unacknowledged QoS 1 and 2 messages (our receive maximum)");
            return false;
        }
        return true;
    }

    /** PUBREL: release an inbound QoS 2 packet identifier and answer PUBCOMP. */
    public void onPubRel(PubRelPacket p) {
        Boolean known = inboundQos2.remove(p.packetId());
        if (known != null) {
            inboundUnacked--;
            send(PubCompPacket.of(p.packetId()));
        } else {
            send(new PubCompPacket(p.packetId(), version == MqttVersion.MQTT_5_0
                    ? PubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND : PubCompReasonCode.SUCCESS, null, List.of()));
        }
    }

    /** A runnable, safe to call from any thread once, that runs {@code action} on the event loop. */
    private Runnable onLoop(Runnable action) {
        return () -> {
            if (loop.inEventLoop()) {
                action.run();
            } else {
                loop.execute(action);
            }
        };
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE -----------------------------------------------------------------------------

    /**
     * Sends SUBSCRIBE. With a handler, the handler is registered first (so retained messages reach it) and, if the
     * server supports them on MQTT 5.0, tagged with a fresh subscription identifier.
     */
    public void subscribe(List<Subscription> subs, Consumer<Publish> handler, CompletableFuture<SubAck> future,
            Duration timeout) {
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
        List<String> filters = new ArrayList<>(subs.size());
        List<SubscriptionRequest> wire = new ArrayList<>(subs.size());
        List<PendingRequest.Registration> registrations = new ArrayList<>();
        for (Subscription s : subs) {
            filters.add(s.topicFilter());
            wire.add(PacketMapper.subscription(s, version));
            if (handler != null) {
                SubscriptionRegistry.Entry replaced = subscriptions.put(s.topicFilter(), handler, subscriptionId);
                registrations.add(new PendingRequest.Registration(s.topicFilter(),
                        subscriptions.get(s.topicFilter()), replaced));
            }
        }
        PendingRequest r = new PendingRequest(true, filters, registrations, future);
        request(id, r, new SubscribePacket(id, wire, subscriptionId == 0 ? null : subscriptionId, List.of()),
                timeout, "SUBACK");
    }

    /** Sends UNSUBSCRIBE; handlers are removed when the UNSUBACK confirms it. */
    public void unsubscribe(List<String> topicFilters, CompletableFuture<UnsubAck> future, Duration timeout) {
        int id = packetIds.allocate();
        if (id == 0) {
            future.completeExceptionally(new MqttException("all 65,535 packet identifiers are in use"));
            return;
        }
        PendingRequest r = new PendingRequest(false, List.copyOf(topicFilters), List.of(), future);
        request(id, r, new UnsubscribePacket(id, topicFilters, List.of()), timeout, "UNSUBACK");
    }

    private void request(int id, PendingRequest r, MqttPacket packet, Duration timeout, String ackName) {
        requests.put(id, r);
        r.timeout = loop.schedule(() -> {
            // the packet id stays taken until the acknowledgement or the end of the connection
            r.future.completeExceptionally(new MqttTimeoutException("no " + ackName + " within " + timeout
                    + " for " + r.topicFilters));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        send(packet);
    }

    @SuppressWarnings("unchecked")
    public void onSubAck(SubAckPacket p) {
        PendingRequest r = takeRequest(p.packetId(), true);
        if (r == null) {
            return;
        }
        CompletableFuture<SubAck> future = (CompletableFuture<SubAck>) r.future;
        List<SubAckReasonCode> codes = p.reasonCodes();
        if (codes.size() != r.topicFilters.size()) {
            r.rollback(subscriptions, -1);
            listener.protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "SUBACK has " + codes.size()
                    + " reason codes for " + r.topicFilters.size() + " topic filters");
            future.completeExceptionally(new MqttProtocolException(DisconnectReasonCode.PROTOCOL_ERROR,
                    "SUBACK reason codes do not match the topic filters"));
            return;
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i).isError()) {
                refused.add(r.topicFilters.get(i) + "=" + codes.get(i));
                r.rollback(subscriptions, i);
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
    public void onUnsubAck(UnsubAckPacket p) {
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
            if (code.isError()) {
                refused.add(r.topicFilters.get(i) + "=" + code);
            } else {
                subscriptions.remove(r.topicFilters.get(i), null);
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
        PendingRequest r = requests.get(packetId);
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

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void send(MqttPacket packet) {
        if (channel != null) {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }

    private static String reason(String reasonString) {
        return reasonString == null ? "" : " (" + reasonString + ")";
    }

    /** Fails every queued (not yet sent) message; used when the client closes. */
    public void failQueued(MqttException cause) {
        for (Iterator<OutgoingPublish> it = queued.iterator(); it.hasNext(); ) {
            it.next().future.completeExceptionally(cause);
            it.remove();
        }
    }
}
