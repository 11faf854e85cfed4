package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.cli.CommandLineTest.Run;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.SecureBroker;
import dev.tern.mqtt.testing.SecureBrokersTest;
import dev.tern.mqtt.testing.TestProxy;
import java.util.UUID;

/**
 * {@code mqtt pub} and {@code mqtt sub} with --url, --cafile, --cert, --key, --insecure and --proxy against
 * Mosquitto's TLS and WebSocket listeners (skipped when Mosquitto is missing, except in CI).
 */
class SecureTransportIT {

    private static String topic() {
        return "cli/tls/" + UUID.randomUUID();
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void publishesOverTlsWithTheCaFileAndReceivesOverWss(SecureBroker broker) {
        String topic = topic();
        String ca = broker.pki().caCertificate().toString();
        Run pub = CommandLineTest.run("pub", "--url", broker.tlsUri(), "--cafile", ca, "-t", topic, "-m", "hello",
                "-q", "1", "-r");
        assertEquals(0, pub.status, pub.toString());
        Run sub = CommandLineTest.run("sub", "--url", broker.wssUri(), "--cafile", ca, "-t", topic, "-C", "1",
                "-W", "10");
        assertEquals(0, sub.status, sub.toString());
        assertEquals("hello", sub.out.trim());
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void mutualTlsWithCertAndKeyAndThroughAProxy(SecureBroker broker) {
        try (TestProxy proxy = TestProxy.socks5("u", "p")) {
            Run pub = CommandLineTest.run("pub", "--url", broker.mutualTlsUri(),
                    "--cafile", broker.pki().caCertificate().toString(),
                    "--cert", broker.pki().clientCertificate().toString(),
                    "--key", broker.pki().clientKey().toString(),
                    "--proxy", "socks5://u:p@127.0.0.1:" + proxy.port(), "-t", topic(), "-m", "x", "-q", "2");
            assertEquals(0, pub.status, pub.toString());
            assertEquals(1, proxy.destinations().size());
        }
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void untrustedCertificateIsAConnectFailureThatSaysSo(SecureBroker broker) {
        Run pub = CommandLineTest.run("pub", "--url", broker.tlsUri(), "--cafile",
                broker.pki().otherCaCertificate().toString(), "-t", topic(), "-m", "x");
        assertEquals(ExitCode.CONNECT_FAILED, pub.status, pub.toString());
        assertTrue(pub.err.contains("not trusted"), pub.err);
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void insecureSkipsTheHostNameCheckAndWarns(SecureBroker broker) {
        String ca = broker.pki().caCertificate().toString();
        Run checked = CommandLineTest.run("pub", "--url", broker.wrongNameUri(), "--cafile", ca, "-t", topic(),
                "-m", "x");
        assertEquals(ExitCode.CONNECT_FAILED, checked.status, checked.toString());
        assertTrue(checked.err.contains("another host name"), checked.err);
        Run insecure = CommandLineTest.run("pub", "--url", broker.wrongNameUri(), "--cafile", ca, "--insecure",
                "-t", topic(), "-m", "x");
        assertEquals(0, insecure.status, insecure.toString());
        assertTrue(insecure.err.contains("Warning: --insecure"), insecure.err);
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void tlsFlagsWithHostAndPortTurnTlsOn(SecureBroker broker) {
        Run pub = CommandLineTest.run("pub", "-h", "localhost", "-p", String.valueOf(SecureBroker.portOf(
                broker.tlsUri())), "--cafile", broker.pki().caCertificate().toString(), "-t", topic(), "-m", "x");
        assertEquals(0, pub.status, pub.toString());
    }
}
