package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.function.Consumer;

/**
 * The last handler of a client channel: passes packets, errors and the end of the channel to {@link ClientCore},
 * and drives the connection's {@link KeepAlive} once the server has accepted it. The decoder hands packets here
 * directly ({@link #accept}, see {@code ClientCore.initPipeline}); any that come down the pipeline are passed on
 * too. One instance per channel; every method runs on the channel's event loop.
 *
 * <p>Why keep-alive lives here and not in a handler of its own: adding that handler at every CONNACK was a pipeline
 * change per connect, and its context 64 bytes per connection. Flushes the client asks for start at the tail, so
 * they pass here first; socket reads end here.
 */
final class MqttChannelHandler extends ChannelDuplexHandler implements Consumer<MqttPacket> {

    private final ClientCore core;
    private ChannelHandlerContext ctx;
    /** Null until {@link #startKeepAlive}, and after {@link #stopKeepAlive}. */
    private KeepAlive keepAlive;

    MqttChannelHandler(ClientCore core) {
        this.core = core;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopKeepAlive();
    }

    /**
     * Starts keep-alive with the interval the server accepted (more than 0 seconds). Without {@code ownTimer} its
     * first check waits for {@link #keepAliveTimerFired}, which the caller's timer (the connection attempt's, in
     * {@code ClientCore}) must call within the interval; the checks after it keep a timer of their own.
     */
    void startKeepAlive(int keepAliveSeconds, Consumer<String> onDead, boolean ownTimer) {
        stopKeepAlive();
        keepAlive = new KeepAlive(ctx, keepAliveSeconds, onDead, ownTimer);
    }

    /** The timer handed over at {@link #startKeepAlive} fired: keep-alive checks, and schedules its next check. */
    void keepAliveTimerFired() {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.run();
        }
    }

    /** Stops keep-alive, if it runs. */
    void stopKeepAlive() {
        KeepAlive k = keepAlive;
        if (k != null) {
            keepAlive = null;
            k.stop();
        }
    }

    /** A packet from the decoder. */
    @Override
    public void accept(MqttPacket packet) {
        core.packetReceived(ctx.channel(), packet);
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
    public void channelReadComplete(ChannelHandlerContext ctx) {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.flushed();
        }
        ctx.flush();
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
