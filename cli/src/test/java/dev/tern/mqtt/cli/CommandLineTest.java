package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Will;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Parsing and checking of the command line, without any broker. */
class CommandLineTest {

    @Test
    void pubParsesEveryMosquittoStyleFlag() {
        PubCommand pub = parse(PubCommand.class, "pub", "-h", "broker.example", "-p", "8883", "-t", "a/b",
                "-m", "hello {n}", "-q", "2", "-r", "-V", "311", "-i", "dev-1", "-u", "alice", "-P", "secret",
                "--repeat", "5", "--interval", "250", "-c", "--session-expiry", "60", "-k", "30",
                "--will-topic", "a/status", "--will-payload", "gone", "--will-qos", "1", "--will-retain");
        assertEquals("broker.example", pub.connection.host);
        assertEquals(8883, pub.connection.port);
        assertEquals("a/b", pub.topic);
        assertEquals("hello {n}", pub.payload.message);
        assertEquals(Qos.EXACTLY_ONCE, pub.qos);
        assertTrue(pub.retain);
        assertEquals(MqttVersion.MQTT_3_1_1, pub.connection.version);
        assertEquals("dev-1", pub.connection.clientId);
        assertEquals("alice", pub.connection.username);
        assertEquals("secret", pub.connection.password);
        assertEquals(5, pub.repeat);
        assertEquals(250, pub.intervalMillis);
        assertTrue(pub.connection.keepSession);
        assertEquals(60L, pub.connection.effectiveSessionExpiry());
        assertEquals(30, pub.connection.keepAlive);
        assertEquals("a/status", pub.connection.willTopic);
        assertEquals("gone", pub.connection.willPayload);
        assertEquals(Qos.AT_LEAST_ONCE, pub.connection.willQos);
        assertTrue(pub.connection.willRetain);
    }

    @Test
    void pubDefaultsMatchMosquitto() {
        PubCommand pub = parse(PubCommand.class, "pub", "-t", "a", "-m", "x");
        assertEquals("localhost", pub.connection.host);
        assertEquals(1883, pub.connection.port);
        assertEquals(MqttVersion.MQTT_5_0, pub.connection.version);
        assertEquals(Qos.AT_MOST_ONCE, pub.qos);
        assertFalse(pub.retain);
        assertEquals(1, pub.repeat);
        assertEquals(0, pub.intervalMillis);
        assertNull(pub.connection.clientId);
        assertEquals(60, pub.connection.keepAlive);
        assertEquals(0L, pub.connection.effectiveSessionExpiry());
    }

    @Test
    void keepingTheSessionWithoutExpiryMeansNeverExpires() {
        SubCommand sub = parse(SubCommand.class, "sub", "-t", "a", "-c", "-i", "me");
        assertEquals(0xFFFF_FFFFL, sub.connection.effectiveSessionExpiry());
    }

    @Test
    void subTakesSeveralTopicsAndCountWaitVerbose() {
        SubCommand sub = parse(SubCommand.class, "sub", "-t", "a/+", "-t", "b/#", "--topic", "c",
                "-q", "1", "-C", "3", "-W", "9", "-v");
        assertEquals(List.of("a/+", "b/#", "c"), sub.topics);
        assertEquals(Qos.AT_LEAST_ONCE, sub.qos);
        assertEquals(3, sub.count);
        assertEquals(9, sub.waitSeconds);
        assertTrue(sub.verbose);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5.0", "mqttv5", "MQTTV5"})
    void acceptsMqtt5Spellings(String value) {
        assertEquals(MqttVersion.MQTT_5_0, new Converters.Version().convert(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"311", "3.1.1", "mqttv311", "4"})
    void acceptsMqtt311Spellings(String value) {
        assertEquals(MqttVersion.MQTT_3_1_1, new Converters.Version().convert(value));
    }

    @Test
    void clientOptionsFollowTheFlagsWithFallbackOn() {
        PubCommand pub = parse(PubCommand.class, "pub", "-h", "127.0.0.1", "-p", "1884", "-t", "a", "-m", "x",
                "-i", "dev-1", "-c", "-x", "120", "-k", "15", "-u", "alice", "-P", "secret", "--timeout", "3",
                "--will-topic", "a/status", "--will-payload", "gone", "--will-qos", "2", "--will-retain");
        MqttClientOptions options = Clients.options(pub.connection);
        assertEquals("127.0.0.1", options.host());
        assertEquals(1884, options.port());
        assertEquals("dev-1", options.clientId());
        assertEquals(MqttVersion.MQTT_5_0, options.version());
        assertTrue(options.isFallbackToMqtt311());
        assertFalse(options.isCleanStart());
        assertEquals(120, options.sessionExpiryInterval());
        assertEquals(15, options.keepAliveSeconds());
        assertEquals("alice", options.username().orElseThrow());
        assertEquals("secret", new String(options.password().orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(3, options.ackTimeout().toSeconds());
        Will will = options.will().orElseThrow();
        assertEquals("a/status", will.topic());
        assertEquals("gone", will.message().payloadAsString());
        assertEquals(Qos.EXACTLY_ONCE, will.message().qos());
        assertTrue(will.message().isRetain());
    }

    @Test
    void clientIdDefaultsToEmptySoTheBrokerAssignsOne() {
        PubCommand pub = parse(PubCommand.class, "pub", "-t", "a", "-m", "x");
        MqttClientOptions options = Clients.options(pub.connection);
        assertEquals("", options.clientId());
        assertTrue(options.isCleanStart());
        assertTrue(options.will().isEmpty());
    }

    @Test
    void pubAndSubReconnectUnlessToldNot() {
        MqttClientOptions pub = Clients.options(parse(PubCommand.class, "pub", "-t", "a", "-m", "x").connection);
        assertTrue(pub.isAutomaticReconnect());
        assertEquals(Clients.RECONNECT, pub.reconnectPolicy());
        assertFalse(pub.isRetryFirstConnect(), "a broker that is not there at the start is an error, as in mosquitto");
        MqttClientOptions sub = Clients.options(parse(SubCommand.class, "sub", "-t", "a", "--no-reconnect")
                .connection);
        assertFalse(sub.isAutomaticReconnect());
        assertFalse(Clients.options(parse(PubCommand.class, "pub", "-t", "a", "-m", "x", "--no-reconnect")
                .connection).isAutomaticReconnect());
    }

    // Usage errors: exit status 2 and a message that says what to do, before any connection is tried.

    @ParameterizedTest
    @ValueSource(strings = {
        "pub -m x",                                       // no topic
        "pub -t a",                                       // no message
        "pub -t a -m x -n",                               // two messages
        "pub -t a -m x -q 3",                             // bad QoS
        "pub -t a -m x -V 3.1",                           // MQTT 3.1
        "pub -t a -m x -V 6",
        "pub -t a/+ -m x",                                // wildcard in a topic name
        "pub -t a -m x -c",                               // -c without -i
        "pub -t a -m x -P secret",                        // -P without -u
        "pub -t a -m x --will-qos 1",                     // will flag without --will-topic
        "pub -t a -m x --repeat 0",
        "pub -t a -m x --interval -1",
        "pub -t a -m x -p 70000",
        "pub -t a -m x -x -5",
        "pub -t a -m x --no-such-flag",
        "sub",                                            // no topic
        "sub -t a/#/b",                                   // # not last
        "sub -t a/b+",                                    // + inside a level
        "sub -t a -C 0",
        "sub -t a -W 0",
        "",                                               // no command
        "publish -t a -m x",                              // no such command
    })
    void invalidCommandLinesExitWithUsageStatus(String line) {
        Run run = run(line.isEmpty() ? new String[0] : line.split(" "));
        assertEquals(ExitCode.USAGE, run.status, run.err);
        assertFalse(run.err.isBlank(), "an explanation on stderr");
    }

    @Test
    void valuesTheClientRejectsAreUsageErrorsToo() {
        Run run = run("pub", "-t", "a", "-m", "x", "-i", "x".repeat(70_000));
        assertEquals(ExitCode.USAGE, run.status, run.err);
        assertTrue(run.err.contains("client id must be at most 65,535 UTF-8 bytes"), run.err);
    }

    @Test
    void cWithoutIdSaysWhatToAdd() {
        Run run = run("pub", "-t", "a", "-m", "x", "-c");
        assertTrue(run.err.contains("-c keeps a session, which needs a client id: add -i ID"), run.err);
    }

    @Test
    void lowercaseHIsTheHostAndHelpIsSpelledOut() {
        Run run = run("pub", "--help");
        assertEquals(ExitCode.OK, run.status);
        assertTrue(run.out.contains("-h, --host=HOST"), run.out);
        assertTrue(run.out.contains("{n}"), run.out);
        Run top = run("--help");
        assertEquals(ExitCode.OK, top.status);
        assertTrue(top.out.contains("pub") && top.out.contains("sub") && top.out.contains("demo"), top.out);
    }

    @Test
    void versionIsShown() {
        Run run = run("--version");
        assertEquals(ExitCode.OK, run.status);
        assertTrue(run.out.startsWith("mqtt (Tern MQTT client)"), run.out);
    }

    @Test
    void urlAndTlsFlagsBuildTheClientOptions() {
        PubCommand pub = parse(PubCommand.class, "pub", "--url", "wss://broker.example/ws", "--cafile", "ca.pem",
                "--cert", "c.pem", "--key", "c.key", "--proxy", "socks5://u:p@proxy:1080", "-t", "a", "-m", "x");
        MqttClientOptions o = Clients.options(pub.connection);
        assertEquals("wss://broker.example/ws", o.serverUri().toString());
        assertEquals(java.nio.file.Path.of("ca.pem"), o.tls().trustedCertificates().orElseThrow());
        assertEquals(java.nio.file.Path.of("c.key"), o.tls().privateKeyFile().orElseThrow());
        assertTrue(o.tls().isHostnameVerification());
        assertEquals(dev.tern.mqtt.ProxyOptions.Type.SOCKS5, o.proxy().orElseThrow().type());
        assertEquals("p", o.proxy().orElseThrow().password().orElseThrow());
    }

    @Test
    void aTlsFlagWithHostAndPortMeansMqttsAndInsecureTurnsTheHostCheckOff() {
        PubCommand pub = parse(PubCommand.class, "pub", "-h", "b", "-p", "8883", "--insecure", "-t", "a", "-m", "x");
        MqttClientOptions o = Clients.options(pub.connection);
        assertEquals("mqtts://b:8883", o.serverUri().toString());
        assertFalse(o.tls().isHostnameVerification());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pub --url mqtt://b -h other -t a -m x|leave out -h and -p",
            "pub --url http://b -t a -m x|--url must be",
            "pub --url mqtt://b --insecure -t a -m x|need TLS",
            "pub --url mqtts://b --cert c.pem -t a -m x|--cert and --key go together",
            "pub --url mqtts://b --cafile /no/such/ca.pem -t a -m x|cannot read",
            "pub --proxy ftp://p:1 -t a -m x|--proxy"})
    void transportFlagMistakesAreUsageErrors(String lineAndMessage) {
        String[] parts = lineAndMessage.split("\\|");
        Run r = run(parts[0].split(" "));
        assertEquals(ExitCode.USAGE, r.status, r.toString());
        assertTrue(r.err.contains(parts[1]), r.toString());
    }

    private static <T> T parse(Class<T> type, String... args) {
        CommandLine commandLine = new CommandLine(new Mqtt());
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        CommandLine sub = result.subcommand().commandSpec().commandLine();
        return type.cast(sub.getCommand());
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Mqtt.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The outcome of one in-process run of the command. */
    static final class Run {
        final int status;
        final String out;
        final String err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }
}
