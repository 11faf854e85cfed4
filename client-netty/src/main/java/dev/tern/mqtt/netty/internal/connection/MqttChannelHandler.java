package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.codec.MqttDecodeException;
import dev.tern.mqtt.netty.internal.codec.MqttDecoderHandler;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import io.netty.channel.ChannelHandlerContext;

import java.util.function.Consumer;

/**
 * The last handler of a client channel: decodes the received bytes and passes the packets, errors and the end of the
 * channel to {@link ClientCore}, and drives the connection's {@link KeepAlive} once the server has accepted it. One
 * instance per channel; every method runs on the channel's event loop.
 *
 * <p>Why the decoder and the client's handler are one: as two handlers, a client channel had a handler context
 * (64 bytes) and a handler (32 bytes) more, and the decoder handed each packet to the next handler anyway. Why
 * keep-alive lives here and not in a handler of its own: adding that handler at every CONNACK was a pipeline change
 * per connect, and its context 64 bytes per connection. Socket reads end here; the flushes keep-alive must see are
 * reported by {@link KeepAliveFlushes}, which sits in front of this handler because an inbound handler sees none.
 *
 * <p>It is also keep-alive's {@code onDead} ({@link #accept}): a method reference per connection was 16 bytes.
 */
final class MqttChannelHandler extends MqttDecoderHandler implements Consumer<String> {

    private final ClientCore core;
    private ChannelHandlerContext ctx;
    /** Null until {@link #startKeepAlive}, and after {@link #stopKeepAlive}. */
    private KeepAlive keepAlive;

    /**
     * @param version the protocol version the decoder starts with
     * @param maximumPacketSize the largest packet accepted, in bytes
     * @param watchForMqtt311Refusal whether the server's first bytes may be an MQTT 3.1.1 refusal of a 5.0 CONNECT
     *        (see {@link MqttDecoderHandler#MqttDecoderHandler(MqttVersion, int, Consumer, Consumer)})
     */
    MqttChannelHandler(ClientCore core, MqttVersion version, int maximumPacketSize, boolean watchForMqtt311Refusal) {
        super(version, maximumPacketSize, watchForMqtt311Refusal);
        this.core = core;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        stopKeepAlive();
    }

    /**
     * Starts keep-alive with the interval the server accepted (more than 0 seconds). Without {@code ownTimer} its
     * first check waits for {@link #keepAliveTimerFired}, which the caller's timer (the connection attempt's, in
     * {@code ClientCore}) must call within the interval; the checks after it keep a timer of their own.
     *
     * @param onDead told when the connection is dead: the client's is this handler itself ({@link #accept})
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

    /** Keep-alive declared the connection dead: the core closes it, if it is still the core's. */
    @Override
    public void accept(String message) {
        core.keepAliveTimedOut(ctx.channel(), message);
    }

    /** A flush is on its way out (from {@link KeepAliveFlushes}). */
    void flushed() {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.flushed();
        }
    }

    @Override
    protected void received(MqttPacket packet) {
        core.packetReceived(ctx.channel(), packet);
    }

    @Override
    protected void mqtt311Refused(ConnAckReasonCode code) {
        core.mqtt311Refusal(ctx.channel(), code);
    }

    @Override
    protected void malformed(ChannelHandlerContext ctx, MqttDecodeException e) {
        core.channelFailed(ctx.channel(), e);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.readComplete();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx); // the decoder first: packets still in its buffer arrive before the end
        core.channelClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        core.channelFailed(ctx.channel(), cause);
    }
}
