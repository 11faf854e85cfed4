package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.cli.CommandLineTest.Run;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mqtt pub} and {@code mqtt sub}, run in this JVM against the embedded broker, and their exit codes. */
class PubSubIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void pubThenSubReceivesTheRetainedMessage() {
        String topic = uniqueTopic();
        Run pub = run("pub", "-t", topic, "-m", "hello", "-q", "1", "-r");
        assertEquals(ExitCode.OK, pub.status, pub.toString());
        assertEquals("", pub.out + pub.err, "pub is silent on success");

        Run sub = run("sub", "-t", topic, "-C", "1", "-W", "10", "-v");
        assertEquals(ExitCode.OK, sub.status, sub.toString());
        assertEquals(topic + " hello", sub.out.strip());
    }

    @Test
    void persistentSessionCollectsRepeatedMessagesWhileTheSubscriberIsAway() {
        String topic = uniqueTopic();
        String id = "sub-" + UUID.randomUUID();
        Run first = run("sub", "-t", topic, "-q", "1", "-c", "-i", id, "-x", "60", "-W", "1");
        assertEquals(ExitCode.OK, first.status, "-W without -C ends normally\n" + first);

        Run pub = run("pub", "-t", topic, "-m", "reading {n}", "-q", "1", "--repeat", "3", "--interval", "10");
        assertEquals(ExitCode.OK, pub.status, pub.toString());

        Run sub = run("sub", "-t", topic, "-q", "1", "-c", "-i", id, "-x", "60", "-C", "3", "-W", "10");
        assertEquals(ExitCode.OK, sub.status, sub.toString());
        assertEquals(List.of("reading 0", "reading 1", "reading 2"), sub.out.lines().toList());
    }

    @Test
    void everyQosIsAcknowledgedAndBothVersionsWork() {
        for (String version : List.of("5", "311")) {
            for (String qos : List.of("0", "1", "2")) {
                Run pub = run("pub", "-t", uniqueTopic(), "-m", "x", "-q", qos, "-V", version, "--repeat", "2");
                assertEquals(ExitCode.OK, pub.status, "-V " + version + " -q " + qos + "\n" + pub);
            }
        }
    }

    @Test
    void subTimesOutWithStatus4WhenFewerThanCountArrive() {
        Run sub = run("sub", "-t", uniqueTopic(), "-C", "1", "-W", "1");
        assertEquals(ExitCode.TIMEOUT, sub.status, sub.toString());
        assertTrue(sub.err.contains("timed out after 1 s with 0 of 1 messages"), sub.err);
    }

    @Test
    void nothingListeningIsStatus3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run pub = run("pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "a", "-m", "x");
        assertEquals(ExitCode.CONNECT_FAILED, pub.status, pub.toString());
        assertTrue(pub.err.contains("cannot connect to 127.0.0.1:" + port), pub.err);
    }

    @Test
    void refusedConnectionIsStatus3WithTheConnAckReason() throws Exception {
        try (FakeBroker refusing = FakeBroker.refusing(0x87)) {
            Run pub = run("pub", "-h", "127.0.0.1", "-p", String.valueOf(refusing.port()), "-t", "a", "-m", "x");
            assertEquals(ExitCode.CONNECT_FAILED, pub.status, pub.toString());
            assertTrue(pub.err.contains("connection refused by 127.0.0.1:" + refusing.port()), pub.err);
            assertTrue(pub.err.contains("0x87 NOT_AUTHORIZED"), pub.err);
        }
    }

    @Test
    void fallsBackToMqtt311WhenTheBrokerRefuses5() throws Exception {
        try (FakeBroker old = FakeBroker.mqtt311Only()) {
            Run pub = run("pub", "-h", "127.0.0.1", "-p", String.valueOf(old.port()), "-t", "a", "-m", "x");
            assertEquals(ExitCode.OK, pub.status, pub.toString());
        }
    }

    @Test
    void silentBrokerIsStatus4() throws Exception {
        try (FakeBroker silent = FakeBroker.silent()) {
            Run sub = run("sub", "-h", "127.0.0.1", "-p", String.valueOf(silent.port()), "-t", "a",
                    "--timeout", "1");
            assertEquals(ExitCode.TIMEOUT, sub.status, sub.toString());
        }
    }

    /** Runs the command against the embedded broker, unless it names a host itself. */
    private static Run run(String... args) {
        if (List.of(args).contains("-h")) {
            return CommandLineTest.run(args);
        }
        List<String> withBroker = new ArrayList<>(List.of(args));
        withBroker.addAll(List.of("-h", broker.host(), "-p", String.valueOf(broker.port())));
        return CommandLineTest.run(withBroker.toArray(String[]::new));
    }

    private static String uniqueTopic() {
        return "it/" + UUID.randomUUID();
    }
}
