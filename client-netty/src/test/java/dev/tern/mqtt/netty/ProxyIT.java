package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ProxyOptions;
import dev.tern.mqtt.exceptions.MqttTransportException;
import dev.tern.mqtt.testing.SecureBroker;
import dev.tern.mqtt.testing.SecureBrokersTest;
import dev.tern.mqtt.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;

import java.util.List;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP CONNECT and SOCKS5 proxies (test proxies on 127.0.0.1) in front of HiveMQ and Mosquitto, for plain MQTT,
 * TLS and WebSocket; TLS runs end to end, so hostname verification still applies through the proxy.
 */
class ProxyIT {

    private final Clients clients = new Clients();

    @AfterEach
    void close() {
        clients.close();
    }

    private <T extends AutoCloseable> T track(T c) {
        return clients.track(c);
    }

    @SecureBrokersTest
    void everyQosThroughAnHttpConnectProxyWithBasicAuthentication(SecureBroker broker) {
        TestProxy proxy = track(TestProxy.http("proxy-user", "proxy-pass"));
        String uri = "mqtt://localhost:" + broker.plain().port();
        AsyncMqttClient client = clients.async(TlsIT.options(uri, TlsIT.trustingTestCa(broker))
                .proxy(ProxyOptions.http("127.0.0.1", proxy.port()).withCredentials("proxy-user", "proxy-pass"))
                .build());
        await(client.connect());
        TlsIT.roundTripAtEveryQos(client, "http-proxy");
        assertEquals(List.of("localhost:" + broker.plain().port()), proxy.destinations(),
                "the proxy, not the client, resolves the server's name");
    }

    @SecureBrokersTest
    void everyQosOverTlsThroughASocks5ProxyWithUserAndPassword(SecureBroker broker) {
        TestProxy proxy = track(TestProxy.socks5("socks-user", "socks-pass"));
        AsyncMqttClient client = clients.async(TlsIT.options(broker.mutualTlsUri(), dev.tern.mqtt.TlsOptions.builder()
                        .trustedCertificates(broker.pki().caCertificate())
                        .clientCertificate(broker.pki().clientCertificate(), broker.pki().clientKey()).build())
                .proxy(ProxyOptions.parse("socks5://socks-user:socks-pass@127.0.0.1:" + proxy.port()))
                .build());
        await(client.connect());
        TlsIT.roundTripAtEveryQos(client, "socks-proxy");
        assertEquals(1, proxy.destinations().size());
    }

    @SecureBrokersTest
    void webSocketOverTlsThroughAnHttpProxy(SecureBroker broker) {
        TestProxy proxy = track(TestProxy.http(null, null));
        AsyncMqttClient client = clients.async(TlsIT.options(broker.wssUri(), TlsIT.trustingTestCa(broker))
                .proxy(ProxyOptions.http("127.0.0.1", proxy.port())).build());
        await(client.connect());
        TlsIT.roundTripAtEveryQos(client, "wss-proxy");
    }

    @SecureBrokersTest(dev.tern.mqtt.testing.Broker.HIVEMQ)
    void wrongProxyCredentialsFailWithATransportError(SecureBroker broker) {
        TestProxy http = track(TestProxy.http("proxy-user", "right"));
        Throwable e = failure(clients.async(TlsIT.options(broker.plain().uri(), TlsIT.trustingTestCa(broker))
                .proxy(ProxyOptions.http("127.0.0.1", http.port()).withCredentials("proxy-user", "wrong"))
                .build()).connect());
        assertInstanceOf(MqttTransportException.class, e);
        assertTrue(e.getMessage().contains("proxy"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), "no password in the message: " + e.getMessage());
        assertEquals(1, http.refused());

        TestProxy socks = track(TestProxy.socks5("socks-user", "right"));
        Throwable s = failure(clients.async(TlsIT.options(broker.plain().uri(), TlsIT.trustingTestCa(broker))
                .proxy(ProxyOptions.socks5("127.0.0.1", socks.port()).withCredentials("socks-user", "wrong"))
                .build()).connect());
        assertInstanceOf(MqttTransportException.class, s);
        assertEquals(1, socks.refused());
    }
}
