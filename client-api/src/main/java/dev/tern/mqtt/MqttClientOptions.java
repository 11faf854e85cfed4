package dev.tern.mqtt;

import dev.tern.mqtt.auth.Authenticator;
import dev.tern.mqtt.lifecycle.LifecycleListener;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.message.Will;
import dev.tern.mqtt.spi.CredentialsProvider;
import dev.tern.mqtt.spi.ReconnectPolicy;
import dev.tern.mqtt.spi.SessionStore;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;

/**
 * Everything a client needs to know to connect: where, as whom, with which protocol version and limits, and on
 * which executor to run user code. Immutable and thread-safe; {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * MqttClientOptions options = MqttClientOptions.builder()
 *         .serverUri("mqtt://localhost:1883")
 *         .clientId("sensor-42")
 *         .keepAliveSeconds(30)
 *         .build();
 * }</pre>
 *
 * <h2>Unreliable networks</h2>
 * Automatic reconnect is on by default ({@link ReconnectPolicy#DEFAULT}: exponential backoff with full jitter from
 * 100 ms up to 60 s, stopping only on {@linkplain ReconnectPolicy#PERMANENT_REFUSALS refusals that retrying cannot
 * change}). While the client reconnects (and while the in-flight window is full), publishes wait in an offline
 * buffer of at most {@value #DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES} messages and
 * {@value #DEFAULT_OFFLINE_BUFFER_MAX_BYTES} bytes; subscribe and unsubscribe calls wait too. When the server lost
 * the session, the client subscribes again and republishes unacknowledged messages. What this guarantees at each QoS
 * is written down in {@code docs/guarantees.md}.
 *
 * <p>MQTT 5.0-only settings (session expiry, receive maximum, maximum packet size, topic alias maximum, user
 * properties, will properties) are ignored when the client speaks MQTT 3.1.1; the client logs that at debug level.
 */
public final class MqttClientOptions {

    /** The port used when an {@code mqtt://} server URI has none: 1883. */
    public static final int DEFAULT_PORT = 1883;
    /** The port used when an {@code mqtts://} server URI has none: 8883 ({@code ws://} 80, {@code wss://} 443). */
    public static final int DEFAULT_TLS_PORT = 8883;
    /** The protocol version unless told otherwise: MQTT 5.0. */
    public static final MqttVersion DEFAULT_VERSION = MqttVersion.MQTT_5_0;
    /** Clean start unless told otherwise: true (start a new session). */
    public static final boolean DEFAULT_CLEAN_START = true;
    /** Session expiry interval unless told otherwise: 0 seconds (the session ends with the connection). */
    public static final long DEFAULT_SESSION_EXPIRY_INTERVAL = 0;
    /** Keep alive unless told otherwise: 60 seconds. */
    public static final int DEFAULT_KEEP_ALIVE_SECONDS = 60;
    /** Receive maximum unless told otherwise: 65,535, the protocol's maximum (not sent in CONNECT). */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    /** The largest packet MQTT can express, 268,435,460 bytes: "no limit" (not sent in CONNECT). */
    public static final long DEFAULT_MAXIMUM_PACKET_SIZE = 268_435_460L;
    /**
     * The most QoS 1 and 2 messages the client has unacknowledged at once on MQTT 3.1.1 unless told otherwise: 20.
     * MQTT 3.1.1 has no Receive Maximum, yet brokers limit what they accept in flight and may drop the rest: Mosquitto
     * (default {@code max_inflight_messages 20}, counting incoming QoS 2 messages that await PUBREL) acknowledges
     * QoS 1 messages beyond its limit and discards them. 20 stays within that and still keeps a connection busy. On
     * MQTT 5.0 the server's Receive Maximum says how many it accepts, so there is no client-side default there.
     */
    public static final int DEFAULT_MAXIMUM_IN_FLIGHT_MQTT_3_1_1 = 20;
    /** Topic alias maximum unless told otherwise: 0 (the server may not use topic aliases towards us). */
    public static final int DEFAULT_TOPIC_ALIAS_MAXIMUM = 0;
    /** How long opening the TCP connection may take unless told otherwise: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for CONNACK after sending CONNECT unless told otherwise: 10 seconds. */
    public static final Duration DEFAULT_CONNACK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long to wait for an acknowledgement or reply unless told otherwise: 30 seconds. Applies to SUBACK and
     * UNSUBACK, to {@code request()} replies and to every call of the blocking client.
     */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);
    /** Automatic reconnect unless told otherwise: on. */
    public static final boolean DEFAULT_AUTOMATIC_RECONNECT = true;
    /** How many messages the offline buffer holds unless told otherwise: 10,000. */
    public static final int DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES = 10_000;
    /** How many bytes (topic plus payload) the offline buffer holds unless told otherwise: 16 MiB. */
    public static final long DEFAULT_OFFLINE_BUFFER_MAX_BYTES = 16L * 1024 * 1024;
    /** What a full offline buffer does unless told otherwise: reject the new message. */
    public static final BufferOverflowPolicy DEFAULT_OFFLINE_BUFFER_OVERFLOW = BufferOverflowPolicy.REJECT;

    private final URI serverUri;
    private final List<URI> serverUris;
    private final String host;
    private final int port;
    private final String clientId;
    private final MqttVersion version;
    private final boolean cleanStart;
    private final long sessionExpiryInterval;
    private final int keepAliveSeconds;
    private final String username;
    private final byte[] password;
    private final Will will;
    private final int receiveMaximum;
    private final long maximumPacketSize;
    private final int topicAliasMaximum;
    /** 0: not set. */
    private final int maximumInFlight;
    private final List<UserProperty> userProperties;
    private final Duration connectTimeout;
    private final Duration connAckTimeout;
    private final Duration ackTimeout;
    private final Executor executor;
    private final boolean fallbackToMqtt311;
    private final boolean manualAcknowledgement;
    private final TlsOptions tls;
    private final WebSocketOptions webSocket;
    private final ProxyOptions proxy;
    private final Authenticator authenticator;
    private final boolean automaticReconnect;
    private final ReconnectPolicy reconnectPolicy;
    private final boolean retryFirstConnect;
    private final boolean resubscribeOnSessionLoss;
    private final boolean republishOnSessionLoss;
    private final int offlineBufferMaxMessages;
    private final long offlineBufferMaxBytes;
    private final BufferOverflowPolicy offlineBufferOverflow;
    private final boolean bufferQos0WhileOffline;
    private final SessionStore sessionStore;
    private final CredentialsProvider credentials;
    private final List<LifecycleListener> lifecycleListeners;

    private MqttClientOptions(Builder b, List<URI> uris) {
        URI uri = uris.get(0);
        serverUri = uri;
        serverUris = List.copyOf(uris);
        host = uri.getHost();
        port = uri.getPort() < 0 ? defaultPort(uri.getScheme()) : uri.getPort();
        tls = b.tls;
        webSocket = b.webSocket;
        proxy = b.proxy;
        authenticator = b.authenticator;
        clientId = b.clientId;
        version = b.version;
        cleanStart = b.cleanStart;
        sessionExpiryInterval = b.sessionExpiryInterval;
        keepAliveSeconds = b.keepAliveSeconds;
        username = b.username;
        password = b.password == null ? null : b.password.clone();
        will = b.will;
        receiveMaximum = b.receiveMaximum;
        maximumPacketSize = b.maximumPacketSize;
        topicAliasMaximum = b.topicAliasMaximum;
        maximumInFlight = b.maximumInFlight == null ? 0 : b.maximumInFlight;
        userProperties = List.copyOf(b.userProperties);
        connectTimeout = b.connectTimeout;
        connAckTimeout = b.connAckTimeout;
        ackTimeout = b.ackTimeout;
        executor = b.executor;
        fallbackToMqtt311 = b.fallbackToMqtt311;
        manualAcknowledgement = b.manualAcknowledgement;
        automaticReconnect = b.automaticReconnect;
        reconnectPolicy = b.reconnectPolicy;
        retryFirstConnect = b.retryFirstConnect;
        resubscribeOnSessionLoss = b.resubscribeOnSessionLoss;
        republishOnSessionLoss = b.republishOnSessionLoss;
        offlineBufferMaxMessages = b.offlineBufferMaxMessages;
        offlineBufferMaxBytes = b.offlineBufferMaxBytes;
        offlineBufferOverflow = b.offlineBufferOverflow;
        bufferQos0WhileOffline = b.bufferQos0WhileOffline;
        sessionStore = b.sessionStore;
        credentials = b.credentials;
        lifecycleListeners = List.copyOf(b.lifecycleListeners);
    }

    /** The port of a scheme when the URI has none: 1883, 8883 for mqtts, 80 for ws, 443 for wss. */
    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(java.util.Locale.ROOT)) {
            case "mqtts", "ssl" -> DEFAULT_TLS_PORT;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> DEFAULT_PORT;
        };
    }

    /** A builder with every default; only the server URI is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with every value of these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The (first) server, as {@code mqtt://}, {@code mqtts://}, {@code ws://} or {@code wss://host:port[/path]}. */
    public URI serverUri() {
        return serverUri;
    }

    /**
     * Every server to try, in order: the client connects to the first that accepts, and on each later attempt starts
     * with the one that last accepted. At least one.
     */
    public List<URI> serverUris() {
        return serverUris;
    }

    /** The (first) server's host name or address. */
    public String host() {
        return host;
    }

    /** The (first) server's port. */
    public int port() {
        return port;
    }

    /** The client identifier; empty means the server assigns one (which the client then keeps using). */
    public String clientId() {
        return clientId;
    }

    /** The protocol version to speak. */
    public MqttVersion version() {
        return version;
    }

    /** Whether to start a new session (MQTT 3.1.1: clean session). */
    public boolean isCleanStart() {
        return cleanStart;
    }

    /** MQTT 5.0: seconds the server keeps the session after the connection ends; 0xFFFFFFFF means never expires. */
    public long sessionExpiryInterval() {
        return sessionExpiryInterval;
    }

    /** The keep alive in seconds; 0 turns keep-alive off. The server may override it in CONNACK. */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    /** The user name, if set. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** A copy of the password bytes, if set. */
    public Optional<byte[]> password() {
        return password == null ? Optional.empty() : Optional.of(password.clone());
    }

    /** The will, if set. */
    public Optional<Will> will() {
        return Optional.ofNullable(will);
    }

    /** MQTT 5.0: how many QoS 1 and 2 messages the server may have unacknowledged towards this client. */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** MQTT 5.0: the largest packet in bytes this client accepts. */
    public long maximumPacketSize() {
        return maximumPacketSize;
    }

    /** MQTT 5.0: how many topic aliases the server may use towards this client; 0 means none. */
    public int topicAliasMaximum() {
        return topicAliasMaximum;
    }

    /**
     * The most QoS 1 and 2 messages the client sends without having their acknowledgement (PUBACK, or PUBCOMP), as
     * set with {@link Builder#maximumInFlight(int)}; empty if not set (see {@link #maximumInFlight(MqttVersion)} for
     * what applies then).
     */
    public OptionalInt maximumInFlight() {
        return maximumInFlight == 0 ? OptionalInt.empty() : OptionalInt.of(maximumInFlight);
    }

    /**
     * The client's own cap on unacknowledged QoS 1 and 2 messages on a connection that speaks {@code version}: the
     * value set with {@link Builder#maximumInFlight(int)}, else {@value #DEFAULT_MAXIMUM_IN_FLIGHT_MQTT_3_1_1} on
     * MQTT 3.1.1 and 65,535 (no cap of its own) on MQTT 5.0. A connection never has more in flight than the smaller
     * of this and the server's Receive Maximum; further messages wait in order (see
     * {@link Builder#offlineBuffer(int, long)} for how many).
     */
    public int maximumInFlight(MqttVersion version) {
        if (maximumInFlight != 0) {
            return maximumInFlight;
        }
        return version == MqttVersion.MQTT_3_1_1 ? DEFAULT_MAXIMUM_IN_FLIGHT_MQTT_3_1_1 : 65_535;
    }

    /** MQTT 5.0 user properties sent in CONNECT; empty if none. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** How long opening the network connection may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for CONNACK after sending CONNECT. */
    public Duration connAckTimeout() {
        return connAckTimeout;
    }

    /** How long to wait for SUBACK, UNSUBACK and request replies, and how long each blocking call waits. */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /**
     * The executor that runs message handlers and completes futures, if one was given; otherwise the client creates
     * its own and shuts it down on {@code close()}. A given executor is never shut down by the client.
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /**
     * Whether to retry with MQTT 3.1.1 when the server refuses MQTT 5.0, and keep using 3.1.1 afterwards. Options
     * with fallback on must be valid for both versions: {@link Builder#build()} refuses an empty client id with
     * {@code cleanStart(false)}, which MQTT 3.1.1 does not allow.
     */
    public boolean isFallbackToMqtt311() {
        return fallbackToMqtt311;
    }

    /**
     * Whether the application acknowledges received QoS 1 and 2 messages itself (with
     * {@code AsyncMqttClient.acknowledge}); by default the client acknowledges once a handler has been handed the
     * message.
     */
    public boolean isManualAcknowledgement() {
        return manualAcknowledgement;
    }

    /** How TLS is set up for {@code mqtts://} and {@code wss://}; {@link TlsOptions#defaults()} unless set. */
    public TlsOptions tls() {
        return tls;
    }

    /** WebSocket settings for {@code ws://} and {@code wss://}; {@link WebSocketOptions#defaults()} unless set. */
    public WebSocketOptions webSocket() {
        return webSocket;
    }

    /** The proxy to connect through, if any. */
    public Optional<ProxyOptions> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** MQTT 5.0 enhanced authentication, if set. */
    public Optional<Authenticator> authenticator() {
        return Optional.ofNullable(authenticator);
    }

    /** Whether the client reconnects by itself when a connection is lost; see {@link #reconnectPolicy()}. */
    public boolean isAutomaticReconnect() {
        return automaticReconnect;
    }

    /** When to reconnect, and when to give up. */
    public ReconnectPolicy reconnectPolicy() {
        return reconnectPolicy;
    }

    /**
     * Whether a failed first {@code connect()} is retried with the reconnect policy (its future then completes only
     * when a connection is accepted or the policy gives up) instead of failing at once.
     */
    public boolean isRetryFirstConnect() {
        return retryFirstConnect;
    }

    /** Whether the client subscribes again to its active subscriptions when the server did not keep the session. */
    public boolean isResubscribeOnSessionLoss() {
        return resubscribeOnSessionLoss;
    }

    /**
     * Whether QoS 1 and 2 messages that were sent but not acknowledged are published again, as new messages, when
     * the server did not keep the session; otherwise their futures fail. Republishing keeps QoS 1 at least once; a
     * republished QoS 2 message may then arrive twice (exactly once needs a session the server keeps).
     */
    public boolean isRepublishOnSessionLoss() {
        return republishOnSessionLoss;
    }

    /**
     * The most messages waiting to be sent: while the client is not connected, or behind the in-flight window (see
     * {@link Builder#offlineBuffer(int, long)}).
     */
    public int offlineBufferMaxMessages() {
        return offlineBufferMaxMessages;
    }

    /** The most bytes (topic plus payload) waiting to be sent, counted as {@link #offlineBufferMaxMessages()}. */
    public long offlineBufferMaxBytes() {
        return offlineBufferMaxBytes;
    }

    /** What a full offline buffer does with a new message. */
    public BufferOverflowPolicy offlineBufferOverflow() {
        return offlineBufferOverflow;
    }

    /** Whether QoS 0 messages published while not connected wait in the offline buffer (else they fail at once). */
    public boolean isBufferQos0WhileOffline() {
        return bufferQos0WhileOffline;
    }

    /**
     * The session store given in the options. If empty, the client keeps its session in its own memory only (it
     * survives reconnects, not the client), and writes nothing through: there is nobody to read it back. A store
     * belongs to one client at a time.
     */
    public Optional<SessionStore> sessionStore() {
        return Optional.ofNullable(sessionStore);
    }

    /** The provider asked for credentials before each connection attempt, if set; it overrides user name/password. */
    public Optional<CredentialsProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The listeners told about connections coming and going, in the order they were added. */
    public List<LifecycleListener> lifecycleListeners() {
        return lifecycleListeners;
    }

    /** Describes the options; the password is shown only as present or absent. */
    @Override
    public String toString() {
        return "MqttClientOptions[server=" + (serverUris.size() == 1 ? serverUri : serverUris) + ", clientId=" + clientId + ", version=" + version
                + ", cleanStart=" + cleanStart + ", sessionExpiryInterval=" + sessionExpiryInterval
                + ", keepAlive=" + keepAliveSeconds + ", username=" + username
                + ", password=" + (password == null ? "absent" : "<hidden>") + ", will=" + will
                + ", receiveMaximum=" + receiveMaximum + ", maximumPacketSize=" + maximumPacketSize
                + ", topicAliasMaximum=" + topicAliasMaximum
                + ", maximumInFlight=" + (maximumInFlight == 0 ? "default" : Integer.toString(maximumInFlight))
                + ", connectTimeout=" + connectTimeout
                + ", connAckTimeout=" + connAckTimeout + ", ackTimeout=" + ackTimeout
                + ", executor=" + (executor == null ? "client-owned" : executor.getClass().getSimpleName())
                + ", fallbackToMqtt311=" + fallbackToMqtt311 + ", manualAcknowledgement=" + manualAcknowledgement
                + ", automaticReconnect=" + automaticReconnect + ", reconnectPolicy=" + reconnectPolicy
                + ", retryFirstConnect=" + retryFirstConnect + ", resubscribeOnSessionLoss=" + resubscribeOnSessionLoss
                + ", republishOnSessionLoss=" + republishOnSessionLoss + ", offlineBuffer=" + offlineBufferMaxMessages
                + " messages/" + offlineBufferMaxBytes + " bytes/" + offlineBufferOverflow
                + (bufferQos0WhileOffline ? "" : "/no QoS 0")
                + ", credentials=" + (credentials == null ? "static" : "provider")
                + (tls == TlsOptions.defaults() ? "" : ", tls=" + tls)
                + (webSocket == WebSocketOptions.defaults() ? "" : ", webSocket=" + webSocket)
                + (proxy == null ? "" : ", proxy=" + proxy)
                + (authenticator == null ? "" : ", authenticationMethod=" + authenticator.method())
                + "]";
    }

    /** Server URI texts and what they parsed to (see {@code Builder.parseServerUris}). */
    private record ParsedServers(List<String> texts, List<URI> uris) {
    }

    /** The servers of the options built last; any thread may replace it. */
    private static volatile ParsedServers lastParsed;

    /** Builds {@link MqttClientOptions}. Not thread-safe; {@link #build()} checks every value. */
    public static final class Builder {

        private final List<String> serverUris = new ArrayList<>();
        private String clientId = "";
        private MqttVersion version = DEFAULT_VERSION;
        private boolean cleanStart = DEFAULT_CLEAN_START;
        private long sessionExpiryInterval = DEFAULT_SESSION_EXPIRY_INTERVAL;
        private int keepAliveSeconds = DEFAULT_KEEP_ALIVE_SECONDS;
        private String username;
        private byte[] password;
        private Will will;
        private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
        private long maximumPacketSize = DEFAULT_MAXIMUM_PACKET_SIZE;
        private int topicAliasMaximum = DEFAULT_TOPIC_ALIAS_MAXIMUM;
        /** Null: not set, the default of the negotiated version applies. */
        private Integer maximumInFlight;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration connAckTimeout = DEFAULT_CONNACK_TIMEOUT;
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private Executor executor;
        private boolean fallbackToMqtt311;
        private boolean manualAcknowledgement;
        private TlsOptions tls = TlsOptions.defaults();
        private WebSocketOptions webSocket = WebSocketOptions.defaults();
        private ProxyOptions proxy;
        private Authenticator authenticator;
        private boolean automaticReconnect = DEFAULT_AUTOMATIC_RECONNECT;
        private ReconnectPolicy reconnectPolicy = ReconnectPolicy.DEFAULT;
        private boolean retryFirstConnect;
        private boolean resubscribeOnSessionLoss = true;
        private boolean republishOnSessionLoss = true;
        private int offlineBufferMaxMessages = DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES;
        private long offlineBufferMaxBytes = DEFAULT_OFFLINE_BUFFER_MAX_BYTES;
        private BufferOverflowPolicy offlineBufferOverflow = DEFAULT_OFFLINE_BUFFER_OVERFLOW;
        private boolean bufferQos0WhileOffline = true;
        private SessionStore sessionStore;
        private CredentialsProvider credentials;
        private final List<LifecycleListener> lifecycleListeners = new ArrayList<>();

        private Builder() {
        }

        private Builder(MqttClientOptions o) {
            o.serverUris.forEach(u -> serverUris.add(u.toString()));
            clientId = o.clientId;
            version = o.version;
            cleanStart = o.cleanStart;
            sessionExpiryInterval = o.sessionExpiryInterval;
            keepAliveSeconds = o.keepAliveSeconds;
            username = o.username;
            password = o.password == null ? null : o.password.clone();
            will = o.will;
            receiveMaximum = o.receiveMaximum;
            maximumPacketSize = o.maximumPacketSize;
            topicAliasMaximum = o.topicAliasMaximum;
            maximumInFlight = o.maximumInFlight == 0 ? null : o.maximumInFlight;
            userProperties.addAll(o.userProperties);
            connectTimeout = o.connectTimeout;
            connAckTimeout = o.connAckTimeout;
            ackTimeout = o.ackTimeout;
            executor = o.executor;
            fallbackToMqtt311 = o.fallbackToMqtt311;
            manualAcknowledgement = o.manualAcknowledgement;
            tls = o.tls;
            webSocket = o.webSocket;
            proxy = o.proxy;
            authenticator = o.authenticator;
            automaticReconnect = o.automaticReconnect;
            reconnectPolicy = o.reconnectPolicy;
            retryFirstConnect = o.retryFirstConnect;
            resubscribeOnSessionLoss = o.resubscribeOnSessionLoss;
            republishOnSessionLoss = o.republishOnSessionLoss;
            offlineBufferMaxMessages = o.offlineBufferMaxMessages;
            offlineBufferMaxBytes = o.offlineBufferMaxBytes;
            offlineBufferOverflow = o.offlineBufferOverflow;
            bufferQos0WhileOffline = o.bufferQos0WhileOffline;
            sessionStore = o.sessionStore;
            credentials = o.credentials;
            lifecycleListeners.addAll(o.lifecycleListeners);
        }

        /**
         * The server; required. One of {@code mqtt://host[:port]} (port {@value #DEFAULT_PORT} if absent),
         * {@code mqtts://host[:port]} (TLS, port {@value #DEFAULT_TLS_PORT}), {@code ws://host[:port][/path]}
         * (WebSocket, port 80, path {@code /mqtt} if absent) or {@code wss://host[:port][/path]} (WebSocket over
         * TLS, port 443). TLS verifies the server's certificate and host name unless {@link #tls} says otherwise.
         * Replaces any servers set before; {@link #serverUris(List)} sets several.
         */
        public Builder serverUri(String serverUri) {
            Objects.requireNonNull(serverUri, "serverUri");
            serverUris.clear();
            serverUris.add(serverUri);
            return this;
        }

        /**
         * Several servers, tried in turn: a connection attempt goes to the next one when a server cannot be reached
         * or refuses. Replaces any servers set before; each as in {@link #serverUri(String)}.
         */
        public Builder serverUris(List<String> uris) {
            List<String> copy = List.copyOf(uris);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("at least one server URI is needed");
            }
            serverUris.clear();
            serverUris.addAll(copy);
            return this;
        }

        /** Adds a server to try after the ones set before. */
        public Builder addServerUri(String serverUri) {
            serverUris.add(Objects.requireNonNull(serverUri, "serverUri"));
            return this;
        }

        /** Shorthand for {@code serverUri("mqtt://" + host + ":" + port)}. */
        public Builder server(String host, int port) {
            return serverUri("mqtt://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);
        }

        /** The client identifier; default empty, meaning the server assigns one. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** The protocol version; default {@link #DEFAULT_VERSION}. */
        public Builder version(MqttVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Whether to start a new session; default {@value #DEFAULT_CLEAN_START}. */
        public Builder cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        /** MQTT 5.0 session expiry interval in seconds, 0 to 4,294,967,295; default 0. */
        public Builder sessionExpiryInterval(long seconds) {
            this.sessionExpiryInterval = seconds;
            return this;
        }

        /** Keep alive in seconds, 0 (off) to 65,535; default {@value #DEFAULT_KEEP_ALIVE_SECONDS}. */
        public Builder keepAliveSeconds(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** The user name; null for none (the default). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The password bytes, copied; null for none (the default). Never logged or shown by {@code toString()}. */
        public Builder password(byte[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** The password as UTF-8 bytes; null for none. Never logged or shown by {@code toString()}. */
        public Builder password(String password) {
            this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The will; null for none (the default). */
        public Builder will(Will will) {
            this.will = will;
            return this;
        }

        /**
         * MQTT 5.0 receive maximum, 1 to 65,535; default {@value #DEFAULT_RECEIVE_MAXIMUM}: how many received QoS 1
         * and 2 messages may wait for their acknowledgement (handed to the application, or awaiting the server's
         * PUBREL) before the server must stop sending more. A server that goes beyond it anyway (Mosquitto 2.0 sending
         * a resumed session's queue) is not disconnected: the client logs it once and stops reading from the socket
         * while the application holds more than this many, so memory stays bounded and nothing is lost.
         */
        public Builder receiveMaximum(int receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        /** MQTT 5.0 maximum packet size in bytes, 1 to 268,435,460; default no limit. */
        public Builder maximumPacketSize(long bytes) {
            this.maximumPacketSize = bytes;
            return this;
        }

        /** MQTT 5.0 topic alias maximum, 0 to 65,535; default {@value #DEFAULT_TOPIC_ALIAS_MAXIMUM}. */
        public Builder topicAliasMaximum(int topicAliasMaximum) {
            this.topicAliasMaximum = topicAliasMaximum;
            return this;
        }

        /**
         * The most QoS 1 and 2 messages the client sends without having their acknowledgement, 1 to 65,535, on
         * either protocol version; by default {@value #DEFAULT_MAXIMUM_IN_FLIGHT_MQTT_3_1_1} on MQTT 3.1.1 and, on
         * MQTT 5.0, as many as the server's Receive Maximum allows. The server's Receive Maximum always applies too:
         * the window is the smaller of the two. Messages beyond it wait in order in the same bounded queue as the
         * offline buffer ({@link #offlineBuffer(int, long)}); they are never refused for the window alone.
         */
        public Builder maximumInFlight(int maximum) {
            this.maximumInFlight = maximum;
            return this;
        }

        /** Adds an MQTT 5.0 user property to send in CONNECT. */
        public Builder userProperty(String name, String value) {
            userProperties.add(UserProperty.of(name, value));
            return this;
        }

        /** Replaces the MQTT 5.0 user properties sent in CONNECT. */
        public Builder userProperties(List<UserProperty> properties) {
            userProperties.clear();
            userProperties.addAll(properties);
            return this;
        }

        /** How long opening the network connection may take; default 10 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /** How long to wait for CONNACK after CONNECT; default 10 seconds. */
        public Builder connAckTimeout(Duration timeout) {
            this.connAckTimeout = Objects.requireNonNull(timeout, "connAckTimeout");
            return this;
        }

        /** How long to wait for SUBACK, UNSUBACK, replies, and in blocking calls; default 30 seconds. */
        public Builder ackTimeout(Duration timeout) {
            this.ackTimeout = Objects.requireNonNull(timeout, "ackTimeout");
            return this;
        }

        /**
         * The executor for message handlers and future completions; null (the default) makes the client create and
         * own one. Share one executor across many clients to keep the thread count low; the client never shuts down
         * an executor given here. A direct executor ({@code Runnable::run}) runs them on the client's network thread:
         * the lowest latency, one thread hand-off less per message, but a handler or callback must then never block
         * (the blocking client refuses to be called there) and a slow one stalls the connection.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Whether to fall back to MQTT 3.1.1 when the server refuses 5.0 (CONNACK 0x84, a 3.1.1 CONNACK with return
         * code 1, or the connection closed right after CONNECT); default false. The outcome is kept for later
         * connects and reconnects.
         *
         * <p>The options must then be valid for MQTT 3.1.1 too, so {@link #build()} refuses an empty client id with
         * {@code cleanStart(false)}: MQTT 3.1.1 accepts an empty client id only with clean session 1
         * ([MQTT-3.1.3-7]), so the fallback could never connect. Set a client id, or keep clean start on.
         */
        public Builder fallbackToMqtt311(boolean fallback) {
            this.fallbackToMqtt311 = fallback;
            return this;
        }

        /**
         * Whether the application acknowledges received QoS 1 and 2 messages itself; default false. Off, the client
         * acknowledges a message once every handler or stream subscriber it goes to was handed it. Either way the
         * acknowledgements reach the server in the order the messages arrived (see
         * {@link AsyncMqttClient#acknowledge}).
         */
        public Builder manualAcknowledgement(boolean manual) {
            this.manualAcknowledgement = manual;
            return this;
        }

        /** TLS settings for {@code mqtts://} and {@code wss://}; default {@link TlsOptions#defaults()}. */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** WebSocket settings for {@code ws://} and {@code wss://}; default {@link WebSocketOptions#defaults()}. */
        public Builder webSocket(WebSocketOptions webSocket) {
            this.webSocket = Objects.requireNonNull(webSocket, "webSocket");
            return this;
        }

        /** A proxy to connect through; null (the default) for a direct connection. */
        public Builder proxy(ProxyOptions proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Whether to reconnect automatically when a connection is lost; default {@value #DEFAULT_AUTOMATIC_RECONNECT}. */
        public Builder automaticReconnect(boolean reconnect) {
            this.automaticReconnect = reconnect;
            return this;
        }

        /** When to reconnect and when to give up; default {@link ReconnectPolicy#DEFAULT}. */
        public Builder reconnectPolicy(ReconnectPolicy policy) {
            this.reconnectPolicy = Objects.requireNonNull(policy, "reconnectPolicy");
            return this;
        }

        /**
         * MQTT 5.0 enhanced authentication, for example {@link dev.tern.mqtt.auth.ScramSha256Authenticator}; null
         * (the default) for none. Needs MQTT 5.0 without fallback to 3.1.1, which has no enhanced authentication.
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /**
         * Whether a failed first {@code connect()} is retried with the reconnect policy instead of failing at once;
         * default false. Needs automatic reconnect.
         */
        public Builder retryFirstConnect(boolean retry) {
            this.retryFirstConnect = retry;
            return this;
        }

        /** Whether to subscribe again when the server did not keep the session; default true. */
        public Builder resubscribeOnSessionLoss(boolean resubscribe) {
            this.resubscribeOnSessionLoss = resubscribe;
            return this;
        }

        /**
         * Whether to publish unacknowledged QoS 1 and 2 messages again, as new messages, when the server did not
         * keep the session (otherwise their futures fail); default true.
         */
        public Builder republishOnSessionLoss(boolean republish) {
            this.republishOnSessionLoss = republish;
            return this;
        }

        /**
         * Bounds the offline buffer; defaults {@value #DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES} messages and
         * {@value #DEFAULT_OFFLINE_BUFFER_MAX_BYTES} bytes (topic plus payload). The offline buffer is the one queue
         * of messages not sent yet: while the client is connecting or reconnecting, and also while it is connected
         * and the in-flight window ({@link #maximumInFlight(int)}, the server's Receive Maximum) is full, so a
         * publisher faster than the server acknowledges gets back-pressure through failed futures
         * ({@link #offlineBufferOverflow(BufferOverflowPolicy)}) instead of unbounded memory use. A message that can
         * be sent at once never counts against it. 0 messages turns buffering off: publishing while not connected
         * then fails at once, and so does a QoS 1 or 2 message beyond the in-flight window.
         */
        public Builder offlineBuffer(int maxMessages, long maxBytes) {
            this.offlineBufferMaxMessages = maxMessages;
            this.offlineBufferMaxBytes = maxBytes;
            return this;
        }

        /** What a full offline buffer does with a new message; default {@link BufferOverflowPolicy#REJECT}. */
        public Builder offlineBufferOverflow(BufferOverflowPolicy policy) {
            this.offlineBufferOverflow = Objects.requireNonNull(policy, "offlineBufferOverflow");
            return this;
        }

        /** Whether QoS 0 messages published while not connected are buffered; default true. */
        public Builder bufferQos0WhileOffline(boolean buffer) {
            this.bufferQos0WhileOffline = buffer;
            return this;
        }

        /**
         * Where session state is kept; null (the default) gives each client its own in-memory store. Give each
         * client its own store: two clients writing to one store corrupt each other's session.
         */
        public Builder sessionStore(SessionStore store) {
            this.sessionStore = store;
            return this;
        }

        /**
         * Asked for the user name and password before every connection attempt (tokens expire); replaces
         * {@link #username(String)} and {@link #password(byte[])}. Null (the default) uses those.
         */
        public Builder credentials(CredentialsProvider provider) {
            this.credentials = provider;
            return this;
        }

        /** Adds a listener for connections coming and going; called on the client's callback executor. */
        public Builder addLifecycleListener(LifecycleListener listener) {
            lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalStateException if no server URI was set
         * @throws IllegalArgumentException if a value is out of range, the URI is malformed or uses a scheme other
         *         than {@code mqtt}, {@code mqtts}, {@code ws} and {@code wss}, or the client id is empty with clean
         *         start off where MQTT 3.1.1 may be spoken (version 3.1.1, or {@link #fallbackToMqtt311(boolean)
         *         fallback} on)
         */
        public MqttClientOptions build() {
            if (serverUris.isEmpty()) {
                throw new IllegalStateException("a server URI is required, for example mqtt://localhost:1883");
            }
            List<URI> uris = parseServerUris(serverUris);
            checkRange("session expiry interval", sessionExpiryInterval, 0, 0xFFFFFFFFL);
            checkRange("keep alive", keepAliveSeconds, 0, 65_535);
            checkRange("receive maximum", receiveMaximum, 1, 65_535);
            checkRange("maximum packet size", maximumPacketSize, 1, DEFAULT_MAXIMUM_PACKET_SIZE);
            checkRange("topic alias maximum", topicAliasMaximum, 0, 65_535);
            if (maximumInFlight != null) {
                checkRange("maximum in flight", maximumInFlight, 1, 65_535);
            }
            checkPositive("connect timeout", connectTimeout);
            checkPositive("CONNACK timeout", connAckTimeout);
            checkPositive("ack timeout", ackTimeout);
            checkRange("offline buffer messages", offlineBufferMaxMessages, 0, Integer.MAX_VALUE);
            checkRange("offline buffer bytes", offlineBufferMaxBytes, 0, Long.MAX_VALUE);
            if (retryFirstConnect && !automaticReconnect) {
                throw new IllegalArgumentException("retryFirstConnect needs automaticReconnect");
            }
            if (clientId.indexOf('\u0000') >= 0 || clientId.getBytes(StandardCharsets.UTF_8).length > 65_535) {
                throw new IllegalArgumentException("client id must be at most 65,535 UTF-8 bytes without U+0000");
            }
            if (clientId.isEmpty() && !cleanStart && version == MqttVersion.MQTT_3_1_1) {
                throw new IllegalArgumentException("MQTT 3.1.1 requires clean session when the client id is empty");
            }
            if (clientId.isEmpty() && !cleanStart && fallbackToMqtt311) {
                throw new IllegalArgumentException("fallbackToMqtt311 needs a client id or cleanStart(true): after"
                        + " falling back, MQTT 3.1.1 accepts an empty client id only with clean session");
            }
            if (password != null && password.length > 65_535) {
                throw new IllegalArgumentException("password must be at most 65,535 bytes");
            }
            if (password != null && username == null && (version == MqttVersion.MQTT_3_1_1 || fallbackToMqtt311)) {
                throw new IllegalArgumentException("MQTT 3.1.1 sends a password only with a user name [MQTT-3.1.2-22];"
                        + " a password alone needs MQTT 5.0 without fallback");
            }
            if (authenticator != null && (version == MqttVersion.MQTT_3_1_1 || fallbackToMqtt311)) {
                throw new IllegalArgumentException("enhanced authentication needs MQTT 5.0 without fallback to 3.1.1");
            }
            return new MqttClientOptions(this, uris);
        }

        /**
         * The parsed servers, shared with the options built last when the texts are the same: a fleet of clients built
         * for one broker then holds one list of URIs instead of a URI with its strings per client (about 330 bytes
         * each), and skips parsing. URIs are immutable, so sharing them is safe; one entry covers the common case of
         * one broker for all.
         */
        private static List<URI> parseServerUris(List<String> texts) {
            ParsedServers last = lastParsed;
            if (last != null && last.texts().equals(texts)) {
                return last.uris();
            }
            List<URI> uris = new ArrayList<>(texts.size());
            for (String u : texts) {
                uris.add(parseServerUri(u));
            }
            ParsedServers parsed = new ParsedServers(List.copyOf(texts), List.copyOf(uris));
            lastParsed = parsed;
            return parsed.uris();
        }

        private static URI parseServerUri(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("server URI is malformed: " + text, e);
            }
            String scheme = uri.getScheme();
            if (scheme == null) {
                throw new IllegalArgumentException("server URI needs a scheme, for example mqtt://" + text);
            }
            switch (scheme.toLowerCase(java.util.Locale.ROOT)) {
                case "mqtt":
                case "tcp":
                case "mqtts":
                case "ssl":
                case "ws":
                case "wss":
                    break;
                default:
                    throw new IllegalArgumentException("unknown server URI scheme " + scheme
                            + "://; use mqtt://, mqtts://, ws:// or wss://");
            }
            boolean webSocket = scheme.toLowerCase(java.util.Locale.ROOT).startsWith("ws");
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("server URI needs a host, for example mqtt://localhost:1883");
            }
            if (!webSocket && uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                throw new IllegalArgumentException("only a ws:// or wss:// server URI has a path: " + text);
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("put credentials in username() and password(), not in the"
                        + " server URI");
            }
            return uri;
        }

        private static void checkRange(String what, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", was " + value);
            }
        }

        private static void checkPositive(String what, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
        }
    }
}
