package dev.tern.mqtt.cli;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
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

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Option(names = "--no-reconnect",
            description = "End when the connection is lost (sub: exit status 1; pub: the messages not yet "
                    + "acknowledged fail) instead of reconnecting, which is the default.")
    boolean noReconnect;
}
