package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.WebSocketOptions;
import dev.tern.mqtt.exceptions.MqttTransportException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.testing.SecureBroker;
import dev.tern.mqtt.testing.SecureBrokersTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MQTT over WebSocket (ws:// and wss://) against HiveMQ and Mosquitto, and the upgrade request on the wire. */
class WebSocketIT {

    private final Clients clients = new Clients();

    @AfterEach
    void close() {
        clients.close();
    }

    @SecureBrokersTest
    void publishesAndSubscribesAtEveryQosOverWebSocket(SecureBroker broker) {
        for (MqttVersion version : MqttVersion.values()) {
            AsyncMqttClient client = clients.async(TlsIT.options(broker.wsUri(), TlsIT.trustingTestCa(broker))
                    .version(version).build());
            await(client.connect());
            TlsIT.roundTripAtEveryQos(client, "ws");
        }
    }

    @SecureBrokersTest
    void publishesAndSubscribesAtEveryQosOverWebSocketOverTls(SecureBroker broker) {
        AsyncMqttClient client = clients.async(TlsIT.options(broker.wssUri(), TlsIT.trustingTestCa(broker)).build());
        await(client.connect());
        TlsIT.roundTripAtEveryQos(client, "wss");
    }

    @SecureBrokersTest
    void aMessageLargerThanTheFrameSizeIsSplitAndArrivesWhole(SecureBroker broker) {
        // 40 kB through frames of at most 1 kB each way the client sends; the broker joins them
        AsyncMqttClient client = clients.async(TlsIT.options(broker.wssUri(), TlsIT.trustingTestCa(broker))
                .webSocket(WebSocketOptions.builder().maxFrameSize(1024).build()).build());
        await(client.connect());
        String topic = Clients.uniqueTopic("ws-big");
        Clients.Inbox inbox = new Clients.Inbox();
        await(client.subscribe(List.of(Subscription.of(topic, Qos.AT_LEAST_ONCE)), inbox));
        byte[] payload = new byte[40_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        await(client.publish(Publish.builder().topic(topic).payload(payload).qos(Qos.AT_LEAST_ONCE).build()));
        Publish received = inbox.take();
        assertTrue(java.util.Arrays.equals(payload, received.payloadAsBytes()), "payload arrives unchanged");
    }

    @Test
    void upgradeRequestAsksForMqttAndCarriesFreshHeadersOnEveryConnect() throws Exception {
        List<String> requests = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = server.accept()) {
                        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.ISO_8859_1));
                        StringBuilder request = new StringBuilder();
                        for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
                            request.append(line).append('\n');
                        }
                        synchronized (requests) {
                            requests.add(request.toString());
                        }
                        s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "fake-http-server");
            t.setDaemon(true);
            t.start();
            AtomicInteger calls = new AtomicInteger();
            AsyncMqttClient client = clients.async(MqttClientOptions.builder()
                    .serverUri("ws://localhost:" + server.getLocalPort() + "/custom/path?x=1")
                    .webSocket(WebSocketOptions.builder()
                            .headers(() -> Map.of("Authorization", "Bearer token-" + calls.incrementAndGet()))
                            .build())
                    .build());
            for (int i = 0; i < 2; i++) {
                CompletableFuture<?> f = client.connect();
                Throwable e = failure(f);
                assertInstanceOf(MqttTransportException.class, e);
                assertTrue(e.getMessage().contains("WebSocket upgrade"), e.getMessage());
            }
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertEquals(2, requests.size());
        for (int i = 0; i < 2; i++) {
            String req = requests.get(i).toLowerCase(java.util.Locale.ROOT);
            assertTrue(req.startsWith("get /custom/path?x=1 http/1.1"), req);
            assertTrue(req.contains("sec-websocket-protocol: mqtt\n"), req);
            assertTrue(req.contains("upgrade: websocket"), req);
            assertTrue(req.contains("authorization: bearer token-" + (i + 1)), "header supplier per connect: " + req);
        }
    }
}
