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
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.dispatch.CallbackDispatcher;
import dev.tern.mqtt.netty.internal.dispatch.MessageRouter;
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
import dev.tern.mqtt.netty.internal.session.SessionExpiry;
import dev.tern.mqtt.netty.internal.session.SessionListener;
import dev.tern.mqtt.netty.internal.transport.SocketTransport;
import dev.tern.mqtt.netty.internal.transport.Transport;
import dev.tern.mqtt.netty.internal.transport.TransportReady;
import dev.tern.mqtt.netty.internal.transport.TransportSettings;
import dev.tern.mqtt.netty.internal.session.SessionSettings;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.spi.Credentials;
import dev.tern.mqtt.spi.CredentialsProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The connection state machine of one client (see {@link ClientState} for the picture): opens channels, sends
 * CONNECT, waits for CONNACK, routes packets to the {@link ClientSession}, keeps the connection alive, turns every way
 * a connection can end into one cause, and reconnects.
 *
 * <p>One connection attempt tries the servers in turn (following MQTT 5.0 Server References and the 3.1.1 fallback)
 * until one accepts; when none does, the reconnect policy decides whether and when the next attempt starts. A
 * connection that was accepted and then lost leads to the same loop when automatic reconnect is on.
 *
 * <p>Threading: every method that is not marked otherwise runs on {@link #loop()}, the one event loop all of this
 * client's channels are registered on; the public client hops there with {@link #execute}. Fields marked volatile
 * may be read from any thread.
 *
 * <p>It is its own connection-attempt timer task ({@link #run}), as {@link KeepAlive} is its own: a method reference
 * per attempt was 16 bytes per client of a fleet for as long as the task waited in the loop's queue.
 */
public final class ClientCore implements SessionListener, Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClientCore.class);
    /** How many Server References one attempt follows before it counts as failed (a loop would never end). */
    private static final int MAX_REDIRECTS = 5;
    /** The most flushes held back before one goes out anyway. */
    private static final int FLUSH_BATCH = 1024;
    /** The receive buffer sizes, one allocator for all channels (see {@link ReadSizes}). */
    private static final RecvByteBufAllocator RECV_ALLOCATOR = new ReadSizes();
    /** Encoded packet sizes per version: shared, where a lambda capturing the version was 16 bytes per client. */
    private static final ToIntFunction<MqttPacket> SIZE_5 =
            pkt -> MqttPacketEncoder.encodedSize(pkt, MqttVersion.MQTT_5_0);
    private static final ToIntFunction<MqttPacket> SIZE_311 =
            pkt -> MqttPacketEncoder.encodedSize(pkt, MqttVersion.MQTT_3_1_1);

    private static final VarHandle STREAM;
    private static final VarHandle ROUTER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STREAM = lookup.findVarHandle(ClientCore.class, "stream", MessageStream.class);
            ROUTER = lookup.findVarHandle(ClientCore.class, "router", MessageRouter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable, any thread
    private final MqttClientOptions options;
    private final EventLoop loop;
    private final CallbackDispatcher dispatcher;
    private final ClientSession session;
    private final LifecycleEvents events;
    /** MQTT 5.0 enhanced authentication, or null without an authenticator. */
    private final EnhancedAuth auth;

    // any thread
    /**
     * The received-message stream and the router that feeds it and the handlers: made on first use (a message, a
     * handler, a stream subscriber), set once by compare-and-set. A fleet client that never receives saves 80 bytes.
     */
    private volatile MessageStream stream;
    private volatile MessageRouter router;
    private volatile ClientState state = ClientState.DISCONNECTED;
    private volatile String clientId;
    private volatile MqttVersion version;

    // event loop only: the connection
    private Channel channel;
    private ChannelFuture pendingConnect;
    private boolean awaitingConnAck;
    /**
     * The one timer of a connection attempt: it runs {@link #run} at or before {@link #attemptDeadline}
     * (the connect timeout while the TCP connect is pending, then the CONNACK timeout), and after CONNACK it may be
     * handed to keep-alive for its first check; null when none runs. Why one task per attempt and not one per
     * phase: each is an object, an insert into the loop's timer queue (which holds the keep-alive timers of every
     * client of a fleet) and a removal from it when cancelled; see {@link #armAttemptTimer}.
     */
    private ScheduledFuture<?> attemptTimer;
    /** When the current phase of the attempt times out, on the loop's ticker. */
    private long attemptDeadline;
    /** The handler of the channel whose keep-alive runs; null while none runs. */
    private MqttChannelHandler keepAliveOn;
    private boolean fellBack;
    private boolean closing;
    /** Why the current channel is being closed, set just before closing it; null means the peer closed it. */
    private MqttException closeCause;
    /**
     * Whether a protocol error is already closing {@link #channel}: a violation repeated by the packets read after it
     * (every PUBLISH beyond our receive maximum, say) is not reported, and no second DISCONNECT is sent.
     */
    private boolean closingForProtocolError;
    /** A Server Reference from the server's DISCONNECT, followed when the channel has closed. */
    private URI disconnectRedirect;
    private boolean disconnectRedirectMoved;
    /** Futures of disconnect() and close() calls waiting for the channel to close; null while there are none. */
    private List<CompletableFuture<Void>> closeWaiters;

    // event loop only: connection attempts
    private final ServerList servers;
    private final SessionExpiry sessionExpiry;
    /**
     * Made at the first failed attempt or lost connection: a fleet of clients that connect once and stay connected
     * never needs one (40 bytes each). Null until then.
     */
    private Reconnector reconnector;
    /** Increased whenever an attempt starts or is cancelled, so that a late step of an older attempt is ignored. */
    private long attemptToken;
    private CompletableFuture<ConnAck> connectFuture;
    private int serversLeft;
    private int redirectsLeft;
    private Credentials credentials;
    /** The clean start flag of the next CONNECT: the options' on connect(), resume the session on a reconnect. */
    private boolean cleanStartNext;
    private boolean cleanStartSent;

    /** Any thread. */
    public ClientCore(MqttClientOptions options, EventLoop loop, CallbackDispatcher dispatcher) {
        this.options = options;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.session = new ClientSession(loop, this, options.sessionStore().orElse(null),
                SessionSettings.from(options));
        this.events = LifecycleEvents.of(options.lifecycleListeners(), dispatcher);
        this.servers = new ServerList(options.serverUris());
        this.sessionExpiry = new SessionExpiry(options.version(), options.isCleanStart(),
                options.sessionExpiryInterval());
        this.clientId = options.clientId();
        this.version = options.version();
        this.auth = options.authenticator().map(EnhancedAuth::new).orElse(null);
    }

    /**
     * A new, unregistered socket channel of the loop's transport: on NIO our own channel (a lighter id), on epoll
     * Netty's (final, so its own id). No Netty connect timeout (ClientCore keeps its own: Netty's timer task was 64
     * bytes kept per channel).
     */
    private Channel newChannel() {
        Channel ch = SocketTransport.isEpoll(loop) ? SocketTransport.newEpollChannel() : new ClientChannel();
        ch.config().setRecvByteBufAllocator(RECV_ALLOCATOR);
        ch.config().setConnectTimeoutMillis(0);
        return ch;
    }

    /**
     * Adds the client's handlers to the pipeline of a connection attempt's channel, after the transport's (see
     * {@link Transport#connect}). No TCP_NODELAY: Netty's socket channel config turns it on when the channel is made
     * (on every platform but Android), and setting it again was a system call more per connect.
     */
    private void addClientHandlers(Channel ch) {
        int maxIn = (int) Math.min(Integer.MAX_VALUE, options.maximumPacketSize());
        // Publishes and acknowledgements each ask for a flush; a flush per message meant a write(2) per message.
        // Flushes are held until the current read or burst of tasks ends (at most FLUSH_BATCH at a time), and the
        // encoder nearer the socket gathers the packets written until then into one buffer. Flush consolidation
        // sits before the decoder so that it sees one event per socket read, not one per packet decoded. The last
        // handler decodes and takes the packets itself. An MQTT 5.0 CONNECT may meet a 3.1.1 broker's refusal,
        // which the decoder recognises in the first bytes.
        MqttChannelHandler last = new MqttChannelHandler(this, version, maxIn, version == MqttVersion.MQTT_5_0);
        ch.pipeline()
                .addLast("mqtt-encoder", new MqttEncoderHandler(version))
                .addLast("flush-consolidation", new KeepAliveFlushes(FLUSH_BATCH, last))
                .addLast("mqtt-client", last);
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

    /** The stream of received messages; any thread. */
    public MessageStream stream() {
        MessageStream s = stream;
        if (s == null) {
            s = new MessageStream(dispatcher);
            if (!STREAM.compareAndSet(this, null, s)) {
                s = stream;
            }
        }
        return s;
    }

    private MessageRouter router() {
        MessageRouter r = router;
        if (r == null) {
            // the registry is asked on the event loop, at delivery: made there on first use, never from this thread
            r = new MessageRouter(dispatcher, stream(), options.isManualAcknowledgement(),
                    message -> session.subscriptions().handlersFor(message));
            if (!ROUTER.compareAndSet(this, null, r)) {
                r = router;
            }
        }
        return r;
    }

    public MqttClientOptions options() {
        return options;
    }

    public void setCatchAll(Consumer<Publish> handler) {
        router().setCatchAll(handler);
    }

    /** Runs a manual acknowledgement registered for {@code message}, if any. Any thread. */
    public void acknowledge(Publish message) {
        MessageRouter r = router;
        if (r != null) { // without a router no message was delivered, so none waits for its acknowledgement
            r.acknowledge(message);
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
        if (reconnector != null) {
            reconnector.reset();
        }
        cleanStartNext = options.isCleanStart();
        beginAttempt();
    }

    /** One attempt: fresh credentials, then the servers in turn until one accepts. */
    private void beginAttempt() {
        serversLeft = servers.size();
        redirectsLeft = MAX_REDIRECTS;
        long token = ++attemptToken;
        CredentialsProvider provider = options.credentials().orElse(null);
        if (provider == null) {
            openChannel();
            return;
        }
        // the provider may block (fetching a token): ask it on the callback executor, never on the event loop
        dispatcher.execute(() -> {
            Credentials fresh = null;
            RuntimeException failure = null;
            try {
                fresh = provider.credentials();
            } catch (RuntimeException e) {
                failure = e;
            }
            Credentials got = fresh;
            RuntimeException failed = failure;
            execute(() -> {
                if (token != attemptToken) {
                    return;
                }
                if (failed != null || got == null) {
                    attemptFailed(new MqttException("the credentials provider failed: "
                            + (failed == null ? "it returned null" : failed), failed));
                } else {
                    credentials = got;
                    openChannel();
                }
            }, () -> { });
        });
    }

    private void openChannel() {
        URI server = servers.current();
        log.debug("connecting to {} with MQTT {}", server, version);
        Transport transport;
        try {
            // re-reads certificate and key files; the settings are made per attempt rather than kept per client
            transport = Transport.open(server, new TransportSettings(options.tls(), options.webSocket(),
                    options.proxy().orElse(null), options.connectTimeout(), options.maximumPacketSize()));
        } catch (MqttException e) {
            serverFailed(e);
            return;
        }
        ChannelFuture cf = transport.connect(loop, newChannel(), this::addClientHandlers);
        pendingConnect = cf;
        if (!cf.isDone()) {
            armAttemptTimer(options.connectTimeout().toNanos());
        }
        cf.addListener((ChannelFutureListener) this::tcpConnectDone);
    }

    /**
     * Sets the deadline of the attempt's current phase, {@code timeoutNanos} from now. The task already scheduled is
     * kept when it fires no later than the new deadline: a task that fires early schedules itself again for the rest
     * ({@link #run}), so the usual connect (TCP connect, then CONNECT with a CONNACK timeout as long as
     * the connect timeout or longer) schedules one task and, once connected, hands it to keep-alive.
     */
    private void armAttemptTimer(long timeoutNanos) {
        attemptDeadline = loop.ticker().nanoTime() + timeoutNanos;
        if (attemptTimer != null && attemptTimer.getDelay(TimeUnit.NANOSECONDS) <= timeoutNanos) {
            return;
        }
        cancelAttemptTimer();
        attemptTimer = loop.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The attempt timer ({@link #armAttemptTimer}) fired: times out the phase the attempt is in, or runs keep-alive's
     * first check once connected. Only the timer calls this.
     */
    @Override
    public void run() {
        attemptTimer = null;
        long left = attemptDeadline - loop.ticker().nanoTime();
        if (pendingConnect != null || awaitingConnAck) {
            if (left > 0) {
                attemptTimer = loop.schedule(this, left, TimeUnit.NANOSECONDS);
            } else if (pendingConnect != null) {
                tcpConnectTimedOut(pendingConnect);
            } else if (channel != null) {
                closeWith(new MqttTimeoutException("no CONNACK from " + servers.current() + " within "
                        + options.connAckTimeout()));
            }
        } else if (keepAliveOn != null) {
            keepAliveOn.keepAliveTimerFired();
        }
    }

    private Reconnector reconnector() {
        if (reconnector == null) {
            reconnector = new Reconnector(loop, options.reconnectPolicy(), events);
        }
        return reconnector;
    }

    /** Stops a waiting attempt and makes the steps of a running one be ignored. */
    private void cancelReconnect() {
        attemptToken++;
        if (reconnector != null) {
            reconnector.cancel();
        }
    }

    private void tcpConnectTimedOut(ChannelFuture cf) {
        if (closeCause == null) {
            closeCause = new MqttTimeoutException("could not connect to " + servers.current() + " within "
                    + options.connectTimeout());
        }
        cf.cancel(false); // closes the channel; tcpConnectDone reports closeCause
    }

    private void tcpConnectDone(ChannelFuture cf) {
        if (cf != pendingConnect) {
            cf.channel().close();
            return;
        }
        pendingConnect = null;
        if (!cf.isSuccess()) {
            cancelAttemptTimer();
            MqttException cause;
            if (closeCause != null) {
                cause = closeCause;
                closeCause = null;
            } else if (cf.cause() instanceof ConnectTimeoutException) {
                cause = new MqttTimeoutException("could not connect to " + servers.current() + " within "
                        + options.connectTimeout(), cf.cause());
            } else {
                cause = new MqttConnectionLostException("could not connect to " + servers.current() + ": "
                        + cf.cause(), ClosedBy.NETWORK, null, null, cf.cause());
            }
            serverFailed(cause);
            return;
        }
        Channel ch = cf.channel();
        channel = ch;
        closingForProtocolError = false;
        awaitingConnAck = true; // from here a closed channel counts as a failed attempt
        Future<Void> ready = TransportReady.future(ch);
        if (ready.isSuccess()) { // plain TCP: nothing to wait for, so no listener either
            sendConnect(ch);
            return;
        }
        // CONNECT waits for the transport: proxy tunnel, TLS handshake, WebSocket upgrade, each with a timeout of
        // its own; the CONNACK timeout starts with CONNECT
        cancelAttemptTimer();
        ready.addListener(f -> {
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
        cleanStartSent = cleanStartNext;
        ConnectPacket connect = PacketMapper.connect(options, clientId, version, cleanStartSent, credentials);
        if (auth != null) {
            try {
                connect = auth.begin(connect);
            } catch (MqttAuthenticationException e) {
                closeWith(e);
                return;
            }
        }
        log.debug("sending {}", connect);
        armAttemptTimer(options.connAckTimeout().toNanos());
        // Written below flush consolidation, which would hold the flush back in a task of its own: nothing else is
        // written before CONNECT, so there is nothing to consolidate it with.
        ch.pipeline().context(FlushConsolidationHandler.class).writeAndFlush(connect, ch.voidPromise());
    }

    /** The server in use could not be reached or did not accept: try the next one, or end the attempt. */
    private void serverFailed(MqttException cause) {
        if (state == ClientState.DISCONNECTING || closing) {
            stopConnecting(cause);
            return;
        }
        servers.advance();
        if (--serversLeft > 0) {
            log.debug("{}; trying {}", cause.getMessage(), servers.current());
            openChannel();
            return;
        }
        attemptFailed(cause);
    }

    /** No server accepted: fail the connect() or let the reconnect policy decide. */
    private void attemptFailed(MqttException cause) {
        if (state == ClientState.DISCONNECTING || closing) {
            stopConnecting(cause);
            return;
        }
        if (connectFuture != null && !options.isRetryFirstConnect()) {
            log.debug("connect to {} failed: {}", options.serverUris(), cause.getMessage());
            stopConnecting(cause);
            return;
        }
        Optional<Duration> delay = reconnector().nextDelay(cause, false, servers.current());
        if (delay.isEmpty()) {
            stopConnecting(cause);
        } else {
            reconnector().schedule(delay.get(), cause, servers.current(), this::beginAttempt);
        }
    }

    /** Ends connecting for good: the connect() future fails, the client is disconnected. */
    private void stopConnecting(MqttException cause) {
        cancelReconnect();
        CompletableFuture<ConnAck> f = connectFuture;
        connectFuture = null;
        boolean wasReconnecting = f == null;
        endSession(cause);
        state = closing ? ClientState.CLOSED : ClientState.DISCONNECTED;
        if (wasReconnecting) {
            events.disconnected(new DisconnectedEvent(servers.current(), cause, false, sessionExpiry.keptUntil()));
        }
        if (f != null) {
            f.completeExceptionally(cause);
        }
        completeCloseWaiters();
    }

    /** No connection is coming: fail what cannot wait, keep what the server's session still holds. */
    private void endSession(MqttException cause) {
        if (!sessionExpiry.outlivesConnection()) {
            session.failInFlight(cause);
        }
        session.failDeferredRequests(cause);
        session.failPending(new MqttMessageDroppedException("the client disconnected before the message could be"
                + " sent: " + cause.getMessage(), MqttMessageDroppedException.Reason.DISCONNECTED, cause));
    }

    private boolean canFallBack() {
        return options.isFallbackToMqtt311() && version == MqttVersion.MQTT_5_0 && !fellBack && !closing
                && (state == ClientState.CONNECTING || state == ClientState.RECONNECTING);
    }

    /** The server refused MQTT 5.0: try again with 3.1.1 on a new channel, and keep 3.1.1 from now on. */
    private void fallBack(String why) {
        log.info("{} refused MQTT 5.0 ({}); retrying with MQTT 3.1.1", servers.current(), why);
        fellBack = true;
        version = MqttVersion.MQTT_3_1_1;
        reopen();
    }

    /** Drops the current channel without reporting its end, and opens a new one to {@link ServerList#current()}. */
    private void reopen() {
        Channel old = channel;
        channel = null;
        awaitingConnAck = false;
        cancelTimers();
        closeCause = null;
        if (old != null) {
            old.close();
        }
        openChannel();
    }

    /**
     * The server answered our MQTT 5.0 CONNECT with an MQTT 3.1.1 CONNACK refusal (see {@link MqttChannelHandler}):
     * it speaks 3.1.1 only. Falls back as after CONNACK 0x84 if allowed, else the connection is refused with the
     * reason code that stands for the return code.
     */
    void mqtt311Refusal(Channel ch, ConnAckReasonCode code) {
        if (ch != channel || !awaitingConnAck) {
            return;
        }
        String answer = "an MQTT 3.1.1 CONNACK refusing with " + code;
        if (canFallBack()) {
            fallBack(answer);
            return;
        }
        cancelTimers();
        ConnAck ack = PacketMapper.connAck(ConnAckPacket.of(false, code));
        closeWith(new MqttConnectionRefusedException(ack, new MqttException(servers.current() + " answered the"
                + " MQTT 5.0 CONNECT with " + answer + ": it speaks MQTT 3.1.1 only (fallbackToMqtt311 is off)")));
    }

    private void onConnAck(ConnAckPacket p) {
        ConnAck ack = PacketMapper.connAck(p);
        ConnAckReasonCode code = ack.reasonCode();
        if (code != ConnAckReasonCode.SUCCESS) {
            cancelTimers();
            if (code == ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION && canFallBack()) {
                fallBack("CONNACK " + code);
                return;
            }
            if ((code == ConnAckReasonCode.USE_ANOTHER_SERVER || code == ConnAckReasonCode.SERVER_MOVED)
                    && redirectsLeft > 0) {
                URI target = ServerList.parseReference(ack.serverReference().orElse(null), servers.current());
                if (target != null) {
                    redirectsLeft--;
                    log.info("{} answered CONNACK {}: connecting to {}", servers.current(), code, target);
                    servers.redirect(target, code == ConnAckReasonCode.SERVER_MOVED);
                    reopen();
                    return;
                }
            }
            closeWith(new MqttConnectionRefusedException(ack));
            return;
        }
        if (cleanStartSent && ack.isSessionPresent()) {
            // MQTT-3.2.2-4: the client asked for a new session, so it has none the server could have resumed
            cancelTimers();
            protocolError(DisconnectReasonCode.PROTOCOL_ERROR,
                    "CONNACK has session present 1, but CONNECT asked for a clean start");
            return;
        }
        if (auth != null) {
            try {
                auth.connAckSuccess(p);
            } catch (MqttAuthenticationException e) {
                cancelTimers();
                closeWith(e);
                return;
            }
        }
        awaitingConnAck = false;
        ack.assignedClientId().ifPresent(id -> clientId = id);
        MqttVersion v = version;
        if (!ack.isSessionPresent() && !cleanStartSent && sessionExpiry.mayBePresent(System.nanoTime())) {
            log.info("{} did not keep the session, though its expiry had not passed; starting afresh",
                    servers.current());
        }
        sessionExpiry.connected(v, cleanStartSent, options.sessionExpiryInterval(), ack);
        session.attach(channel, v, ServerLimits.from(ack), v == MqttVersion.MQTT_5_0 ? SIZE_5 : SIZE_311,
                v == MqttVersion.MQTT_5_0 ? options.receiveMaximum() : 65_535,
                v == MqttVersion.MQTT_5_0 ? options.topicAliasMaximum() : 0);
        int keepAliveSeconds = ack.serverKeepAlive().orElse(options.keepAliveSeconds());
        if (keepAliveSeconds > 0) {
            keepAliveOn = (MqttChannelHandler) channel.pipeline().last();
            // the attempt timer, when it fires within the interval, runs keep-alive's first check: no second task
            boolean handOver = attemptTimer != null
                    && attemptTimer.getDelay(TimeUnit.NANOSECONDS) <= TimeUnit.SECONDS.toNanos(keepAliveSeconds);
            if (!handOver) {
                cancelAttemptTimer();
            }
            keepAliveOn.startKeepAlive(keepAliveSeconds, keepAliveOn, !handOver);
        } else {
            cancelAttemptTimer();
        }
        CompletableFuture<ConnAck> f = connectFuture;
        connectFuture = null;
        boolean reconnect = f == null;
        state = ClientState.CONNECTED;
        if (reconnector != null) {
            reconnector.reset();
        }
        // later attempts resume this session; MQTT 3.1.1 has no expiry, so clean session keeps its meaning there
        cleanStartNext = v == MqttVersion.MQTT_5_0 ? false : options.isCleanStart();
        // A connect the application asked for is reported to it (its future; debug here): at INFO, a fleet of 10,000
        // clients wrote 10,000 lines. A reconnect happens on its own, after a lost connection (logged at INFO), so
        // its success is INFO-worthy too.
        // The level is checked first so that a fleet's quiet connect makes neither the values nor the event.
        if (reconnect ? log.isInfoEnabled() : log.isDebugEnabled()) {
            String line = "connected to {} as '{}' with MQTT {} (session present: {}{})";
            Object[] values = {servers.current(), clientId, v == MqttVersion.MQTT_5_0 ? "5.0" : "3.1.1",
                    ack.isSessionPresent(), reconnect ? ", reconnect" : ""};
            if (reconnect) {
                log.info(line, values);
            } else {
                log.debug(line, values);
            }
        }
        if (events.wanted()) {
            events.connected(new ConnectedEvent(servers.current(), ack, reconnect));
        }
        session.activate(ack.isSessionPresent());
        if (f != null) {
            f.complete(ack);
        }
    }

    /** Keep-alive of {@code ch} declared it dead. */
    void keepAliveTimedOut(Channel ch, String message) {
        if (ch != channel) {
            return;
        }
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
        if (awaitingConnAck) {
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
            case PINGRESP -> { } // KeepAlive, driven by MqttChannelHandler, counts every read as a sign of life
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

    /** Fails {@code future} unless connected; re-authentication has no meaning between connections. */
    private boolean checkConnected(CompletableFuture<?> future, String operation) {
        if (state == ClientState.CONNECTED) {
            return true;
        }
        future.completeExceptionally(new MqttClientStateException(operation + " needs a connected client; it is "
                + state));
        return false;
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
        if (p.reasonCode() == DisconnectReasonCode.USE_ANOTHER_SERVER
                || p.reasonCode() == DisconnectReasonCode.SERVER_MOVED) {
            disconnectRedirect = ServerList.parseReference(p.serverReference(), servers.current());
            disconnectRedirectMoved = p.reasonCode() == DisconnectReasonCode.SERVER_MOVED;
        }
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
            if (awaitingConnAck && canFallBack()) {
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
        if (awaitingConnAck) {
            awaitingConnAck = false;
            if (cause == null && canFallBack()) {
                fallBack("connection closed right after CONNECT");
                return;
            }
            serverFailed(cause != null ? cause : new MqttConnectionLostException(
                    "the server closed the connection before CONNACK", ClosedBy.SERVER, null, null, null));
            return;
        }
        connectionLost(asLost(cause));
    }

    /** An accepted connection ended: reconnect, or end here. */
    private void connectionLost(MqttConnectionLostException lost) {
        URI server = servers.current();
        boolean byUser = state == ClientState.DISCONNECTING || closing;
        if (auth != null) {
            auth.failReauthentication(lost);
        }
        if (byUser) {
            log.debug("disconnected from {}", server);
        } else {
            log.info("connection to {} lost: {}", server, lost.getMessage());
        }
        sessionExpiry.disconnected(System.nanoTime(), Instant.now());
        session.detach(lost);
        servers.clearRedirect();
        URI redirect = disconnectRedirect;
        disconnectRedirect = null;
        if (redirect != null) {
            log.info("the server sent a Server Reference: reconnecting to {}", redirect);
            servers.redirect(redirect, disconnectRedirectMoved);
        }
        Optional<Duration> delay = !byUser && options.isAutomaticReconnect()
                ? reconnector().nextDelay(lost, redirect != null, servers.current()) : Optional.empty();
        if (delay.isPresent()) {
            state = ClientState.RECONNECTING;
            events.disconnected(new DisconnectedEvent(server, lost, true, sessionExpiry.keptUntil()));
            reconnector().schedule(delay.get(), lost, servers.current(), this::beginAttempt);
            return;
        }
        endSession(lost);
        state = closing ? ClientState.CLOSED : ClientState.DISCONNECTED;
        events.disconnected(new DisconnectedEvent(server, lost, false, sessionExpiry.keptUntil()));
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
        if (ch == null || closingForProtocolError) {
            return; // the packets already read after the violation would each repeat it
        }
        closingForProtocolError = true;
        log.warn("closing the connection to {}: {}", servers.current(), pe.getMessage());
        if (closeCause == null) {
            closeCause = new MqttConnectionLostException("protocol error: " + pe.getMessage(), ClosedBy.CLIENT,
                    pe.reasonCode(), null, pe);
        }
        if (version == MqttVersion.MQTT_5_0 && !awaitingConnAck) {
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
        cancelAttemptTimer();
        if (keepAliveOn != null) {
            keepAliveOn.stopKeepAlive();
            keepAliveOn = null;
        }
    }

    private void cancelAttemptTimer() {
        if (attemptTimer != null) {
            attemptTimer.cancel(false);
            attemptTimer = null;
        }
    }

    // ---- operations (from the public client) -----------------------------------------------------------------

    private boolean checkActive(CompletableFuture<?> future, String operation) {
        switch (state) {
            case CONNECTED, CONNECTING, RECONNECTING -> {
                return true;
            }
            default -> {
                future.completeExceptionally(new MqttClientStateException(operation + " needs a client that is"
                        + " connected, connecting or reconnecting; it is " + state));
                return false;
            }
        }
    }

    /** Sends, queues or (while connecting or reconnecting) buffers a message. */
    public void publish(OutgoingPublish op) {
        switch (state) {
            case CONNECTED, CONNECTING, RECONNECTING -> session.publish(op);
            default -> op.fail(new MqttClientStateException(
                    "publish needs a client that is connected, connecting or reconnecting; it is " + state));
        }
    }

    /** Subscribes, or (while connecting or reconnecting) keeps the request for the connection to come. */
    public void subscribe(List<Subscription> subs, Consumer<Publish> handler, CompletableFuture<SubAck> future) {
        if (checkActive(future, "subscribe")) {
            session.subscribe(subs, handler, future, options.ackTimeout());
        }
    }

    /** Unsubscribes, or (while connecting or reconnecting) keeps the request for the connection to come. */
    public void unsubscribe(List<String> filters, CompletableFuture<UnsubAck> future) {
        if (checkActive(future, "unsubscribe")) {
            session.unsubscribe(filters, future, options.ackTimeout());
        }
    }

    /**
     * Disconnects with {@code reason} (0x00 or 0x04), or stops connecting or reconnecting at once; {@code future}
     * completes when the channel is closed.
     */
    public void disconnect(DisconnectReasonCode reason, CompletableFuture<Void> future) {
        switch (state) {
            case CONNECTED -> {
                state = ClientState.DISCONNECTING;
                closeWaiter(future);
                closeCause = new MqttConnectionLostException("disconnected by the client", ClosedBy.CLIENT, reason,
                        null, null);
                Channel ch = channel;
                if (keepAliveOn != null) {
                    keepAliveOn.stopKeepAlive();
                }
                if (version == MqttVersion.MQTT_5_0 || reason == DisconnectReasonCode.NORMAL_DISCONNECTION) {
                    ch.writeAndFlush(DisconnectPacket.of(reason)).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ch.close(); // MQTT 3.1.1 has no reason codes: closing without DISCONNECT publishes the will
                }
            }
            case CONNECTING, RECONNECTING -> {
                boolean reconnecting = state == ClientState.RECONNECTING;
                state = ClientState.DISCONNECTING;
                closeWaiter(future);
                cancelReconnect();
                MqttConnectionLostException cause = new MqttConnectionLostException((reconnecting ? "reconnect"
                        : "connect") + " cancelled by disconnect() or close()", ClosedBy.CLIENT, null, null, null);
                if (channel != null) {
                    closeCause = cause;
                    channel.close();
                } else if (pendingConnect != null) {
                    closeCause = cause;
                    pendingConnect.cancel(false);
                } else {
                    stopConnecting(cause); // waiting out a backoff, or for credentials
                }
            }
            case DISCONNECTING -> closeWaiter(future);
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
            cancelReconnect();
            state = ClientState.CLOSED;
            session.abandon(new MqttClientStateException("the client was closed"));
            stream().complete(); // made here if need be: a later subscriber must see the end
            MessageRouter r = router;
            if (r != null) {
                r.clear();
            }
            future.complete(null);
        });
    }

    private void closeWaiter(CompletableFuture<Void> future) {
        if (closeWaiters == null) {
            closeWaiters = new ArrayList<>(2);
        }
        closeWaiters.add(future);
    }

    private void completeCloseWaiters() {
        List<CompletableFuture<Void>> waiters = closeWaiters;
        closeWaiters = null;
        if (waiters != null) {
            waiters.forEach(f -> f.complete(null));
        }
    }

    // ---- delivery (SessionListener) ---------------------------------------------------------------------------

    /** A received message: see {@link MessageRouter}. */
    @Override
    public void deliver(Publish message, Runnable acknowledgement) {
        router().deliver(message, acknowledgement);
    }
}
