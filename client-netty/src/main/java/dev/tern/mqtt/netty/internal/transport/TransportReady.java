package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttTransportException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last transport handler, just before the MQTT codec: completes {@link #future()} once every layer below it is
 * up (proxy tunnel, TLS handshake, WebSocket upgrade), or fails it with a Tern exception that says which layer
 * failed and why. Until then it keeps the layers' exceptions from reaching the MQTT handlers; afterwards it turns a
 * TLS failure (a server refusing the client certificate after a TLS 1.3 handshake) into the same exceptions.
 *
 * <p>Event loop only.
 */
public final class TransportReady extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(TransportReady.class);

    private final String server;
    private final VerdictTrustManager trust;
    private final boolean webSocket;
    private Promise<Void> ready;
    private int pendingLayers;

    TransportReady(String server, VerdictTrustManager trust, boolean webSocket) {
        this.server = server;
        this.trust = trust;
        this.webSocket = webSocket;
    }

    /**
     * The readiness of the channel's transport: already complete for plain TCP without a proxy, which has no layer
     * to wait for (and so no {@code TransportReady} in its pipeline).
     */
    public static Future<Void> future(Channel channel) {
        TransportReady handler = channel.pipeline().get(TransportReady.class);
        return handler == null ? channel.newSucceededFuture() : handler.ready;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ready = ctx.executor().newPromise();
        ProxyHandler proxy = ctx.pipeline().get(ProxyHandler.class);
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        pendingLayers = (proxy != null ? 1 : 0) + (tls != null ? 1 : 0) + (webSocket ? 1 : 0);
        if (proxy != null) {
            proxy.connectFuture().addListener(f -> layerDone(ctx, "proxy", f.cause()));
        }
        if (tls != null) {
            tls.handshakeFuture().addListener(f -> layerDone(ctx, "TLS", f.cause()));
        }
        if (pendingLayers == 0) {
            ready.trySuccess(null);
        }
    }

    private void layerDone(ChannelHandlerContext ctx, String layer, Throwable cause) {
        if (ready.isDone()) {
            return;
        }
        if (cause != null) {
            fail(ctx, cause);
            return;
        }
        if (log.isDebugEnabled()) {
            if (layer.equals("TLS")) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                log.debug("TLS with {} established: {} {}{}", server, tls.engine().getSession().getProtocol(),
                        tls.engine().getSession().getCipherSuite(),
                        tls.applicationProtocol() == null ? "" : ", ALPN " + tls.applicationProtocol());
            } else {
                log.debug("{} to {} established", layer, server);
            }
        }
        if (--pendingLayers == 0) {
            ready.trySuccess(null);
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        MqttException classified = TransportFailures.classify(cause, trust, server);
        if (classified == null) {
            classified = new MqttTransportException("setting up the connection to " + server + " failed: " + cause,
                    cause);
        }
        log.debug("transport to {} failed: {}", server, classified.getMessage());
        ready.tryFailure(classified);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            layerDone(ctx, "WebSocket", null);
            return;
        }
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, new MqttTransportException("the WebSocket upgrade to " + server + " timed out", null));
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ready.isDone()) {
            fail(ctx, cause);
            return;
        }
        MqttException classified = TransportFailures.classify(cause, trust, server);
        ctx.fireExceptionCaught(classified != null ? classified : cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ready.isDone()) {
            fail(ctx, new MqttTransportException("the connection to " + server
                    + " closed before the transport was set up (proxy, TLS or WebSocket)", null));
        }
        super.channelInactive(ctx);
    }
}
