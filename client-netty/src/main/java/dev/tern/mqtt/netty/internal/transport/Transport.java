package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.ProxyOptions;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.WebSocketOptions;
import dev.tern.mqtt.exceptions.MqttException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The transport of one connection attempt to one server: plain TCP, TLS, WebSocket or WebSocket over TLS, each
 * optionally through a proxy. {@link #open} reads what must be read again on every attempt (certificate and key
 * files); {@link #connect} opens the channel and {@link #initChannel} puts the layers into its pipeline, in this
 * order from the network up:
 *
 * <pre>
 *   proxy (HTTP CONNECT or SOCKS5) → TLS → HTTP codec → WebSocket upgrade → WebSocket frames → TransportReady → MQTT
 * </pre>
 *
 * <p>Plain TCP without a proxy has none of these layers and gets no {@link TransportReady} either.
 *
 * <p>Hostname verification and SNI use the host of the server URI; with a proxy the proxy resolves that name.
 * Event loop only, except {@link #open}, which may run anywhere.
 */
public final class Transport {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);
    /** The WebSocket path used when the URI has none; HiveMQ, Mosquitto and most brokers serve it. */
    static final String DEFAULT_WEBSOCKET_PATH = "/mqtt";

    private final URI uri;
    private final Scheme scheme;
    private final String host;
    private final int port;
    private final TransportSettings settings;
    private final TlsContextFactory.TlsContext tls;

    private Transport(URI uri, Scheme scheme, TransportSettings settings, TlsContextFactory.TlsContext tls) {
        this.uri = uri;
        this.scheme = scheme;
        String h = uri.getHost();
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.port = uri.getPort() < 0 ? scheme.defaultPort() : uri.getPort();
        this.settings = settings;
        this.tls = tls;
    }

    /**
     * The transport for one attempt to {@code server}; builds a fresh SSL context for TLS schemes.
     *
     * @throws IllegalArgumentException if the URI's scheme is not one of the four, or it has no host
     * @throws MqttException (an {@code MqttTlsException}) if a certificate or key file cannot be used
     */
    public static Transport open(URI server, TransportSettings settings) {
        Scheme scheme = Scheme.of(server.getScheme()).orElseThrow(() -> new IllegalArgumentException(
                "unknown server URI scheme: " + server.getScheme()));
        if (server.getHost() == null) {
            throw new IllegalArgumentException("server URI needs a host: " + server);
        }
        TlsOptions tlsOptions = settings.tls();
        TlsContextFactory.TlsContext tls = scheme.isTls() ? TlsContextFactory.create(tlsOptions) : null;
        if (scheme.isTls() && !tlsOptions.isHostnameVerification()) {
            log.warn("TLS hostname verification is OFF for {}: any server with a trusted certificate can pose as it",
                    server);
        }
        return new Transport(server, scheme, settings, tls);
    }

    public Scheme scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Opens the channel to the server (or to the proxy, which then connects to the server). */
    public ChannelFuture connect(Bootstrap bootstrap) {
        InetSocketAddress target = InetSocketAddress.createUnresolved(host, port);
        if (settings.proxy() != null) {
            // the proxy resolves the server's name: it may be unknown to (or different in) the client's DNS
            return bootstrap.clone().resolver(NoopAddressResolverGroup.INSTANCE).connect(target);
        }
        return bootstrap.connect(target);
    }

    /** Adds the transport handlers to a new channel's pipeline; the MQTT handlers go after them. */
    public void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        ProxyOptions proxy = settings.proxy();
        long connectMillis = settings.connectTimeout().toMillis();
        if (proxy != null) {
            p.addLast("proxy", proxyHandler(proxy, connectMillis));
        }
        if (tls != null) {
            p.addLast("tls", sslHandler(ch));
        }
        if (scheme.isWebSocket()) {
            WebSocketOptions ws = settings.webSocket();
            int inbound = (int) Math.max(ws.maxFrameSize(), Math.min(Integer.MAX_VALUE, settings.maximumPacketSize()));
            p.addLast("http-codec", new HttpClientCodec());
            p.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
            p.addLast("ws-protocol", new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(webSocketUri())
                    .subprotocol(WebSocketOptions.SUBPROTOCOL)
                    .version(WebSocketVersion.V13)
                    .customHeaders(headers(ws))
                    .maxFramePayloadLength(inbound)
                    .handshakeTimeoutMillis(connectMillis)
                    .dropPongFrames(true)
                    .handleCloseFrames(true)
                    .build()));
            p.addLast("ws-frames", new WebSocketFrames(ws.maxFrameSize()));
        }
        if (proxy == null && tls == null && !scheme.isWebSocket()) {
            // plain TCP: nothing to wait for and no layer whose failures need naming; one handler less per channel
            return;
        }
        p.addLast("transport-ready", new TransportReady(describe(), tls == null ? null : tls.trust(),
                scheme.isWebSocket()));
    }

    private ProxyHandler proxyHandler(ProxyOptions proxy, long connectMillis) {
        InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
        ProxyHandler handler;
        if (proxy.type() == ProxyOptions.Type.HTTP) {
            handler = proxy.username().isPresent()
                    ? new HttpProxyHandler(address, proxy.username().get(), proxy.password().orElse(""))
                    : new HttpProxyHandler(address);
        } else {
            handler = new Socks5ProxyHandler(address, proxy.username().orElse(null), proxy.password().orElse(null));
        }
        handler.setConnectTimeoutMillis(connectMillis);
        return handler;
    }

    private SslHandler sslHandler(Channel ch) {
        TlsOptions o = settings.tls();
        SslHandler handler = tls.sslContext().newHandler(ch.alloc(), host, port);
        SSLEngine engine = handler.engine();
        SSLParameters params = engine.getSSLParameters();
        // checked by the JDK's trust manager against the certificate's subject alternative names (RFC 2818)
        params.setEndpointIdentificationAlgorithm(o.isHostnameVerification() ? "HTTPS" : null);
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        params.setProtocols(o.protocols().toArray(new String[0]));
        engine.setSSLParameters(params);
        handler.setHandshakeTimeoutMillis(o.handshakeTimeout().toMillis());
        return handler;
    }

    private URI webSocketUri() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? DEFAULT_WEBSOCKET_PATH
                : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return URI.create((scheme.isTls() ? "wss://" : "ws://") + authority + path + query);
    }

    private static HttpHeaders headers(WebSocketOptions ws) {
        HttpHeaders headers = new DefaultHttpHeaders();
        Map<String, String> extra = ws.headers().get();
        if (extra != null) {
            extra.forEach(headers::add);
        }
        return headers;
    }

    /** The server and transport, for messages: never contains credentials. */
    public String describe() {
        String prefix = switch (scheme) {
            case TCP -> "mqtt";
            case TLS -> "mqtts";
            case WS -> "ws";
            case WSS -> "wss";
        };
        String s = prefix + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
                + (scheme.isWebSocket() ? webSocketUri().getRawPath() : "");
        return settings.proxy() == null ? s : s + " via " + settings.proxy();
    }
}
