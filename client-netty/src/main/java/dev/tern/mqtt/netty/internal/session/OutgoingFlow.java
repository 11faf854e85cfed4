package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException.Reason;
import dev.tern.mqtt.internal.PublishFields;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.reason.PubCompReasonCode;
import dev.tern.mqtt.reason.PubRelReasonCode;
import dev.tern.mqtt.spi.StoredPublish;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The sending half of the session: outgoing PUBLISH and its acknowledgements. Holds the QoS 1 and 2 messages in
 * flight with where each stands and the queue of messages not sent yet (the offline buffer, and what waits for the
 * in-flight window), sends them again or republishes them on a new connection, and writes every change through to
 * the store. Flow control: never more QoS 1 and 2 messages unacknowledged than the in-flight window (see
 * {@link SessionSettings#inFlightWindow}); the rest wait in order, within the offline buffer's bounds. A QoS 2
 * message is never sent again once PUBREL went out. Event loop only.
 */
final class OutgoingFlow {

    private static final Logger log = LoggerFactory.getLogger(OutgoingFlow.class);
    private static final PublishFields.Reader FIELDS = PublishFields.reader();

    private final StoreWriter store;
    private final SessionSettings settings;
    private final PacketIdAllocator packetIds;

    // session state: survives a connection
    private final InFlightMessages inFlight = new InFlightMessages();
    private final PendingQueue pending = new PendingQueue();
    private long nextSequence = 1;
    private MqttConnectionLostException lastLoss;

    // connection state: reset by attach
    /** Where this connection's packets go; null while not connected. */
    private PacketOutput out;
    private final Qos0Writes qos0Writes = new Qos0Writes();
    private long connectionNumber;
    private MqttVersion version = MqttVersion.MQTT_5_0;
    private ServerLimits limits = ServerLimits.NONE;
    private ToIntFunction<MqttPacket> sizer = p -> 0;
    /** The most QoS 1 and 2 messages in flight on this connection: our cap and the server's Receive Maximum. */
    private int window = ServerLimits.NONE.receiveMaximum();
    private int sendQuota;
    private TopicAliases outboundAliases = TopicAliases.NONE;
    private int peakInFlight;
    /**
     * The wall clock as read once per flush, and only for a message with an expiry (the clock was most of an ack's
     * cost); 0 until read.
     */
    private long clockMillis;

    OutgoingFlow(StoreWriter store, SessionSettings settings, PacketIdAllocator packetIds) {
        this.store = store;
        this.settings = settings;
        this.packetIds = packetIds;
    }

    /** Takes over the outgoing messages a session store holds. */
    void restore(List<StoredPublish> stored) {
        for (StoredPublish sp : stored) {
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
                inFlight.put(op);
            }
        }
    }

    int inFlightCount() {
        return inFlight.size();
    }

    int queuedCount() {
        return pending.size();
    }

    int peakInFlight() {
        return peakInFlight;
    }

    int window() {
        return window;
    }

    // ---- connection life cycle -------------------------------------------------------------------------------

    /** A connection the server accepted: its limits apply from now on; nothing is sent yet. */
    void attach(Channel channel, MqttVersion version, ServerLimits limits, ToIntFunction<MqttPacket> sizer) {
        this.out = PacketOutput.of(channel);
        this.connectionNumber++;
        this.version = version;
        this.limits = limits;
        this.window = settings.inFlightWindow(version, limits.receiveMaximum());
        this.sizer = sizer;
        this.outboundAliases = TopicAliases.upTo(version == MqttVersion.MQTT_5_0 ? limits.topicAliasMaximum() : 0);
    }

    /**
     * The server kept the session: every unacknowledged PUBLISH is sent again with DUP=1 and every PUBREL again, in
     * their original order (written, not flushed).
     */
    void resume() {
        for (OutgoingPublish op : inFlight.inOrder()) {
            if (op.stage == OutgoingPublish.Stage.AWAITING_PUBCOMP) {
                out.write(PubRelPacket.of(op.packetId));
            } else {
                out.publish(op, version, aliasesFor(op), true, false);
            }
        }
        if (!inFlight.isEmpty()) {
            log.debug("session resumed: sent {} unacknowledged PUBLISH/PUBREL again", inFlight.size());
        }
        sendQuota = window - inFlight.size();
    }

    /** The server has no session for us: finish or requeue what was in flight on the old one. */
    void sessionLost() {
        sendQuota = window;
        if (inFlight.isEmpty()) {
            return;
        }
        List<OutgoingPublish> again = new ArrayList<>();
        List<OutgoingPublish> all = inFlight.inOrder();
        inFlight.clear(); // before requeue() below resets their packet identifiers, the keys of the table
        for (OutgoingPublish op : all) {
            packetIds.release(op.packetId);
            if (op.stage == OutgoingPublish.Stage.AWAITING_PUBCOMP) {
                // the server acknowledged receipt with PUBREC; republishing could deliver it twice, and whether
                // it was forwarded before the session was lost is unknown
                fail(op, lost("the server lost the session after it acknowledged the QoS 2 message to "
                        + op.message.topic() + " with PUBREC; whether it was delivered is unknown"));
            } else if (settings.republish()) {
                op.requeue();
                again.add(op);
                store.putOutgoing(op);
            } else {
                fail(op, lost("the server lost the session before acknowledging the message to "
                        + op.message.topic() + "; not republished (republishOnSessionLoss is off)"));
            }
        }
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

    /** The connection ended: messages stay for the next one; {@code cause} explains later failures. */
    void detach(MqttConnectionLostException cause) {
        out = null;
        lastLoss = cause;
    }

    /** Fails every QoS 1 and 2 message in flight, forgetting it: the session they belong to is gone. */
    void failInFlight(MqttException cause) {
        List<OutgoingPublish> all = inFlight.inOrder();
        inFlight.clear();
        for (OutgoingPublish op : all) {
            packetIds.release(op.packetId);
            fail(op, cause);
        }
    }

    /** Fails every message not sent yet, forgetting it: no connection is coming to send it on. */
    void failPending(MqttException cause) {
        for (OutgoingPublish op : pending.removeAll()) {
            fail(op, cause);
        }
    }

    /** Fails every message's future, leaving the session store as it is. */
    void abandon(MqttException cause) {
        List<OutgoingPublish> all = inFlight.inOrder();
        all.addAll(pending.removeAll());
        inFlight.clear();
        for (OutgoingPublish op : all) {
            op.fail(cause);
        }
    }

    // ---- outgoing PUBLISH ------------------------------------------------------------------------------------

    /**
     * Sends a message, or queues it: behind the in-flight window while connected, in the offline buffer while not.
     * Both are the same queue, bounded by the offline buffer's limits and overflow policy; a message that can go out
     * at once never counts against them. The future completes as described in the API.
     */
    void publish(OutgoingPublish op) {
        op.sequence = nextSequence++;
        if (out == null) {
            buffer(op);
            return;
        }
        MqttException invalid = check(op);
        if (invalid != null) {
            op.fail(invalid);
            return;
        }
        op.checkedOn = connectionNumber;
        if (pending.isEmpty() && canSendAtOnce(op)) {
            // the usual case: nothing waits, so the message goes out now without passing through the queue
            clockMillis = 0;
            int outcome = send(op, false);
            if (outcome == SENT) {
                out.flush();
                return;
            }
            if (outcome == DROPPED) {
                return;
            }
            // blocked after all: it waits like any other, without counting against the queue's bounds
        } else if (!makeRoom(op, "waiting for the in-flight window (at most " + window + " unacknowledged)")) {
            return;
        }
        pending.add(op);
        flush();
        if (pending.peekLast() == op) {
            store.putOutgoing(op);
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
            op.fail(new MqttMessageDroppedException("QoS 0 message to " + m.topic()
                    + " published while not connected, and QoS 0 buffering is off", Reason.QOS0_NOT_BUFFERED));
            return;
        }
        if (makeRoom(op, "offline")) {
            op.dropPreparedPacket();
            pending.add(op);
            store.putOutgoing(op);
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
            op.fail(new MqttMessageDroppedException("the queue of messages not sent yet ("
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

    /**
     * Why the current connection cannot carry this message, or null if it can. Sizes the packet the message keeps
     * mapped ({@link OutgoingPublish#mapped}), which is the one later sent, so the message is mapped only once.
     */
    private MqttException check(OutgoingPublish op) {
        Publish m = op.message;
        if (m.qos().code() > limits.maximumQos().code()) {
            return new MqttException("QoS " + m.qos().code() + " exceeds the server's maximum QoS "
                    + limits.maximumQos().code() + " for " + m.topic());
        }
        if (m.isRetain() && !limits.retainAvailable()) {
            return new MqttException("the server does not support retained messages; not sent: " + m.topic());
        }
        long size;
        try {
            size = op.encodedSize(version, sizer);
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
    void flush() {
        if (out == null || pending.isEmpty()) {
            return; // after most acknowledgements: nothing waits
        }
        boolean wrote = false;
        clockMillis = 0;
        while (!pending.isEmpty()) {
            int outcome = send(pending.peek(), true);
            if (outcome == BLOCKED) {
                break;
            }
            wrote |= outcome == SENT;
        }
        if (wrote) {
            out.flush();
        }
    }

    /** What {@link #send} did with a message. */
    private static final int SENT = 0;
    private static final int DROPPED = 1;
    private static final int BLOCKED = 2;

    /**
     * Sends a message that is next in line (not flushed), or drops it if it expired or the connection cannot carry
     * it; returns {@link #BLOCKED}, having changed nothing, when the window or the packet identifiers are used up.
     * {@code queued}: the message is the head of {@link #pending} and is taken from it before anything else happens,
     * so that code the outcome runs (a future completed on this thread) sees the queue without it.
     */
    private int send(OutgoingPublish op, boolean queued) {
        Long remaining = null;
        if (FIELDS.messageExpiryInterval(op.message) != null) {
            if (clockMillis == 0) {
                clockMillis = System.currentTimeMillis();
            }
            remaining = op.remainingExpiry(clockMillis);
            if (remaining < 0) {
                take(queued);
                fail(op, new MqttMessageDroppedException("the message to " + op.message.topic() + " expired ("
                        + op.message.messageExpiryInterval().getAsLong() + " s) before it could be sent",
                        Reason.EXPIRED));
                return DROPPED;
            }
        }
        if (op.checkedOn != connectionNumber) {
            MqttException invalid = check(op);
            if (invalid != null) {
                take(queued);
                fail(op, invalid);
                return DROPPED;
            }
            op.checkedOn = connectionNumber;
        }
        Qos qos = op.message.qos();
        if (qos == Qos.AT_MOST_ONCE) {
            take(queued);
            sendQos0(op, remaining);
            return SENT;
        }
        if (sendQuota <= 0) {
            return BLOCKED;
        }
        int id = packetIds.allocate();
        if (id == 0) {
            return BLOCKED;
        }
        take(queued);
        op.packetId = id;
        op.sentExpiry = remaining;
        op.stage = qos == Qos.AT_LEAST_ONCE
                ? OutgoingPublish.Stage.AWAITING_PUBACK : OutgoingPublish.Stage.AWAITING_PUBREC;
        inFlight.add(op); // the identifier was free, so no message in flight has it
        peakInFlight = Math.max(peakInFlight, inFlight.size());
        sendQuota--;
        store.putOutgoing(op);
        out.publish(op, version, aliasesFor(op), false, false);
        return SENT;
    }

    private void take(boolean queued) {
        if (queued) {
            pending.poll();
        }
    }

    private void sendQos0(OutgoingPublish op, Long remainingExpiry) {
        op.sentExpiry = remainingExpiry;
        store.removeOutgoing(op);
        qos0Writes.add(op, out.publish(op, version, aliasesFor(op), false, true));
    }

    /**
     * The topic aliases {@code op} may go with: none for a message that an alias could take over the server's
     * maximum packet size, which {@link #check} measured it against without one. Why not the exact size: an alias
     * adds at most {@link TopicAliases#MOST_BYTES_ADDED} bytes, so only a message within those few bytes of the
     * limit is affected, and a PUBLISH with its topic and no alias is always allowed; deciding before the alias is
     * taken keeps the aliases' order as the messages are written.
     */
    private TopicAliases aliasesFor(OutgoingPublish op) {
        TopicAliases aliases = outboundAliases;
        if (aliases == TopicAliases.NONE) {
            return aliases;
        }
        try {
            return op.encodedSize(version, sizer) + (long) TopicAliases.MOST_BYTES_ADDED <= limits.maximumPacketSize()
                    ? aliases : TopicAliases.NONE;
        } catch (IllegalArgumentException e) {
            return TopicAliases.NONE; // cannot be encoded: the encoder refuses it, and no alias was taken for it
        }
    }

    /** Fails a message that leaves the session for good, and forgets it in the store. */
    private void fail(OutgoingPublish op, MqttException cause) {
        store.removeOutgoing(op);
        op.fail(cause);
    }

    private void finish(int packetId, OutgoingPublish op) {
        inFlight.remove(packetId);
        packetIds.release(packetId);
        sendQuota++;
        store.removeOutgoing(op);
    }

    /** PUBACK: ends a QoS 1 exchange. */
    void onPubAck(PubAckPacket p) {
        OutgoingPublish op = inFlight.get(p.packetId());
        if (op == null || op.stage != OutgoingPublish.Stage.AWAITING_PUBACK) {
            log.debug("PUBACK for packet id {} that is not awaiting one; ignored", p.packetId());
            return;
        }
        finish(p.packetId(), op);
        if (p.reasonCode().isError()) {
            op.fail(new MqttAckException(String.format(
                    "the server refused the message to %s: PUBACK 0x%02X %s%s", op.message.topic(),
                    p.reasonCode().code(), p.reasonCode(), reason(p.reasonString())),
                    List.of(p.reasonCode()), p.reasonString(), null));
        } else {
            op.succeed(new PublishResult(op.message, p.reasonCode(), p.reasonString(), p.userProperties()));
        }
        flush();
    }

    /** PUBREC: the server has the QoS 2 message; answer with PUBREL (or end the exchange on an error code). */
    void onPubRec(PubRecPacket p) {
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
            op.fail(new MqttAckException(String.format(
                    "the server refused the message to %s: PUBREC 0x%02X %s%s", op.message.topic(),
                    p.reasonCode().code(), p.reasonCode(), reason(p.reasonString())),
                    List.of(p.reasonCode()), p.reasonString(), null));
            flush();
            return;
        }
        op.stage = OutgoingPublish.Stage.AWAITING_PUBCOMP; // the PUBLISH is never sent again after PUBREL
        op.pubRecCode = p.reasonCode();
        op.pubRecReasonString = p.reasonString();
        store.putOutgoing(op);
        send(PubRelPacket.of(p.packetId()));
    }

    /** PUBCOMP: ends a QoS 2 exchange. */
    void onPubComp(PubCompPacket p) {
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
        op.succeed(new PublishResult(op.message, op.pubRecCode, op.pubRecReasonString, List.of()));
        flush();
    }

    private void send(MqttPacket packet) {
        if (out != null) {
            out.write(packet);
            out.flush();
        }
    }

    private static String reason(String reasonString) {
        return reasonString == null ? "" : " (" + reasonString + ")";
    }
}
