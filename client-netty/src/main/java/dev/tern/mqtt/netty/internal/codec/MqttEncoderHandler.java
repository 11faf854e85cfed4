package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.WrappedByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@link MqttPacket}s as bytes with {@link MqttPacketEncoder}; other messages pass through untouched. One
 * instance per channel, because the protocol version is per connection.
 *
 * <p>Packets written between two flushes are encoded into one buffer and passed on as one write when the flush comes
 * (or once {@link #MAX_GATHERED} bytes are waiting). Why: a buffer, an outbound-buffer entry and a trip through the
 * rest of the pipeline per packet was a large part of the cost of a small message. The order of writes is kept: a
 * message that is not a packet first sends on what was gathered. The write promises of gathered packets complete
 * together, when their buffer is written.
 *
 * <p>The session also appends packets directly ({@link #append}, {@link #appendPublish}): the same buffer, so the order
 * of all writes is kept, without the trip from the tail of the pipeline to this handler, which was about a third of
 * the event loop's cost per published message. Handlers between this one and the tail therefore do not see those
 * writes; they see the flush that follows them.
 *
 * <p>A packet that cannot be encoded fails its write promise with the {@link IllegalArgumentException}; nothing is
 * written for it and the channel stays open. Packets written but never flushed fail with
 * {@link ClosedChannelException} when the channel closes, as Netty's own unflushed writes do.
 */
public final class MqttEncoderHandler extends ChannelOutboundHandlerAdapter {

    /** Bytes gathered before they are passed on without waiting for the flush. */
    static final int MAX_GATHERED = 64 * 1024;
    private static final int INITIAL_CAPACITY = 1024;

    private volatile MqttVersion version;
    // event loop only
    /** This handler's context while it is in a pipeline; null before and after. */
    private ChannelHandlerContext ctx;
    private ByteBuf gathered;
    /**
     * Where bytes are encoded: {@link #gathered}, or the buffer it wraps when the leak detector picked it for
     * tracking. Why: a wrapper adds a call per byte written, and the JIT then handles every write site as two types.
     * Encoding writes through the wrapped buffer; the wrapper, which tracks the release, is what is passed on.
     */
    private ByteBuf target;
    /**
     * The array behind {@link #target} when it has one, else null, as read for {@link #targetCapacity}. Why: every
     * {@code array()} call checks the reference count of the buffer the array belongs to (the allocator's chunk),
     * 7 % of the event loop's time for QoS 1 when asked once per message. Read again whenever the capacity
     * changed, since growing moves the bytes to another array.
     */
    private byte[] targetArray;
    private int targetArrayOffset;
    /** {@link #target}'s capacity when {@link #targetArray} was read; -1 for not read. */
    private int targetCapacity = -1;
    /** The promises of the packets in {@link #gathered} that are not void; null while there are none. */
    private List<ChannelPromise> promises;
    /** The promise {@link #gatheredWritten} handed out for {@link #gathered} (also in {@link #promises}); or null. */
    private ChannelPromise gatheredPromise;
    /** The capacity of the next gathered buffer: about what the last one held, so that it rarely has to grow. */
    private int nextCapacity = INITIAL_CAPACITY;
    /** How many flushes reached this handler: see {@link #flushes}. */
    private long flushes;

    /** Creates the handler for a protocol version. */
    public MqttEncoderHandler(MqttVersion version) {
        setVersion(version);
    }

    /** Sets the protocol version for the packets written from now on. */
    public void setVersion(MqttVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The protocol version packets are written with. */
    public MqttVersion version() {
        return version;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof MqttPacket)) {
            passOn(ctx);
            ctx.write(msg, promise);
            return;
        }
        try {
            MqttPacketEncoder.encodeInto(target(ctx), (MqttPacket) msg, version);
        } catch (IllegalArgumentException e) {
            promise.setFailure(e);
            return;
        }
        if (!promise.isVoid()) {
            if (promises == null) {
                promises = new ArrayList<>(4);
            }
            promises.add(promise);
        }
        passOnIfFull(ctx);
    }

    /**
     * Appends a packet to what is gathered, as {@code channel.write(packet)} would; it goes out with the next flush.
     * Event loop only.
     *
     * @return false, having written nothing, if this handler is no longer in a pipeline (the channel closed)
     * @throws IllegalArgumentException if the packet cannot be encoded; nothing is written for it
     */
    public boolean append(MqttPacket packet) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return false;
        }
        MqttPacketEncoder.encodeInto(target(c), packet, version);
        passOnIfFull(c);
        return true;
    }

    /**
     * As {@link #append}, for a PUBLISH sent with {@code packetId} and {@code dup} in place of its own: see
     * {@link MqttPacketEncoder#encodePublishInto}.
     */
    public boolean appendPublish(PublishPacket packet, int packetId, boolean dup) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return false;
        }
        MqttPacketEncoder.encodePublishInto(target(c), packet, packetId, dup, version);
        passOnIfFull(c);
        return true;
    }

    /**
     * As {@link #append}, for a PUBLISH without properties given by its fields: see
     * {@link MqttPacketEncoder#encodePublishInto(ByteBuf, String, Qos, boolean, ByteBuffer, int, boolean,
     * MqttVersion)}.
     */
    public boolean appendPublish(String topic, Qos qos, boolean retain, ByteBuffer payload, int packetId,
            boolean dup) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return false;
        }
        MqttPacketEncoder.encodePublishInto(target(c), topic, qos, retain, payload, packetId, dup, version);
        passOnIfFull(c);
        return true;
    }

    /**
     * As {@link #append}, for an MQTT 5.0 PUBLISH whose only property is a Topic Alias, given by its fields (an empty
     * {@code topic} when the server knows the alias): see {@link MqttPacketEncoder#encodeAliasedPublishInto}.
     */
    public boolean appendAliasedPublish(String topic, int topicAlias, Qos qos, boolean retain, ByteBuffer payload,
            int packetId, boolean dup) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return false;
        }
        int size = MqttPacketEncoder.aliasedPublishSize(topic, topicAlias, qos, payload.remaining(), packetId, dup,
                version);
        ByteBuf t = target(c);
        int at = t.writerIndex();
        byte[] array = writableArray(t, at, size);
        if (array != null) {
            MqttPacketEncoder.encodeAliasedPublishInto(array, targetArrayOffset + at, size, topic, topicAlias, qos,
                    retain, payload, packetId, dup);
            t.writerIndex(at + size);
        } else {
            MqttPacketEncoder.encodeAliasedPublishInto(t, topic, topicAlias, qos, retain, payload, packetId, dup,
                    version);
        }
        passOnIfFull(c);
        return true;
    }

    /**
     * The array behind {@link #target} once it has room for {@code length} bytes at {@code at}, or null if it has
     * none; read again only when the capacity changed (see {@link #targetArray}).
     */
    private byte[] writableArray(ByteBuf t, int at, int length) {
        if (at + length > targetCapacity || t.capacity() != targetCapacity) {
            t.ensureWritable(length);
            targetCapacity = t.capacity();
            targetArray = t.hasArray() ? t.array() : null;
            targetArrayOffset = targetArray == null ? 0 : t.arrayOffset();
        }
        return targetArray;
    }

    /**
     * As {@link #append}, for a PUBLISH {@link MqttPacketEncoder#encodePublish} encoded, sent with {@code packetId}
     * and {@code dup}: see {@link MqttPacketEncoder#encodePreparedPublishInto}.
     */
    public boolean appendPublish(byte[] packet, int packetId, boolean dup) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return false;
        }
        ByteBuf t = target(c);
        int at = t.writerIndex();
        int length = packet.length;
        byte[] array = writableArray(t, at, length);
        if (array != null) {
            MqttPacketEncoder.encodePreparedPublishInto(array, targetArrayOffset + at, packet, packetId, dup);
            t.writerIndex(at + length);
        } else {
            MqttPacketEncoder.encodePreparedPublishInto(t, packet, packetId, dup);
        }
        passOnIfFull(c);
        return true;
    }

    /**
     * A future that completes when the bytes gathered now, and the next packet appended or written, have been
     * written to the socket (or failed to be); null if this handler is no longer in a pipeline. Ask before appending
     * the packet whose write is to be observed. One promise serves every caller until the gathered bytes are passed
     * on, so a batch of QoS 0 messages costs one promise, not one each. Event loop only.
     */
    public ChannelFuture gatheredWritten() {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return null;
        }
        target(c);
        if (gatheredPromise == null) {
            gatheredPromise = c.newPromise();
            if (promises == null) {
                promises = new ArrayList<>(4);
            }
            promises.add(gatheredPromise);
        }
        return gatheredPromise;
    }

    private ByteBuf target(ChannelHandlerContext ctx) {
        if (gathered == null) {
            // A heap buffer: a PUBLISH is a few small copies (topic, payload), and each into direct memory went
            // through the JDK's bulk ByteBuffer.put with its checks, the costliest part of encoding; the one copy
            // of the whole buffer into direct memory on its way to the socket costs far less per message.
            gathered = ctx.alloc().heapBuffer(nextCapacity);
            target = gathered instanceof WrappedByteBuf ? gathered.unwrap() : gathered;
            targetCapacity = -1;
            targetArray = null;
        }
        return target;
    }

    private void passOnIfFull(ChannelHandlerContext ctx) {
        if (gathered.readableBytes() >= MAX_GATHERED) {
            passOn(ctx);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        flushes++;
        passOn(ctx);
        ctx.flush();
    }

    /**
     * How many flushes have reached this handler. A writer that asked for a flush which has not arrived yet (flush
     * consolidation holds it until the read or the burst of tasks ends) need not ask again: that flush passes on
     * everything gathered by then, later appends included. Event loop only.
     */
    public long flushes() {
        return flushes;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        discard();
        ctx.close(promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        discard();
        ctx.disconnect(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
        this.ctx = null;
    }

    /** Writes what was gathered, as one buffer. */
    private void passOn(ChannelHandlerContext ctx) {
        ByteBuf buf = gathered;
        if (buf == null) {
            return;
        }
        gathered = null;
        target = null;
        targetArray = null;
        gatheredPromise = null;
        nextCapacity = Math.min(MAX_GATHERED + MAX_GATHERED / 4,
                Math.max(INITIAL_CAPACITY, buf.readableBytes() + buf.readableBytes() / 4));
        List<ChannelPromise> waiting = promises;
        promises = null;
        if (!buf.isReadable()) {
            buf.release();
            if (waiting != null) {
                waiting.forEach(ChannelPromise::trySuccess);
            }
        } else if (waiting == null) {
            ctx.write(buf, ctx.voidPromise());
        } else if (waiting.size() == 1) {
            ctx.write(buf, waiting.get(0));
        } else {
            ctx.write(buf).addListener((ChannelFutureListener) f -> {
                for (ChannelPromise p : waiting) {
                    if (f.isSuccess()) {
                        p.trySuccess();
                    } else {
                        p.tryFailure(f.cause());
                    }
                }
            });
        }
    }

    /** Drops what was gathered and never flushed. */
    private void discard() {
        ByteBuf buf = gathered;
        gathered = null;
        target = null;
        targetArray = null;
        gatheredPromise = null;
        List<ChannelPromise> waiting = promises;
        promises = null;
        if (buf != null) {
            buf.release();
        }
        if (waiting != null) {
            ClosedChannelException closed = new ClosedChannelException();
            waiting.forEach(p -> p.tryFailure(closed));
        }
    }
}
