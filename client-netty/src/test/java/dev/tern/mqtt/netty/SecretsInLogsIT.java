package dev.tern.mqtt.netty;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.ProxyOptions;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.WebSocketOptions;
import dev.tern.mqtt.auth.ScramSha256Authenticator;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.SecureBroker;
import dev.tern.mqtt.testing.SecureBrokersTest;
import dev.tern.mqtt.testing.TestPki;
import dev.tern.mqtt.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Captures every log line of Tern (TRACE) and Netty (DEBUG) during full connects with credentials of every kind,
 * successful and failing, and checks that no password, token or key material appears in them or in toString().
 */
class SecretsInLogsIT {

    private static final String PASSWORD = "pw-Secr3t-Value";
    private static final String PROXY_PASSWORD = "proxy-Secr3t-Value";
    private static final String TOKEN = "tok-Secr3t-Value";
    private static final String SCRAM_PASSWORD = "scram-Secr3t-Value";

    private final Clients clients = new Clients();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();

    @BeforeEach
    void capture() {
        appender.start();
        for (String name : List.of("dev.tern", "io.netty")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            loggers.add(logger);
            levels.add(logger.getLevel());
            logger.setLevel(name.equals("dev.tern") ? Level.TRACE : Level.DEBUG);
            logger.addAppender(appender);
        }
    }

    @AfterEach
    void restore() {
        clients.close();
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(levels.get(i));
        }
    }

    @SecureBrokersTest(Broker.HIVEMQ)
    void noSecretInAnyLogLineOrToString(SecureBroker broker) throws Exception {
        TestPki pki = broker.pki();
        TestProxy proxy = clients.track(TestProxy.http("proxy-user", PROXY_PASSWORD));
        MqttClientOptions options = MqttClientOptions.builder().serverUri(broker.wssUri())
                .clientId("secrets-it").username("user").password(PASSWORD)
                .tls(TlsOptions.builder().trustStore(pki.caTrustStore(), TestPki.PASSWORD.toCharArray())
                        .build())
                .webSocket(WebSocketOptions.builder().headers(() -> Map.of("Authorization", "Bearer " + TOKEN))
                        .build())
                .proxy(ProxyOptions.http("127.0.0.1", proxy.port()).withCredentials("proxy-user", PROXY_PASSWORD))
                .build();
        AsyncMqttClient client = clients.async(options);
        await(client.connect());
        await(client.publish(Publish.builder().topic(Clients.uniqueTopic("secrets")).payload("x")
                .qos(Qos.AT_LEAST_ONCE).build()));
        await(client.disconnect());

        // mutual TLS with PEM files, and a failing connect (wrong proxy password) that logs its error
        AsyncMqttClient mtls = clients.async(options.toBuilder().serverUri(broker.mutualTlsUri()).proxy(null)
                .tls(TlsOptions.builder().trustedCertificates(pki.caCertificate())
                        .clientCertificate(pki.clientCertificate(), pki.clientKey()).build()).build());
        await(mtls.connect());
        await(mtls.disconnect());
        failure(clients.async(options.toBuilder().proxy(ProxyOptions.http("127.0.0.1", proxy.port())
                .withCredentials("proxy-user", PROXY_PASSWORD + "x")).build()).connect());
        // enhanced authentication: a broker without it refuses, and the attempt is logged
        failure(clients.async(options.toBuilder().serverUri(broker.plain().uri()).proxy(null).username(null)
                .authenticator(ScramSha256Authenticator.of("user", SCRAM_PASSWORD.toCharArray())).build())
                .connect());

        List<String> secrets = new ArrayList<>(List.of(PASSWORD, PROXY_PASSWORD, TOKEN, SCRAM_PASSWORD,
                TestPki.PASSWORD));
        secrets.add(base64Sample(Files.readString(pki.clientKey())));
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : appender.list) {
            all.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        all.append(options).append('\n').append(options.tls()).append('\n').append(options.proxy().orElseThrow())
                .append('\n').append(options.webSocket()).append('\n');
        String text = all.toString();
        assertTrue(appender.list.size() > 10, "the capture works: " + appender.list.size() + " lines");
        assertTrue(text.contains("sending ConnectPacket"), "the CONNECT was logged (at debug)");
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret appears in the logs or toString(): " + secret);
        }
    }

    /** A line from the middle of a PEM key: unique key material. */
    private static String base64Sample(String pem) {
        String[] lines = pem.split("\n");
        return lines[lines.length / 2].trim();
    }
}
