package dev.tern.mqtt.cli;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.ProxyOptions;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.message.Qos;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags every client command shares, spelled as mosquitto_pub and mosquitto_sub spell them: where to connect,
 * as whom, with which protocol version and session, and the will.
 *
 * <p>Unlike mosquitto, {@code -h} is the host only; help is {@code --help}.
 */
final class ConnectionOptions {

    /** MQTT 5.0 session expiry "never", used for {@code -c} without {@code --session-expiry}, as mosquitto does. */
    static final long SESSION_NEVER_EXPIRES = 0xFFFF_FFFFL;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-h", "--host"}, defaultValue = "localhost", paramLabel = "HOST",
            description = "Broker host name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "1883", paramLabel = "PORT",
            description = "Broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-V", "--protocol-version"}, defaultValue = "5", paramLabel = "5|311",
            converter = Converters.Version.class,
            description = "MQTT version: 5 (default) or 311. With 5, a broker that refuses 5.0 is retried with 3.1.1.")
    MqttVersion version;

    @Option(names = {"-i", "--id"}, paramLabel = "ID",
            description = "Client id (default: empty, the broker assigns one).")
    String clientId;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "User name.")
    String username;

    @Option(names = {"-P", "--pw"}, paramLabel = "PASS", description = "Password (needs -u).")
    String password;

    @Option(names = {"-c", "--disable-clean-session"},
            description = "Keep the session: connect with clean start off (needs -i). With MQTT 5 the session "
                    + "never expires unless --session-expiry is given.")
    boolean keepSession;

    @Option(names = {"-x", "--session-expiry"}, paramLabel = "S",
            description = "MQTT 5 session expiry interval in seconds, 0 to 4294967295 (default: 0, or never with -c).")
    Long sessionExpiry;

    @Option(names = {"-k", "--keepalive"}, defaultValue = "60", paramLabel = "S",
            description = "Keep alive in seconds, 0 (off) to 65535 (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "S",
            description = "Seconds to wait for the connection, CONNACK and each acknowledgement (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--will-topic", paramLabel = "TOPIC", description = "Topic of the will message.")
    String willTopic;

    @Option(names = "--will-payload", paramLabel = "TEXT", description = "Payload of the will (default: empty).")
    String willPayload;

    @Option(names = "--will-qos", paramLabel = "0|1|2", converter = Converters.QosLevel.class,
            description = "QoS of the will (default: 0).")
    Qos willQos;

    @Option(names = "--will-retain", description = "Retain the will.")
    boolean willRetain;

    @Option(names = {"-d", "--debug"}, description = "Log what the client does, on stderr.")
    boolean debug;

    @Option(names = {"-L", "--url"}, paramLabel = "URL",
            description = "The broker as a URL instead of -h and -p: mqtt://, mqtts://, ws:// or wss://HOST[:PORT]"
                    + " (WebSocket with its path, default /mqtt). The topic always comes from -t.")
    String url;

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "PEM file of the CA certificates to trust instead of the JDK's; turns TLS on with -h/-p.")
    Path caFile;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Client certificate (PEM) for mutual TLS; needs --key.")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Private key (PEM, PKCS#8 or PKCS#1) of --cert.")
    Path keyFile;

    @Option(names = "--insecure",
            description = "Do not check that the broker's certificate names its host. Insecure: for tests only.")
    boolean insecure;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Connect through a proxy: http://[USER:PASS@]HOST:PORT (CONNECT) or"
                    + " socks5://[USER:PASS@]HOST:PORT.")
    String proxy;

    /** The server URI: --url as given, else built from -h and -p, with TLS when a TLS flag asks for it. */
    String serverUri() {
        if (url != null) {
            return url;
        }
        boolean tls = caFile != null || certFile != null || insecure;
        return (tls ? "mqtts" : "mqtt") + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The TLS settings the flags ask for (used only with mqtts:// and wss://). */
    TlsOptions tls() {
        TlsOptions.Builder b = TlsOptions.builder();
        if (caFile != null) {
            b.trustedCertificates(caFile);
        }
        if (certFile != null) {
            b.clientCertificate(certFile, keyFile);
        }
        if (insecure) {
            b.disableHostnameVerification();
        }
        return b.build();
    }

    /** The proxy the flags ask for, or null. */
    ProxyOptions proxyOptions() {
        return proxy == null ? null : ProxyOptions.parse(proxy);
    }

    /** The session expiry interval to send: as given, "never" for {@code -c} alone, otherwise 0. */
    long effectiveSessionExpiry() {
        if (sessionExpiry != null) {
            return sessionExpiry;
        }
        return keepSession ? SESSION_NEVER_EXPIRES : 0;
    }

    /** Whether a will was asked for. */
    boolean hasWill() {
        return willTopic != null;
    }

    /**
     * Checks the combinations picocli cannot check by itself.
     *
     * @throws ParameterException (exit status {@link ExitCode#USAGE}) describing the first problem found
     */
    void validate() {
        validateTransport();
        if (host.isBlank()) {
            throw usage("-h needs a host name or address");
        }
        if (port < 1 || port > 65_535) {
            throw usage("-p must be a port between 1 and 65535, was " + port);
        }
        if (keepAlive < 0 || keepAlive > 65_535) {
            throw usage("-k must be between 0 and 65535 seconds, was " + keepAlive);
        }
        if (timeoutSeconds < 1) {
            throw usage("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        if (sessionExpiry != null && (sessionExpiry < 0 || sessionExpiry > SESSION_NEVER_EXPIRES)) {
            throw usage("--session-expiry must be between 0 and 4294967295 seconds, was " + sessionExpiry);
        }
        if (keepSession && (clientId == null || clientId.isEmpty())) {
            throw usage("-c keeps a session, which needs a client id: add -i ID");
        }
        if (password != null && username == null) {
            throw usage("-P needs a user name: add -u USER");
        }
        if (!hasWill() && (willPayload != null || willQos != null || willRetain)) {
            throw usage("--will-payload, --will-qos and --will-retain need --will-topic");
        }
        if (hasWill()) {
            Topics.checkTopicName(spec, "--will-topic", willTopic);
        }
    }

    /** Checks --url and the TLS and proxy flags; with --url, sets host and port from it for messages. */
    private void validateTransport() {
        var parsed = spec.commandLine().getParseResult();
        if (url != null) {
            if (parsed != null && (parsed.hasMatchedOption("-h") || parsed.hasMatchedOption("-p"))) {
                throw usage("--url names the broker already: leave out -h and -p");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw usage("--url is not a URL: " + url);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.matches("mqtts?|wss?|tcp|ssl") || uri.getHost() == null) {
                throw usage("--url must be mqtt://, mqtts://, ws:// or wss://HOST[:PORT], was " + url);
            }
            boolean tls = scheme.equals("mqtts") || scheme.equals("ssl") || scheme.equals("wss");
            if (!tls && (caFile != null || certFile != null || insecure)) {
                throw usage("--cafile, --cert, --key and --insecure need TLS: use mqtts:// or wss:// in --url");
            }
            host = uri.getHost();
            port = uri.getPort() >= 0 ? uri.getPort()
                    : switch (scheme) {
                        case "mqtts", "ssl" -> 8883;
                        case "ws" -> 80;
                        case "wss" -> 443;
                        default -> 1883;
                    };
        }
        if ((certFile == null) != (keyFile == null)) {
            throw usage("--cert and --key go together: give both for mutual TLS");
        }
        for (Path file : new Path[] {caFile, certFile, keyFile}) {
            if (file != null && !Files.isReadable(file)) {
                throw usage("cannot read " + file);
            }
        }
        if (proxy != null) {
            try {
                ProxyOptions.parse(proxy);
            } catch (IllegalArgumentException e) {
                throw usage("--proxy: " + e.getMessage());
            }
        }
        if (insecure) {
            spec.commandLine().getErr().println("Warning: --insecure: the broker's certificate is not checked against"
                    + " its host name; anyone with a certificate from a trusted CA can pose as the broker.");
            spec.commandLine().getErr().flush();
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Option(names = "--no-reconnect",
            description = "End when the connection is lost (sub: exit status 1; pub: the messages not yet "
                    + "acknowledged fail) instead of reconnecting, which is the default.")
    boolean noReconnect;
}
