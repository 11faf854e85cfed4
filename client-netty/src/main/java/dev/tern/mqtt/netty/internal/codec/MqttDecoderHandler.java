package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.reason.ConnAckReasonCode;

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
 * <p>It can also recognise a broker that answers an MQTT 5.0 CONNECT with an MQTT 3.1.1 CONNACK refusal (see
 * {@link #MqttDecoderHandler(MqttVersion, int, Consumer, Consumer)}).
 *
 * <p>A subclass may take the packets, the refusal and the malformed-packet error itself ({@link #received},
 * {@link #mqtt311Refused}, {@link #malformed}): the client's last handler is such a subclass, so that a client
 * channel has one handler (and one handler context, 64 bytes) less.
 *
 * <p>All methods run on the channel's event loop; {@link #setVersion} and {@link #setMaximumPacketSize} must be
 * called there too.
 */
public class MqttDecoderHandler extends ByteToMessageDecoder {

    private final MqttPacketDecoder decoder;
    /** Where decoded packets go instead of down the pipeline (see {@link #received}); null: a subclass's own. */
    private final Consumer<MqttPacket> receiver;
    /** Told of a 3.1.1 refusal (see {@link #mqtt311Refused}); null: a subclass's own. */
    private Consumer<ConnAckReasonCode> mqtt311Refusal;
    /** Whether decoded packets go to {@link #received} rather than down the pipeline. */
    private final boolean direct;
    /** Whether the first bytes of the server's answer are still to be looked at for a 3.1.1 refusal. */
    private boolean watchingFor311;
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
        this(version, maximumPacketSize, receiver, null);
    }

    /**
     * As {@link #MqttDecoderHandler(MqttVersion, int, Consumer)}, and also watching the first bytes the server sends
     * for an MQTT 3.1.1 CONNACK refusal of an MQTT 5.0 CONNECT, such as Aedes's {@code 20 02 00 01} (return code 1,
     * unacceptable protocol version), which the 5.0 decoder cannot read: a 5.0 CONNACK always has a property
     * length, so its remaining length is at least 3, and 0x01 is no 5.0 reason code. If the first bytes are exactly
     * such a refusal ({@code 20 02 00 rc}, rc 1 to 5), they are consumed and {@code mqtt311Refusal} is told the
     * reason code that stands for the return code; anything else is decoded as usual. Why here and not in a handler
     * of its own in front of the decoder: adding one to and removing it from the pipeline on every connect was a
     * measurable part of a connect's cost, and a handler context more per connection while it was there.
     *
     * @param mqtt311Refusal called at most once, on the event loop; null to decode the first bytes like any others
     */
    public MqttDecoderHandler(MqttVersion version, int maximumPacketSize, Consumer<MqttPacket> receiver,
            Consumer<ConnAckReasonCode> mqtt311Refusal) {
        this.decoder = new MqttPacketDecoder(version, maximumPacketSize);
        this.receiver = receiver;
        this.mqtt311Refusal = mqtt311Refusal;
        this.direct = receiver != null;
        this.watchingFor311 = mqtt311Refusal != null;
    }

    /**
     * For a subclass that takes every decoded packet in {@link #received} and, if {@code watchForMqtt311Refusal}, the
     * refusal in {@link #mqtt311Refused} (see {@link #MqttDecoderHandler(MqttVersion, int, Consumer, Consumer)}).
     */
    protected MqttDecoderHandler(MqttVersion version, int maximumPacketSize, boolean watchForMqtt311Refusal) {
        this.decoder = new MqttPacketDecoder(version, maximumPacketSize);
        this.receiver = null;
        this.direct = true;
        this.watchingFor311 = watchForMqtt311Refusal;
    }

    /** A decoded packet, when packets do not go down the pipeline: to the receiver, unless a subclass takes it. */
    protected void received(MqttPacket packet) {
        receiver.accept(packet);
    }

    /** The server's answer was an MQTT 3.1.1 CONNACK refusal: to the consumer, unless a subclass takes it. */
    protected void mqtt311Refused(ConnAckReasonCode code) {
        mqtt311Refusal.accept(code);
    }

    /** A malformed packet arrived (nothing more is decoded): down the pipeline, unless a subclass takes it. */
    protected void malformed(ChannelHandlerContext ctx, MqttDecodeException e) {
        ctx.fireExceptionCaught(e);
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
        if (watchingFor311 && tookMqtt311Refusal(src)) {
            return;
        }
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
                malformed(ctx, e);
                return;
            }
            if (packet == null) {
                return;
            }
            if (!direct) {
                out.add(packet);
            } else {
                received(packet);
                if (ctx.isRemoved()) {
                    return; // the receiver took the pipeline apart: the superclass hands on what is left
                }
            }
        } while (isMessageFlow(packet.type()));
    }

    /**
     * Looks at the first bytes of the server's answer. True if this call decodes nothing more: too few bytes to tell
     * yet, or a 3.1.1 refusal, which is consumed and reported (the receiver of the report ends the connection).
     * False once the bytes are known to be no such refusal; they are then decoded as usual.
     */
    private boolean tookMqtt311Refusal(ByteBuf in) {
        if (in.readableBytes() < 2) {
            return true;
        }
        int start = in.readerIndex();
        if (in.getUnsignedByte(start) == 0x20 && in.getUnsignedByte(start + 1) == 0x02) {
            if (in.readableBytes() < 4) {
                return true;
            }
            ConnAckReasonCode code = Mqtt311ReturnCodes.connAck(in.getUnsignedByte(start + 3));
            if (in.getUnsignedByte(start + 2) == 0 && code != null && code != ConnAckReasonCode.SUCCESS) {
                watchingFor311 = false;
                in.skipBytes(4);
                mqtt311Refused(code);
                mqtt311Refusal = null;
                return true;
            }
        }
        watchingFor311 = false;
        mqtt311Refusal = null; // not a 3.1.1 refusal: a 5.0 packet, or malformed, as the decoder will say
        return false;
    }

    private static boolean isMessageFlow(PacketType type) {
        return type == PacketType.PUBACK || type == PacketType.PUBLISH || type == PacketType.PUBREC
                || type == PacketType.PUBREL || type == PacketType.PUBCOMP;
    }
}
