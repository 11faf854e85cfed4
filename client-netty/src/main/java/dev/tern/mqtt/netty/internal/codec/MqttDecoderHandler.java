package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.WrappedByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.function.Consumer;

/**
 * Turns received bytes into {@link MqttPacket}s with an {@link MqttPacketDecoder}. One instance per channel.
 *
 * <p>On a malformed packet it fires {@code exceptionCaught} with the {@link MqttDecodeException} itself (not
 * wrapped in a {@code DecoderException}), turns auto-read off, and from then on discards every byte that still
 * arrives: after a malformed packet nothing on the connection can be trusted (MQTT 5.0 section 4.13). Packets
 * decoded before the bad one are still passed on, in order. Closing the channel (after a DISCONNECT with the
 * exception's reason code, where the version allows one) is left to the handler that receives the exception.
 *
 * <p>All methods run on the channel's event loop; {@link #setVersion} and {@link #setMaximumPacketSize} must be
 * called there too.
 */
public final class MqttDecoderHandler extends ByteToMessageDecoder {

    private final MqttPacketDecoder decoder;
    /** Where decoded packets go instead of down the pipeline; null: down the pipeline. */
    private final Consumer<MqttPacket> receiver;
    private boolean failed;

    /**
     * Creates the handler.
     *
     * @param version the protocol version until {@link #setVersion} changes it
     * @param maximumPacketSize the largest packet accepted, in bytes, fixed header included
     */
    public MqttDecoderHandler(MqttVersion version, int maximumPacketSize) {
        this(version, maximumPacketSize, null);
    }

    /**
     * Creates the handler that hands each decoded packet to {@code receiver} at once, on the event loop, instead of
     * firing it down the pipeline: for the last handler, which is all the packets are for. Why: the trip through the
     * pipeline (the decoder's output list, a context lookup and a handler call per packet) was a large part of the
     * cost of an acknowledgement. Everything else (errors, the end of a read) still goes down the pipeline.
     */
    public MqttDecoderHandler(MqttVersion version, int maximumPacketSize, Consumer<MqttPacket> receiver) {
        this.decoder = new MqttPacketDecoder(version, maximumPacketSize);
        this.receiver = receiver;
    }

    /** Sets the protocol version for the packets still to come, for example after CONNACK. */
    public void setVersion(MqttVersion version) {
        decoder.setVersion(version);
    }

    /** Sets the largest packet accepted from now on, in bytes. */
    public void setMaximumPacketSize(int maximumPacketSize) {
        decoder.setMaximumPacketSize(maximumPacketSize);
    }

    /** Whether a malformed packet has been received; no packet is decoded after that. */
    public boolean hasFailed() {
        return failed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (failed) {
            // The superclass would ask for another read when nothing was decoded and auto-read is off; after a
            // failure we want no more reads.
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        // Every complete PUBLISH and acknowledgement at once: the superclass's loop does several calls on the buffer
        // per decode() call. Any other packet ends the call, as its handling may change how the next is decoded
        // (the protocol version after CONNECT or CONNACK).
        // Read through the buffer a leak-detector wrapper holds, if any: the same bytes and indices, a call fewer
        // per byte, and the JIT need not handle every read site as two types (the cumulation can stay wrapped for
        // a long time, as long as each read ends in the middle of a packet).
        ByteBuf src = in instanceof WrappedByteBuf ? in.unwrap() : in;
        MqttPacket packet;
        do {
            try {
                packet = decoder.decode(src);
            } catch (MqttDecodeException e) {
                if (!out.isEmpty()) {
                    return; // the packets before it go on first; the next call meets the error again
                }
                failed = true;
                in.skipBytes(in.readableBytes());
                ctx.channel().config().setAutoRead(false);
                ctx.fireExceptionCaught(e);
                return;
            }
            if (packet == null) {
                return;
            }
            if (receiver == null) {
                out.add(packet);
            } else {
                receiver.accept(packet);
                if (ctx.isRemoved()) {
                    return; // the receiver took the pipeline apart: the superclass hands on what is left
                }
            }
        } while (isMessageFlow(packet.type()));
    }

    private static boolean isMessageFlow(PacketType type) {
        return type == PacketType.PUBACK || type == PacketType.PUBLISH || type == PacketType.PUBREC
                || type == PacketType.PUBREL || type == PacketType.PUBCOMP;
    }
}
