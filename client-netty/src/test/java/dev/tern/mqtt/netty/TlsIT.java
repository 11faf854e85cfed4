package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.exceptions.MqttCertificateExpiredException;
import dev.tern.mqtt.exceptions.MqttClientCertificateRejectedException;
import dev.tern.mqtt.exceptions.MqttHostnameMismatchException;
import dev.tern.mqtt.exceptions.MqttTlsException;
import dev.tern.mqtt.exceptions.MqttTlsHandshakeTimeoutException;
import dev.tern.mqtt.exceptions.MqttUntrustedCertificateException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.testing.SecureBroker;
import dev.tern.mqtt.testing.SecureBrokersTest;
import dev.tern.mqtt.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS and mutual TLS against HiveMQ and Mosquitto with certificates generated for the run: every QoS over TLS, and
 * each way a handshake fails ends in its own exception.
 */
class TlsIT {

    private final Clients clients = new Clients();

    @AfterEach
    void close() {
        clients.close();
    }

    static MqttClientOptions.Builder options(String uri, TlsOptions tls) {
        return MqttClientOptions.builder().serverUri(uri).tls(tls)
                .clientId("tls-" + UUID.randomUUID().toString().substring(0, 8))
                .ackTimeout(Duration.ofSeconds(Clients.WAIT_SECONDS));
    }

    static TlsOptions trustingTestCa(SecureBroker broker) {
        return TlsOptions.builder().trustedCertificates(broker.pki().caCertificate()).build();
    }

    private Throwable connectFailure(MqttClientOptions options) {
        AsyncMqttClient c = clients.async(options);
        return failure(c.connect());
    }

    /** Subscribes at every QoS, publishes at every QoS, and checks each message arrives with its QoS. */
    static void roundTripAtEveryQos(AsyncMqttClient client, String prefix) {
        String topic = Clients.uniqueTopic(prefix);
        Clients.Inbox inbox = new Clients.Inbox();
        await(client.subscribe(List.of(Subscription.of(topic + "/#", Qos.EXACTLY_ONCE)), inbox));
        for (Qos qos : Qos.values()) {
            await(client.publish(Publish.builder().topic(topic + "/" + qos.code()).payload("q" + qos.code())
                    .qos(qos).build()));
            Publish received = inbox.take();
            assertEquals(topic + "/" + qos.code(), received.topic());
            assertEquals("q" + qos.code(), received.payloadAsString());
            assertEquals(qos, received.qos());
        }
    }

    @SecureBrokersTest
    void publishesAndSubscribesAtEveryQosOverTlsInBothVersions(SecureBroker broker) {
        for (MqttVersion version : MqttVersion.values()) {
            AsyncMqttClient client = clients.async(options(broker.tlsUri(), trustingTestCa(broker)).version(version)
                    .build());
            await(client.connect());
            roundTripAtEveryQos(client, "tls");
        }
    }

    @SecureBrokersTest
    void mutualTlsWithPemFilesAndWithAKeyStore(SecureBroker broker) {
        TestPki pki = broker.pki();
        TlsOptions pem = TlsOptions.builder().trustedCertificates(pki.caCertificate())
                .clientCertificate(pki.clientCertificate(), pki.clientKey()).build();
        AsyncMqttClient withPem = clients.async(options(broker.mutualTlsUri(), pem).build());
        await(withPem.connect());
        roundTripAtEveryQos(withPem, "mtls");

        TlsOptions keyStore = TlsOptions.builder().trustStore(pki.caTrustStore(), TestPki.PASSWORD.toCharArray())
                .keyStore(pki.keyStore("client"), TestPki.PASSWORD.toCharArray()).build();
        AsyncMqttClient withKeyStore = clients.async(options(broker.mutualTlsUri(), keyStore).build());
        await(withKeyStore.connect());
    }

    @SecureBrokersTest
    void missingClientCertificateIsRejectedByTheServer(SecureBroker broker) {
        Throwable e = connectFailure(options(broker.mutualTlsUri(), trustingTestCa(broker)).build());
        assertInstanceOf(MqttClientCertificateRejectedException.class, e);
        assertNotNull(e.getCause(), "the TLS exception stays attached");
    }

    @SecureBrokersTest
    void serverSignedByAnotherCaIsUntrusted(SecureBroker broker) {
        Throwable e = connectFailure(options(broker.tlsUri(), TlsOptions.builder()
                .trustedCertificates(broker.pki().otherCaCertificate()).build()).build());
        assertEquals(MqttUntrustedCertificateException.class, e.getClass(), String.valueOf(e));
    }

    @SecureBrokersTest
    void defaultsTrustOnlyTheJdkCasSoATestCaIsUntrusted(SecureBroker broker) {
        Throwable e = connectFailure(options(broker.tlsUri(), TlsOptions.defaults()).build());
        assertEquals(MqttUntrustedCertificateException.class, e.getClass(), String.valueOf(e));
    }

    @SecureBrokersTest
    void certificateForAnotherHostFailsHostnameVerification(SecureBroker broker) {
        Throwable e = connectFailure(options(broker.wrongNameUri(), trustingTestCa(broker)).build());
        assertInstanceOf(MqttHostnameMismatchException.class, e);
        assertTrue(e.getMessage().contains("another host name"), e.getMessage());
    }

    @SecureBrokersTest
    void hostnameCheckIsSkippedOnlyWhenExplicitlyDisabled(SecureBroker broker) {
        TlsOptions verified = trustingTestCa(broker);
        // derived options keep the check: only the loudly named method turns it off
        TlsOptions derived = verified.toBuilder().handshakeTimeout(Duration.ofSeconds(5)).build();
        assertInstanceOf(MqttHostnameMismatchException.class,
                connectFailure(options(broker.wrongNameUri(), derived).build()));
        ch.qos.logback.classic.Logger transportLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(dev.tern.mqtt.netty.internal.transport.Transport.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
                new ch.qos.logback.core.read.ListAppender<>();
        warnings.start();
        transportLog.addAppender(warnings);
        try {
            AsyncMqttClient insecure = clients.async(options(broker.wrongNameUri(),
                    verified.toBuilder().disableHostnameVerification().build()).build());
            await(insecure.connect());
        } finally {
            transportLog.detachAppender(warnings);
        }
        assertTrue(warnings.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                && e.getFormattedMessage().contains("hostname verification is OFF")), "a WARN on every connect");
    }

    @SecureBrokersTest
    void expiredServerCertificateHasItsOwnException(SecureBroker broker) {
        Throwable e = connectFailure(options(broker.expiredUri(), trustingTestCa(broker)).build());
        assertInstanceOf(MqttCertificateExpiredException.class, e);
    }

    @SecureBrokersTest(dev.tern.mqtt.testing.Broker.MOSQUITTO)
    void certificateFilesAreReadAgainOnEveryConnect(SecureBroker broker) throws Exception {
        Path dir = Files.createTempDirectory("tern-rotate-");
        Path cert = dir.resolve("client.pem");
        Path key = dir.resolve("client.key");
        Files.writeString(cert, "not a certificate");
        Files.writeString(key, "not a key");
        TlsOptions tls = TlsOptions.builder().trustedCertificates(broker.pki().caCertificate())
                .clientCertificate(cert, key).build();
        AsyncMqttClient client = clients.async(options(broker.mutualTlsUri(), tls).build());
        Throwable e = failure(client.connect());
        assertEquals(MqttTlsException.class, e.getClass(), String.valueOf(e));
        assertFalse(e.getMessage().contains("not a key"), "no key material in messages: " + e.getMessage());

        // the certificate is "rotated" on disk: the same client picks it up on its next connect
        Files.copy(broker.pki().clientCertificate(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(broker.pki().clientKey(), key, StandardCopyOption.REPLACE_EXISTING);
        await(client.connect());
        await(client.disconnect());
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    @Test
    void serverThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(new byte[1024]); // read the ClientHello, answer nothing
                    Thread.sleep(5_000);
                } catch (Exception ignored) {
                    // the test ends the socket
                }
            }, "silent-tls-server");
            acceptor.setDaemon(true);
            acceptor.start();
            TlsOptions tls = TlsOptions.builder().handshakeTimeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            Throwable e = connectFailure(options("mqtts://localhost:" + silent.getLocalPort(), tls).build());
            assertInstanceOf(MqttTlsHandshakeTimeoutException.class, e);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "timed out promptly");
            acceptor.interrupt();
        }
    }
}
