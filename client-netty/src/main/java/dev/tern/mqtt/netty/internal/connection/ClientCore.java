package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAuthenticationException;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException.ClosedBy;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.codec.MqttDecoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.dispatch.CallbackDispatcher;
import dev.tern.mqtt.netty.internal.dispatch.Delivery;
import dev.tern.mqtt.netty.internal.dispatch.MessageStream;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.session.ClientSession;
import dev.tern.mqtt.netty.internal.session.OutgoingPublish;
import dev.tern.mqtt.netty.internal.session.PacketMapper;
import dev.tern.mqtt.netty.internal.session.ServerLimits;
import dev.tern.mqtt.netty.internal.session.SessionListener;
import dev.tern.mqtt.netty.internal.transport.Transport;
import dev.tern.mqtt.netty.internal.transport.TransportReady;
import dev.tern.mqtt.netty.internal.transport.TransportSettings;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The connection state machine of one client (see {@link ClientState} for the picture): opens channels, sends
 * CONNECT, waits for CONNACK, routes packets to the {@link ClientSession}, keeps the connection alive, and turns
 * every way a connection can end into one cause.
 *
 * <p>Threading: every method that is not marked otherwise runs on {@link #loop()}, the one event loop all of this
 * client's channels are registered on; the public client hops there with {@link #execute}. Fields marked volatile
 * may be read from any thread.
 */
public final class ClientCore implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

    // immutable, any thread
    private final MqttClientOptions options;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final CallbackDispatcher dispatcher;
    private final MessageStream stream;
    private final ClientSession session;
    private final Map<Publish, Runnable> manualAcks = Collections.synchronizedMap(new IdentityHashMap<>());
    private final TransportSettings transportSettings;
    /** MQTT 5.0 enhanced authentication, or null without an authenticator. */
    private final EnhancedAuth auth;

    // any thread
    private volatile ClientState state = ClientState.DISCONNECTED;
    private volatile String clientId;
    private volatile MqttVersion version;
    private volatile Consumer<Publish> catchAll;

    // event loop only
    private Channel channel;
    /** The transport of the current (or last) connection attempt. */
    private Transport transport;
    private ChannelFuture pendingConnect;
    private CompletableFuture<ConnAck> connectFuture;
    private ScheduledFuture<?> connAckTimer;
    private KeepAlive keepAlive;
    private boolean fellBack;
    private boolean closing;
    /** Why the current channel is being closed, set just before closing it; null means the peer closed it. */
    private MqttException closeCause;
    private final List<CompletableFuture<Void>> closeWaiters = new ArrayList<>();

    /** Any thread. */
    public ClientCore(MqttClientOptions options, EventLoop loop, CallbackDispatcher dispatcher) {
        this.options = options;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.stream = new MessageStream(dispatcher);
        this.session = new ClientSession(loop, this);
        this.clientId = options.clientId();
        this.version = options.version();
        this.transportSettings = new TransportSettings(options.tls(), options.webSocket(),
                options.proxy().orElse(null), options.connectTimeout(), options.maximumPacketSize());
        this.auth = options.authenticator().map(EnhancedAuth::new).orElse(null);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        initPipeline(ch);
                    }
                });
    }

    private void initPipeline(Channel ch) {
        int maxIn = (int) Math.min(Integer.MAX_VALUE, options.maximumPacketSize());
        transport.initChannel(ch);
        ch.pipeline()
                .addLast("mqtt-decoder", new MqttDecoderHandler(version, maxIn))
                .addLast("mqtt-encoder", new MqttEncoderHandler(version))
                .addLast("mqtt-client", new MqttChannelHandler(this));
    }

    // ---- accessors, any thread ---------------------------------------------------------------------------------

    public EventLoop loop() {
        return loop;
    }

    public ClientState state() {
        return state;
    }

    public String clientId() {
        return clientId;
    }

    public MqttVersion version() {
        return version;
    }

    /** The session; its methods are for the event loop only, its counters may be read anywhere for tests. */
    public ClientSession session() {
        return session;
    }

    public MessageStream stream() {
        return stream;
    }

    public MqttClientOptions options() {
        return options;
    }

    public void setCatchAll(Consumer<Publish> handler) {
        this.catchAll = handler;
    }

    /** Runs a manual acknowledgement registered for {@code message}, if any. Any thread. */
    public void acknowledge(Publish message) {
        Runnable ack = manualAcks.remove(message);
        if (ack != null) {
            ack.run();
        }
    }

    /**
     * Runs {@code task} on the event loop; if the loop no longer accepts work (its group was shut down), runs
     * {@code rejected} on the calling thread instead. Any thread.
     */
    public void execute(Runnable task, Runnable rejected) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            rejected.run();
        }
    }

    // ---- connect ---------------------------------------------------------------------------------------------

    /** Starts connecting; {@code future} completes with the CONNACK or fails. */
    public void connect(CompletableFuture<ConnAck> future) {
        if (state != ClientState.DISCONNECTED) {
            future.completeExceptionally(new MqttClientStateException(
                    "connect() needs state DISCONNECTED, the client is " + state));
            return;
        }
        state = ClientState.CONNECTING;
        connectFuture = future;
        openChannel();
    }

    private void openChannel() {
        log.debug("connecting to {} with MQTT {}", options.serverUri(), version);
        try {
            transport = Transport.open(options.serverUri(), transportSettings); // re-reads certificate files
        } catch (MqttException e) {
            connectFailed(e);
            return;
        }
        ChannelFuture cf = transport.connect(bootstrap);
        pendingConnect = cf;
        cf.addListener((ChannelFutureListener) this::tcpConnectDone);
    }

    private void tcpConnectDone(ChannelFuture cf) {
        if (cf != pendingConnect) {
            cf.channel().close();
            return;
        }
        pendingConnect = null;
        if (!cf.isSuccess()) {
            MqttException cause;
            if (closeCause != null) {
                cause = closeCause;
                closeCause = null;
            } else if (cf.cause() instanceof ConnectTimeoutException) {
                cause = new MqttTimeoutException("could not connect to " + options.serverUri() + " within "
                        + options.connectTimeout(), cf.cause());
            } else {
                cause = new MqttConnectionLostException("could not connect to " + options.serverUri() + ": "
                        + cf.cause(), ClosedBy.NETWORK, null, null, cf.cause());
            }
            connectFailed(cause);
            return;
        }
        Channel ch = cf.channel();
        channel = ch;
        // CONNECT waits for the transport: proxy tunnel, TLS handshake, WebSocket upgrade
        TransportReady.future(ch).addListener(f -> {
            if (channel != ch) {
                return;
            }
            if (f.isSuccess()) {
                sendConnect(ch);
            } else {
                closeWith((MqttException) f.cause());
            }
        });
    }

    private void sendConnect(Channel ch) {
        ConnectPacket connect = PacketMapper.connect(options, clientId, version);
        if (auth != null) {
            try {
                connect = auth.begin(connect);
            } catch (MqttAuthenticationException e) {
                closeWith(e);
                return;
            }
        }
        log.debug("sending {}", connect);
        ch.writeAndFlush(connect, ch.voidPromise());
        Duration timeout = options.connAckTimeout();
        connAckTimer = loop.schedule(() -> {
            if (channel == ch && connectFuture != null) {
                closeWith(new MqttTimeoutException("no CONNACK from " + options.serverUri() + " within " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void connectFailed(MqttException cause) {
        CompletableFuture<ConnAck> f = connectFuture;
        connectFuture = null;
        state = closing ? ClientState.CLOSED : ClientState.DISCONNECTED;
        log.debug("connect to {} failed: {}", options.serverUri(), cause.getMessage());
        if (f != null) {
            f.completeExceptionally(cause);
        }
        completeCloseWaiters();
    }

    private boolean canFallBack() {
        return options.isFallbackToMqtt311() && version == MqttVersion.MQTT_5_0 && !fellBack && !closing
                && state == ClientState.CONNECTING;
    }

    /** The server refused MQTT 5.0: try again with 3.1.1 on a new channel, and keep 3.1.1 from now on. */
    private void fallBack(String why) {
        log.info("{} refused MQTT 5.0 ({}); retrying with MQTT 3.1.1", options.serverUri(), why);
        fellBack = true;
        version = MqttVersion.MQTT_3_1_1;
        Channel old = channel;
        channel = null;
        cancelTimers();
        closeCause = null;
        if (old != null) {
            old.close();
        }
        openChannel();
    }

    private void onConnAck(ConnAckPacket p) {
        cancelTimers();
        ConnAck ack = PacketMapper.connAck(p);
        if (ack.reasonCode() != ConnAckReasonCode.SUCCESS) {
            if (ack.reasonCode() == ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION && canFallBack()) {
                fallBack("CONNACK " + ack.reasonCode());
                return;
            }
            closeWith(new MqttConnectionRefusedException(ack));
            return;
        }
        if (auth != null) {
            try {
                auth.connAckSuccess(p);
            } catch (MqttAuthenticationException e) {
                closeWith(e);
                return;
            }
        }
        ack.assignedClientId().ifPresent(id -> clientId = id);
        ServerLimits limits = ServerLimits.from(ack);
        MqttVersion v = version;
        session.attach(channel, v, limits, ack.isSessionPresent(), pkt -> MqttPacketEncoder.encodedSize(pkt, v),
                v == MqttVersion.MQTT_5_0 ? options.receiveMaximum() : 65_535,
                v == MqttVersion.MQTT_5_0 ? options.topicAliasMaximum() : 0);
        int keepAliveSeconds = ack.serverKeepAlive().orElse(options.keepAliveSeconds());
        if (keepAliveSeconds > 0) {
            keepAlive = new KeepAlive(keepAliveSeconds, this::keepAliveTimedOut);
            channel.pipeline().addBefore("mqtt-client", "mqtt-keep-alive", keepAlive);
        }
        state = ClientState.CONNECTED;
        log.info("connected to {} as '{}' with MQTT {} (session present: {})", options.serverUri(), clientId,
                v == MqttVersion.MQTT_5_0 ? "5.0" : "3.1.1", ack.isSessionPresent());
        CompletableFuture<ConnAck> f = connectFuture;
        connectFuture = null;
        f.complete(ack);
    }

    private void keepAliveTimedOut(String message) {
        closeWith(new MqttConnectionLostException(message, ClosedBy.CLIENT, DisconnectReasonCode.KEEP_ALIVE_TIMEOUT,
                null, new MqttTimeoutException(message)));
    }

    // ---- packets and channel events (from MqttChannelHandler) -------------------------------------------------

    void packetReceived(Channel ch, MqttPacket packet) {
        if (ch != channel) {
            return;
        }
        if (log.isTraceEnabled()) {
            log.trace("received {}", packet);
        }
        if (connectFuture != null) {
            if (packet instanceof ConnAckPacket) {
                onConnAck((ConnAckPacket) packet);
            } else if (packet instanceof AuthPacket && auth != null) {
                onAuth((AuthPacket) packet, true);
            } else {
                protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "expected CONNACK, received " + packet.type());
            }
            return;
        }
        switch (packet.type()) {
            case PUBLISH -> session.onPublish((PublishPacket) packet);
            case PUBACK -> session.onPubAck((PubAckPacket) packet);
            case PUBREC -> session.onPubRec((PubRecPacket) packet);
            case PUBREL -> session.onPubRel((PubRelPacket) packet);
            case PUBCOMP -> session.onPubComp((PubCompPacket) packet);
            case SUBACK -> session.onSubAck((SubAckPacket) packet);
            case UNSUBACK -> session.onUnsubAck((UnsubAckPacket) packet);
            case PINGRESP -> { } // KeepAlive, earlier in the pipeline, counts every packet as a sign of life
            case DISCONNECT -> onServerDisconnect((DisconnectPacket) packet);
            case AUTH -> {
                if (auth != null) {
                    onAuth((AuthPacket) packet, false);
                } else {
                    protocolError(DisconnectReasonCode.PROTOCOL_ERROR,
                            "AUTH received, but the client did not ask for enhanced authentication");
                }
            }
            default -> protocolError(DisconnectReasonCode.PROTOCOL_ERROR,
                    "a server must not send " + packet.type());
        }
    }

    private void onAuth(AuthPacket p, boolean connecting) {
        AuthPacket answer;
        try {
            answer = auth.onAuth(p, connecting);
        } catch (MqttAuthenticationException e) {
            log.warn("ending the connection to {}: {}", options.serverUri(), e.getMessage());
            auth.failReauthentication(e);
            Channel ch = channel;
            if (closeCause == null) {
                closeCause = e;
            }
            if (!connecting && ch != null) {
                ch.writeAndFlush(DisconnectPacket.of(DisconnectReasonCode.UNSPECIFIED_ERROR))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                closeWith(e);
            }
            return;
        }
        if (answer != null) {
            channel.writeAndFlush(answer, channel.voidPromise());
        }
    }

    /** MQTT 5.0 re-authentication (4.12.1): {@code future} completes when the server accepts the new exchange. */
    public void reauthenticate(CompletableFuture<Void> future) {
        if (auth == null) {
            future.completeExceptionally(new MqttClientStateException(
                    "re-authentication needs an authenticator in the options"));
            return;
        }
        if (!checkConnected(future, "reauthenticate")) {
            return;
        }
        Channel ch = channel;
        try {
            ch.writeAndFlush(auth.reauthenticate(future), ch.voidPromise());
        } catch (IllegalStateException e) {
            future.completeExceptionally(new MqttClientStateException(e.getMessage()));
            return;
        } catch (MqttAuthenticationException e) {
            auth.failReauthentication(e);
            future.completeExceptionally(e);
            return;
        }
        Duration timeout = options.ackTimeout();
        loop.schedule(() -> {
            if (!future.isDone() && channel == ch) {
                // the exchange's state is unknown now: a later AUTH could not be matched, so end the connection
                closeWith(new MqttTimeoutException("no answer to re-authentication within " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onServerDisconnect(DisconnectPacket p) {
        String message = String.format("the server disconnected: 0x%02X %s%s", p.reasonCode().code(),
                p.reasonCode(), p.reasonString() == null ? "" : " (" + p.reasonString() + ")");
        log.info("{}", message);
        closeWith(new MqttConnectionLostException(message, ClosedBy.SERVER, p.reasonCode(), p.reasonString(),
                null));
    }

    void channelFailed(Channel ch, Throwable cause) {
        if (ch != channel) {
            log.debug("error on a channel no longer in use", cause);
            return;
        }
        if (cause instanceof MqttException && !(cause instanceof MqttProtocolException)) {
            // a transport failure classified by TransportReady (e.g. the server refused the client certificate)
            log.debug("transport error on {}: {}", ch, cause.getMessage());
            closeWith((MqttException) cause);
        } else if (cause instanceof MqttProtocolException) {
            MqttProtocolException pe = (MqttProtocolException) cause;
            if (connectFuture != null && canFallBack()) {
                fallBack("undecodable answer to an MQTT 5.0 CONNECT: " + pe.getMessage());
                return;
            }
            closeWithProtocolError(pe);
        } else if (cause instanceof IOException) {
            log.debug("network error on {}", ch, cause);
            closeWith(new MqttConnectionLostException("network error: " + cause.getMessage(), ClosedBy.NETWORK,
                    null, null, cause));
        } else {
            log.warn("unexpected error on {}; closing the connection", ch, cause);
            closeWith(new MqttConnectionLostException("unexpected error: " + cause, ClosedBy.CLIENT, null, null,
                    cause));
        }
    }

    void channelClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        cancelTimers();
        MqttException cause = closeCause;
        closeCause = null;
        if (connectFuture != null) {
            if (cause == null && canFallBack()) {
                fallBack("connection closed right after CONNECT");
                return;
            }
            connectFailed(cause != null ? cause : new MqttConnectionLostException(
                    "the server closed the connection before CONNACK", ClosedBy.SERVER, null, null, null));
            return;
        }
        MqttConnectionLostException lost = asLost(cause);
        if (auth != null) {
            auth.failReauthentication(lost);
        }
        if (state == ClientState.DISCONNECTING) {
            log.debug("disconnected from {}", options.serverUri());
        } else {
            log.info("connection to {} lost: {}", options.serverUri(), lost.getMessage());
        }
        session.detach(lost);
        state = closing ? ClientState.CLOSED : ClientState.DISCONNECTED;
        completeCloseWaiters();
    }

    private static MqttConnectionLostException asLost(MqttException cause) {
        if (cause instanceof MqttConnectionLostException) {
            return (MqttConnectionLostException) cause;
        }
        if (cause == null) {
            return new MqttConnectionLostException("the server closed the connection", ClosedBy.SERVER, null, null,
                    null);
        }
        return new MqttConnectionLostException("connection closed: " + cause.getMessage(), ClosedBy.CLIENT, null,
                null, cause);
    }

    /** Closes the current channel for {@code cause}, which then fails whatever waits on this connection. */
    private void closeWith(MqttException cause) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        if (closeCause == null) {
            closeCause = cause;
        }
        ch.close();
    }

    private void closeWithProtocolError(MqttProtocolException pe) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        log.warn("closing the connection to {}: {}", options.serverUri(), pe.getMessage());
        if (closeCause == null) {
            closeCause = new MqttConnectionLostException("protocol error: " + pe.getMessage(), ClosedBy.CLIENT,
                    pe.reasonCode(), null, pe);
        }
        if (version == MqttVersion.MQTT_5_0 && connectFuture == null) {
            ch.writeAndFlush(DisconnectPacket.of(pe.reasonCode())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    @Override
    public void protocolError(DisconnectReasonCode reasonCode, String message) {
        closeWithProtocolError(new MqttProtocolException(reasonCode, message));
    }

    private void cancelTimers() {
        if (connAckTimer != null) {
            connAckTimer.cancel(false);
            connAckTimer = null;
        }
        if (keepAlive != null) {
            keepAlive.stop();
            keepAlive = null;
        }
    }

    // ---- operations (from the public client) -----------------------------------------------------------------

    private boolean checkConnected(CompletableFuture<?> future, String operation) {
        if (state == ClientState.CONNECTED) {
            return true;
        }
        future.completeExceptionally(new MqttClientStateException(operation + " needs a connected client; it is "
                + state));
        return false;
    }

    public void publish(OutgoingPublish op, CompletableFuture<?> future) {
        if (checkConnected(future, "publish")) {
            session.publish(op);
        }
    }

    public void subscribe(List<Subscription> subs, Consumer<Publish> handler, CompletableFuture<SubAck> future) {
        if (checkConnected(future, "subscribe")) {
            session.subscribe(subs, handler, future, options.ackTimeout());
        }
    }

    public void unsubscribe(List<String> filters, CompletableFuture<UnsubAck> future) {
        if (checkConnected(future, "unsubscribe")) {
            session.unsubscribe(filters, future, options.ackTimeout());
        }
    }

    /** Disconnects with {@code reason} (0x00 or 0x04); {@code future} completes when the channel is closed. */
    public void disconnect(DisconnectReasonCode reason, CompletableFuture<Void> future) {
        switch (state) {
            case CONNECTED -> {
                state = ClientState.DISCONNECTING;
                closeWaiters.add(future);
                closeCause = new MqttConnectionLostException("disconnected by the client", ClosedBy.CLIENT, reason,
                        null, null);
                Channel ch = channel;
                if (keepAlive != null) {
                    keepAlive.stop();
                }
                if (version == MqttVersion.MQTT_5_0 || reason == DisconnectReasonCode.NORMAL_DISCONNECTION) {
                    ch.writeAndFlush(DisconnectPacket.of(reason)).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ch.close(); // MQTT 3.1.1 has no reason codes: closing without DISCONNECT publishes the will
                }
            }
            case CONNECTING -> {
                state = ClientState.DISCONNECTING;
                closeWaiters.add(future);
                closeCause = new MqttConnectionLostException("connect aborted by disconnect() or close()",
                        ClosedBy.CLIENT, null, null, null);
                if (channel != null) {
                    channel.close();
                } else if (pendingConnect != null) {
                    pendingConnect.cancel(false);
                }
            }
            case DISCONNECTING -> closeWaiters.add(future);
            default -> future.complete(null);
        }
    }

    /** Disconnects if needed, then moves to CLOSED for good; {@code future} completes when done. */
    public void close(CompletableFuture<Void> future) {
        closing = true;
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        disconnect(DisconnectReasonCode.NORMAL_DISCONNECTION, disconnected);
        // a server that never closes its side must not hold close() up
        ScheduledFuture<?> force = loop.schedule(() -> {
            if (channel != null) {
                channel.close();
            }
        }, 1, TimeUnit.SECONDS);
        disconnected.whenComplete((v, e) -> {
            force.cancel(false);
            state = ClientState.CLOSED;
            MqttClientStateException closed = new MqttClientStateException("the client was closed");
            session.failQueued(closed);
            stream.complete();
            manualAcks.clear();
            future.complete(null);
        });
    }

    private void completeCloseWaiters() {
        List<CompletableFuture<Void>> waiters = new ArrayList<>(closeWaiters);
        closeWaiters.clear();
        waiters.forEach(f -> f.complete(null));
    }

    // ---- delivery (SessionListener) ---------------------------------------------------------------------------

    @Override
    public void deliver(Publish message, Runnable acknowledgement) {
        List<Consumer<Publish>> handlers = session.subscriptions().handlersFor(message);
        if (handlers.isEmpty()) {
            Consumer<Publish> fallback = catchAll;
            if (fallback != null) {
                handlers = List.of(fallback);
            }
        }
        List<MessageStream.StreamSubscription> subscribers = stream.snapshot();
        Runnable autoAck = acknowledgement;
        if (acknowledgement != null && options.isManualAcknowledgement()) {
            manualAcks.put(message, acknowledgement);
            autoAck = null;
        }
        if (handlers.isEmpty() && subscribers.isEmpty()) {
            log.debug("no handler for a message on {}; acknowledged and dropped", message.topic());
        }
        Delivery delivery = new Delivery(message, handlers.size() + subscribers.size(), autoAck);
        for (Consumer<Publish> handler : handlers) {
            dispatcher.deliver(() -> {
                delivery.handedOver();
                handler.accept(message);
            });
        }
        for (MessageStream.StreamSubscription s : subscribers) {
            s.offer(delivery);
        }
    }
}
