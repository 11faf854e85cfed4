package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.util.Objects;

/**
 * Writes {@link MqttPacket}s as bytes with {@link MqttPacketEncoder}, one exactly sized buffer per packet; other
 * messages pass through untouched. One instance per channel, because the protocol version is per connection.
 *
 * <p>A packet that cannot be encoded fails its write promise with the {@link IllegalArgumentException}; nothing is
 * written and the channel stays open.
 */
public final class MqttEncoderHandler extends ChannelOutboundHandlerAdapter {

    private volatile MqttVersion version;

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
            ctx.write(msg, promise);
            return;
        }
        ByteBuf encoded;
        try {
            encoded = MqttPacketEncoder.encode(ctx.alloc(), (MqttPacket) msg, version);
        } catch (IllegalArgumentException e) {
            promise.setFailure(e);
            return;
        }
        ctx.write(encoded, promise);
    }
}
