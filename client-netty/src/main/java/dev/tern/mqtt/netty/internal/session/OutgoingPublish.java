package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.internal.PublishFields;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.ReasonCode;
import dev.tern.mqtt.spi.StoredPublish;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

/**
 * One outgoing message and where its exchange stands. Lives in the session, so it outlives a connection. Created (and
 * {@linkplain #prepare prepared}) on the publishing thread; once handed to the event loop, which publishes it safely,
 * every field is touched on the event loop only.
 */
public final class OutgoingPublish implements Runnable {

    private static final PublishFields.Reader FIELDS = PublishFields.reader();

    /** Where the exchange stands. */
    public enum Stage {
        /** Not sent yet: offline, or waiting for send quota (the server's Receive Maximum) or a packet identifier. */
        QUEUED,
        /** QoS 1 PUBLISH sent, waiting for PUBACK. */
        AWAITING_PUBACK,
        /** QoS 2 PUBLISH sent, waiting for PUBREC. */
        AWAITING_PUBREC,
        /** QoS 2 PUBREL sent, waiting for PUBCOMP; the PUBLISH is never sent again from here. */
        AWAITING_PUBCOMP
    }

    final Publish message;
    final CompletableFuture<PublishResult> future;
    /** Topic plus payload bytes: what counts against the offline buffer's byte bound. */
    final long bytes;
    /**
     * Wall clock at publish(), for message expiry (wall clock so that a durable store can carry it over); read only
     * for a message that has an expiry interval, else {@link #UNREAD} until a store first asks ({@link #stored}).
     * Why: reading the clock was 6.6 % of the publishing thread's time, for a value that only expiry uses.
     */
    private long createdAtMillis;
    /** {@link #createdAtMillis} not read yet. */
    private static final long UNREAD = Long.MIN_VALUE;
    long sequence;
    Stage stage = Stage.QUEUED;
    int packetId;
    /** The message expiry interval sent with the first PUBLISH (what was left of it then), or null for none. */
    Long sentExpiry;
    /** The number of the connection whose limits this message was checked against; 0 for none yet. */
    long checkedOn;
    ReasonCode pubRecCode;
    String pubRecReasonString;
    /** Neighbours in {@link InFlightMessages}' order while in flight; null otherwise. */
    OutgoingPublish previousInFlight;
    OutgoingPublish nextInFlight;
    /** The next message in the same bucket of {@link InFlightMessages}' table; null otherwise. */
    OutgoingPublish nextInBucket;
    /**
     * The link in {@link PublishIntake}: while waiting there, the message submitted just before this one (written by
     * the submitting thread before the message is published to the intake), then, on the event loop, the next one
     * to hand over; null otherwise.
     */
    OutgoingPublish nextInIntake;
    /**
     * The PUBLISH as {@link PacketMapper} maps the message for {@link #mappedFor}, with packet identifier 0 (QoS 0) or
     * 1 and no DUP, made only for a message that is not {@linkplain #plain plain} or goes the general way (topic
     * aliases, tests without the encoder): then mapped once, checked and sized by the session, and patched for each
     * send.
     */
    private PublishPacket mapped;
    private MqttVersion mappedFor;
    /** Whether the message's PUBLISH in {@link #plainFor} has no properties; decided once per version. */
    private boolean plain;
    private MqttVersion plainFor;
    /** The version {@link #prepare} measured the encoded size in; null when not measured. */
    private MqttVersion preparedFor;
    /** The encoded size as {@link #prepare} measured it, for {@link #preparedFor}. */
    private int preparedSize;
    /** Why the message cannot be encoded in {@link #preparedFor}, as {@link #prepare} found; null when it can. */
    private IllegalArgumentException preparedProblem;
    /**
     * The PUBLISH as {@link #encodeAhead} encoded it for {@link #preparedFor} (packet identifier 0, no DUP), until
     * its first send takes it; null when not encoded ahead (not plain, larger than {@link #PREPARED_MAX_BYTES}, or
     * not asked for), and once taken or dropped.
     */
    private byte[] preparedPacket;
    /** What the first send made of encoding ahead; event loop only. */
    private AheadVerdict aheadVerdict = AheadVerdict.NONE;

    /**
     * What the first send of a message made of {@linkplain #encodeAhead encoding it ahead}, for {@link PublishIntake}
     * to learn whether encoding ahead pays on the current connection.
     */
    enum AheadVerdict {
        /** Nothing learnt: not sent yet, or a message that is never encoded ahead. */
        NONE,
        /** Sent from the bytes encoded ahead. */
        USED,
        /** Sent from its fields, though bytes encoded ahead would have been used. */
        WANTED,
        /** Encoded ahead, but the connection could not use the bytes: it gives topics aliases. */
        WASTED
    }

    /**
     * The largest PUBLISH {@link #prepare} encodes ahead. Why a bound: the copy saves the event loop a cache miss
     * per object it would read (topic, payload buffer, payload array), which matters for small messages only; a large
     * payload is mostly the copy itself, and an encoded copy held until the send doubles its memory.
     */
    static final int PREPARED_MAX_BYTES = 1024;

    /** Where {@link #future} is completed: null for the thread that decides the outcome (the event loop). */
    private final Executor relay;
    /**
     * The outcome handed to {@link #relay}: a {@link PublishResult}, a {@link Throwable} or {@link #WRITTEN}; null
     * until decided.
     */
    private Object outcome;
    /** The outcome of a QoS 0 message that was written: its {@link PublishResult} is made when completed. */
    private static final Object WRITTEN = new Object();

    /** A message whose future completes on the event loop. */
    public OutgoingPublish(Publish message, CompletableFuture<PublishResult> future) {
        this(message, future, null, clockIfExpiring(message));
    }

    /**
     * A message whose future completes on {@code relay} (the callback executor's completion lane), with this object
     * as the task: one hand-off and no objects beyond this one per message.
     */
    public OutgoingPublish(Publish message, CompletableFuture<PublishResult> future, Executor relay) {
        this(message, future, relay, clockIfExpiring(message));
    }

    OutgoingPublish(Publish message, CompletableFuture<PublishResult> future, long createdAtMillis) {
        this(message, future, null, createdAtMillis);
    }

    private OutgoingPublish(Publish message, CompletableFuture<PublishResult> future, Executor relay,
            long createdAtMillis) {
        this.message = message;
        this.future = future;
        this.relay = relay;
        this.createdAtMillis = createdAtMillis;
        this.bytes = topicLength(message.topic()) + (long) FIELDS.payload(message).remaining(); // no view made
    }

    /**
     * The wall clock now if the message has an expiry interval, which counts from publish(); else {@link #UNREAD}:
     * nothing but a session store needs the time then, and it is read when the store first asks.
     */
    private static long clockIfExpiring(Publish message) {
        return FIELDS.messageExpiryInterval(message) != null ? System.currentTimeMillis() : UNREAD;
    }

    /**
     * When the message was published, wall clock: as read at publish() for a message with an expiry interval; for
     * one without, when first asked (on the event loop, as the session first hands it to the store, which is when
     * the message reaches the session) and the same from then on. Event loop only.
     */
    long createdAtMillis() {
        if (createdAtMillis == UNREAD) {
            createdAtMillis = System.currentTimeMillis();
        }
        return createdAtMillis;
    }

    /** A topic and its UTF-8 length; immutable, so threads can share the last one through a plain field. */
    private record TopicLength(String topic, int length) {
    }

    private static TopicLength lastTopic = new TopicLength("", 0);

    /**
     * The UTF-8 length of a topic, remembered for the last topic {@code String} measured: applications mostly publish
     * one topic instance many times, and counting it was 8 % of the publishing thread's time. A race between threads
     * only costs a recount.
     */
    private static int topicLength(String topic) {
        TopicLength last = lastTopic;
        if (last.topic() == topic) {
            return last.length();
        }
        int length = utf8Length(topic);
        lastTopic = new TopicLength(topic, length);
        return length;
    }

    /** The message was delivered as its QoS requires; the first outcome decided wins. */
    void succeed(PublishResult result) {
        settle(result);
    }

    /**
     * The message failed for good; the first outcome decided wins. On the event loop, or on any thread once the event
     * loop will never see this message (it refused it).
     */
    public void fail(Throwable cause) {
        settle(cause);
    }

    private void settle(Object result) {
        if (relay == null) {
            complete(result);
        } else if (outcome == null) {
            outcome = result;
            relay.execute(this); // the relay's queue publishes the outcome to the thread that runs it
        }
    }

    /**
     * This QoS 0 message's PUBLISH was written: decides success (the first outcome decided wins) and returns the
     * relay that is to run this message, as a task, to complete the future; null when nothing is left to do
     * (completed here for want of a relay, or decided before). Why: the caller hands a whole write's messages to
     * the relay at once, and the {@link PublishResult} is made on the callback thread, not on the event loop.
     */
    Executor written() {
        if (relay == null) {
            complete(WRITTEN);
            return null;
        }
        if (outcome != null) {
            return null;
        }
        outcome = WRITTEN;
        return relay;
    }

    /** Completes the future with the outcome decided; the task {@link #relay} runs. */
    @Override
    public void run() {
        complete(outcome);
    }

    private void complete(Object result) {
        if (result == WRITTEN) {
            future.complete(new PublishResult(message, null, null, List.of()));
        } else if (result instanceof Throwable) {
            future.completeExceptionally((Throwable) result);
        } else {
            future.complete((PublishResult) result);
        }
    }

    /** The UTF-8 length of a string, counted without encoding it (an unpaired surrogate counts 1, as '?'). */
    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return length;
    }

    /** A message restored from a session store; its future has no listener but the log. */
    static OutgoingPublish restored(StoredPublish stored) {
        OutgoingPublish op = new OutgoingPublish(stored.message(), new CompletableFuture<>(),
                stored.createdAtEpochMillis());
        op.sequence = stored.sequence();
        op.packetId = stored.packetId();
        switch (stored.stage()) {
            case BUFFERED -> op.stage = Stage.QUEUED;
            case SENT -> op.stage = stored.message().qos() == Qos.AT_LEAST_ONCE
                    ? Stage.AWAITING_PUBACK : Stage.AWAITING_PUBREC;
            case RELEASED -> op.stage = Stage.AWAITING_PUBCOMP;
            default -> throw new IllegalStateException();
        }
        return op;
    }

    /** The form a session store keeps. */
    StoredPublish stored() {
        StoredPublish.Stage s = switch (stage) {
            case QUEUED -> StoredPublish.Stage.BUFFERED;
            case AWAITING_PUBACK, AWAITING_PUBREC -> StoredPublish.Stage.SENT;
            case AWAITING_PUBCOMP -> StoredPublish.Stage.RELEASED;
        };
        return new StoredPublish(sequence, message, s, stage == Stage.QUEUED ? 0 : packetId, createdAtMillis());
    }

    /**
     * The message expiry interval to send now, or null if the message has none; a negative value means it expired.
     * What is left is rounded up to whole seconds, so a message is never sent with 0 (which would mean "expired").
     */
    Long remainingExpiry(long nowMillis) {
        Long expiry = FIELDS.messageExpiryInterval(message);
        if (expiry == null) {
            return null;
        }
        long interval = expiry;
        long waitedMillis = Math.max(0, nowMillis - createdAtMillis()); // read at publish(): it has an expiry
        if (waitedMillis >= interval * 1000) {
            return -1L;
        }
        return interval - waitedMillis / 1000;
    }

    /** Returns to the queue as a new message: no packet identifier, no stage. */
    void requeue() {
        preparedPacket = null;
        stage = Stage.QUEUED;
        packetId = 0;
        sentExpiry = null;
        checkedOn = 0;
        pubRecCode = null;
        pubRecReasonString = null;
    }

    public Publish message() {
        return message;
    }

    public Stage stage() {
        return stage;
    }

    /** The packet identifier, or 0 while queued. */
    public int packetId() {
        return stage == Stage.QUEUED ? 0 : packetId;
    }

    /**
     * Whether the message's PUBLISH in {@code version} has no properties: it has none, or MQTT 3.1.1 leaves them out
     * (which {@link PacketMapper#sendsProperties} logs, once per message and version). Such a PUBLISH is sized and
     * encoded from the message's own fields, with no packet record per message.
     */
    boolean plain(MqttVersion version) {
        if (plainFor != version) {
            plain = !PacketMapper.sendsProperties(message, version);
            plainFor = version;
        }
        return plain;
    }

    /** The payload buffer the message holds: shared, read it without moving it. */
    ByteBuffer payload() {
        return FIELDS.payload(message);
    }

    /**
     * The PUBLISH this message maps to in {@code version}, with packet identifier 0 (QoS 0) or 1 and no DUP: what the
     * session's sizer checks and what the general way of sending patches. Mapped on first use per version and then
     * kept, so a message is mapped once however often it is checked and sent.
     */
    PublishPacket mapped(MqttVersion version) {
        if (mapped == null || mappedFor != version) {
            mapped = PacketMapper.publish(message, message.qos() == Qos.AT_MOST_ONCE ? 0 : 1, !plain(version));
            mappedFor = version;
        }
        return mapped;
    }

    /**
     * Measures the message's encoded size in {@code version} (the version the client expects to send it with), on
     * the publishing thread before the message is handed to the event loop, so that the event loop does not have
     * to; a plain message is measured from its fields, with no packet made. Never throws: a message that cannot be
     * mapped is left for the event loop to map and fail as usual.
     */
    public void prepare(MqttVersion version) {
        preparedFor = null;
        preparedProblem = null;
        preparedPacket = null;
        try {
            try {
                preparedSize = plain(version)
                        ? MqttPacketEncoder.encodedPublishSize(message.topic(), message.qos(), payload().remaining(),
                                version)
                        : MqttPacketEncoder.encodedSize(mapped(version), version);
            } catch (IllegalArgumentException e) {
                preparedProblem = e;
            }
            preparedFor = version;
        } catch (RuntimeException e) {
            mapped = null;
            mappedFor = null;
        }
    }

    /**
     * After {@link #prepare}, on the publishing thread: encodes a plain message of at most
     * {@link #PREPARED_MAX_BYTES} for the version it was prepared for (see {@link #takePreparedPacket}). Why: the
     * publishing thread has the message's topic, payload buffer and payload array in its cache; the event loop
     * reading them was a cache miss each, per message. Never throws; a message it cannot encode goes without.
     */
    void encodeAhead() {
        MqttVersion version = preparedFor;
        if (!encodableAhead(version)) {
            return;
        }
        try {
            preparedPacket = MqttPacketEncoder.encodePublish(message.topic(), message.qos(), message.isRetain(),
                    payload(), preparedSize, version);
        } catch (RuntimeException e) {
            preparedPacket = null; // sent from its fields, which fail it as usual
        }
    }

    /**
     * The PUBLISH {@link #encodeAhead} encoded for {@code version}, with packet identifier 0 and no DUP, for its
     * first send to copy and patch; null if there is none for that version. Taken once: a resend (DUP) encodes from
     * the message's fields, so a message in flight does not keep a second copy of its payload. Notes the
     * {@linkplain #aheadVerdict verdict} of a first send: used, or wanted when there was none but it would have
     * been used.
     */
    byte[] takePreparedPacket(MqttVersion version, boolean dup) {
        byte[] packet = preparedPacket;
        if (packet == null || preparedFor != version) {
            if (!dup && encodableAhead(version)) {
                aheadVerdict = AheadVerdict.WANTED;
            }
            return null;
        }
        preparedPacket = null;
        aheadVerdict = AheadVerdict.USED;
        return packet;
    }

    /** Whether {@link #encodeAhead} encodes this message for {@code version}: prepared for it, plain and small. */
    private boolean encodableAhead(MqttVersion version) {
        return version != null && preparedFor == version && preparedProblem == null
                && preparedSize <= PREPARED_MAX_BYTES && plain(version);
    }

    /** The connection cannot send the encoded PUBLISH (it gives topics aliases): the bytes are dropped. */
    void preparedPacketUnusable() {
        if (preparedPacket != null) {
            preparedPacket = null;
            aheadVerdict = AheadVerdict.WASTED;
        }
    }

    /**
     * Forgets the encoded PUBLISH: the message waits in the offline buffer, whose bounds count the topic and the
     * payload once, and may be sent on a connection of another version.
     */
    void dropPreparedPacket() {
        preparedPacket = null;
    }

    /** What the first send made of encoding ahead. Event loop only. */
    AheadVerdict aheadVerdict() {
        return aheadVerdict;
    }

    /**
     * The encoded size of this message's PUBLISH in {@code version}: as {@link #prepare} measured it (with
     * {@link MqttPacketEncoder}'s sizing, which is what the session's sizer is outside tests), else by {@code sizer}
     * from the {@link #mapped} packet.
     *
     * @throws IllegalArgumentException if the packet cannot be encoded
     */
    int encodedSize(MqttVersion version, ToIntFunction<MqttPacket> sizer) {
        if (preparedFor == version) {
            if (preparedProblem != null) {
                throw preparedProblem;
            }
            return preparedSize;
        }
        return sizer.applyAsInt(mapped(version));
    }

    /**
     * Whether {@link #packet} would differ from {@link #mapped} only in its packet identifier and DUP flag, so that
     * the mapped packet can be encoded with those two given instead of making a new packet record.
     */
    boolean sendsAsMapped(MqttVersion version) {
        return sentExpiry == null || version != MqttVersion.MQTT_5_0 || plain(version)
                || sentExpiry.equals(mapped(version).messageExpiryInterval());
    }

    /**
     * The PUBLISH for this message and its packet identifier, as the current protocol version writes it: the
     * {@link #mapped} packet with the packet identifier, DUP and what is left of the expiry interval patched in. A
     * QoS 0 message with nothing to patch is the mapped packet itself.
     */
    PublishPacket packet(MqttVersion version, boolean dup) {
        PublishPacket p = mapped(version);
        int id = packetId();
        Long expiry = sentExpiry != null && version == MqttVersion.MQTT_5_0 ? sentExpiry : p.messageExpiryInterval();
        if (!dup && id == p.packetId() && Objects.equals(expiry, p.messageExpiryInterval())) {
            return p;
        }
        return new PublishPacket(dup, p.qos(), p.retain(), p.topic(), id, p.payload(), p.payloadFormatIndicator(),
                expiry, p.topicAlias(), p.responseTopic(), p.correlationData(), p.userProperties(),
                p.subscriptionIdentifiers(), p.contentType());
    }
}
