package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

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
    private ByteBuf gathered;
    /** The promises of the packets in {@link #gathered} that are not void; null while there are none. */
    private List<ChannelPromise> promises;

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
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof MqttPacket)) {
            passOn(ctx);
            ctx.write(msg, promise);
            return;
        }
        if (gathered == null) {
            gathered = ctx.alloc().buffer(INITIAL_CAPACITY);
        }
        try {
            MqttPacketEncoder.encodeInto(gathered, (MqttPacket) msg, version);
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
        if (gathered.readableBytes() >= MAX_GATHERED) {
            passOn(ctx);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        passOn(ctx);
        ctx.flush();
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
    }

    /** Writes what was gathered, as one buffer. */
    private void passOn(ChannelHandlerContext ctx) {
        ByteBuf buf = gathered;
        if (buf == null) {
            return;
        }
        gathered = null;
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
