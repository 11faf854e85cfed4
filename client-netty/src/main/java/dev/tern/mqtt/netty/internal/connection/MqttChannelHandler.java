package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a client channel: passes errors and the end of the channel to {@link ClientCore}, and any
 * packet that comes down the pipeline (the decoder hands packets to the core directly, see
 * {@code ClientCore.initPipeline}). One instance per channel; every method runs on the channel's event loop.
 */
final class MqttChannelHandler extends ChannelInboundHandlerAdapter {

    private final ClientCore core;

    MqttChannelHandler(ClientCore core) {
        this.core = core;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttPacket) {
            core.packetReceived(ctx.channel(), (MqttPacket) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.channelClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        core.channelFailed(ctx.channel(), cause);
    }
}
