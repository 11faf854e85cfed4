package dev.tern.mqtt.netty.internal.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Netty's flush consolidation, which also tells keep-alive of every flush the client asks for (what is sent goes out
 * with one). Why here: keep-alive lives in {@link MqttChannelHandler}, an inbound handler (the decoder), which sees
 * no flush; a duplex handler of its own for this was a handler context (64 bytes) per connection more. Flushes start
 * at the tail, so every flush the client asks for passes here. Event loop only.
 */
final class KeepAliveFlushes extends FlushConsolidationHandler {

    private final MqttChannelHandler last;

    KeepAliveFlushes(int explicitFlushAfterFlushes, MqttChannelHandler last) {
        super(explicitFlushAfterFlushes, true);
        this.last = last;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        last.flushed();
        super.flush(ctx);
    }
}
