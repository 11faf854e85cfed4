package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.ProxyOptions;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.WebSocketOptions;
import dev.tern.mqtt.exceptions.MqttException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
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
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The transport of one connection attempt to one server: plain TCP, TLS, WebSocket or WebSocket over TLS, each
 * optionally through a proxy. {@link #open} reads what must be read again on every attempt (certificate and key
 * files); {@link #connect} opens the channel and puts the layers into its pipeline, in this order from the network
 * up:
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
    /** The last IP literal connected to: a fleet then shares one remote address (96 bytes each). Any thread. */
    private static volatile Literal lastLiteral;

    /** An IP literal and port with its address. */
    private record Literal(String host, int port, InetSocketAddress address) {
    }

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

    /**
     * Registers the new {@code channel} on {@code loop}, builds its pipeline (the transport's handlers, then
     * {@code clientHandlers} adds the client's after them) and connects it to the server (or to the proxy, which then
     * connects to the server). Runs on {@code loop}.
     *
     * <p>What a Netty {@code Bootstrap} would do, without one: a bootstrap per attempt, with its option map, its
     * initializer (added to the pipeline and removed again) and its resolver group lookup, was a measurable part of
     * the client's time per connect in a fleet. The pipeline is built once the channel is registered: handlers added
     * before wait in a list of deferred tasks (one object each) until registration calls their {@code handlerAdded}.
     *
     * @return the connect future; failed with {@link UnknownHostException} if the server's name cannot be resolved
     */
    public ChannelFuture connect(EventLoop loop, Channel channel, Consumer<Channel> clientHandlers) {
        ChannelPromise connected = channel.newPromise();
        ChannelFuture registered = loop.register(channel);
        if (registered.isDone()) {
            connectRegistered(registered, connected, clientHandlers);
        } else {
            registered.addListener((ChannelFutureListener) f -> connectRegistered(f, connected, clientHandlers));
        }
        return connected;
    }

    private void connectRegistered(ChannelFuture registered, ChannelPromise connected,
            Consumer<Channel> clientHandlers) {
        Channel channel = registered.channel();
        if (!registered.isSuccess()) {
            if (channel.isRegistered()) {
                channel.close();
            } else {
                channel.unsafe().closeForcibly();
            }
            connected.setFailure(registered.cause());
            return;
        }
        initChannel(channel);
        clientHandlers.accept(channel);
        InetSocketAddress target;
        if (settings.proxy() != null) {
            // the proxy resolves the server's name: it may be unknown to (or different in) the client's DNS
            target = InetSocketAddress.createUnresolved(host, port);
        } else {
            try {
                target = resolve(host, port);
            } catch (UnknownHostException e) {
                channel.close();
                connected.setFailure(e);
                return;
            }
        }
        channel.connect(target, connected);
    }

    /**
     * The server's address, resolved on every attempt (as Netty's default resolver does: by the JDK, which caches
     * names for a while) so that a changed DNS entry is followed. An IP literal needs no resolution, and its address
     * is shared.
     */
    private static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
        Literal last = lastLiteral;
        if (last != null && last.port() == port && last.host().equals(host)) {
            return last.address();
        }
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            Literal literal = new Literal(host, port, new InetSocketAddress(InetAddress.getByName(host), port));
            lastLiteral = literal;
            return literal.address();
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** Adds the transport handlers to a new channel's pipeline; the MQTT handlers go after them. */
    private void initChannel(Channel ch) {
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
