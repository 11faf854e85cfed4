package dev.tern.mqtt.benchmarks.e2e;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ MQTT Client's asynchronous MQTT 5.0 API. Runs only in its own JVM, on the class path resolved from
 * benchmarks/hivemq/pom.xml (Netty 4.1); loaded by name, so the other JVMs never touch these classes. Its clients
 * share one event loop group and scheduler by default, so a fleet needs no extra configuration.
 */
final class HiveMqDriver implements ClientDriver {

    private Mqtt5AsyncClient client;
    /**
     * Set for a session kept across connections: messages then go to one global callback. A callback given with the
     * SUBSCRIBE lives only as long as the connection's subscription flow, and messages of a resumed session that
     * arrive without one are acknowledged and dropped (the library logs "No publish flow registered").
     */
    private boolean keepsSession;

    private static Mqtt5AsyncClient build(String host, int port, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost(host).serverPort(port)
                .buildAsync();
    }

    @Override
    public void connect(String host, int port, String clientId) throws Exception {
        client = build(host, port, clientId);
        client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion done) {
        client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send()
                .whenComplete((result, failure) -> done.complete(failure));
    }

    @Override
    public void subscribe(String topic, int qos, Runnable onMessage) throws Exception {
        if (keepsSession) {
            client.publishes(MqttGlobalPublishFilter.ALL, message -> onMessage.run());
            client.subscribeWith().topicFilter(topic).qos(MqttQos.fromCode(qos)).send().get(30, TimeUnit.SECONDS);
            return;
        }
        client.subscribeWith().topicFilter(topic).qos(MqttQos.fromCode(qos)).callback(message -> onMessage.run())
                .send().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void disconnect() throws Exception {
        client.disconnect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void connectKeepingSession(String host, int port, String clientId) throws Exception {
        client = build(host, port, clientId);
        keepsSession = true;
        resume();
    }

    @Override
    public void goOffline() throws Exception {
        client.disconnect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void resume() throws Exception {
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(30, TimeUnit.SECONDS);
    }

    @Override
    public Fleet openFleet(String host, int port, int n, int parallel, String idPrefix) throws Exception {
        List<Mqtt5AsyncClient> clients = new ArrayList<>(n);
        List<CompletableFuture<?>> connects = new ArrayList<>(n);
        Semaphore outstanding = new Semaphore(parallel);
        for (int i = 0; i < n; i++) {
            Mqtt5AsyncClient c = build(host, port, idPrefix + i);
            clients.add(c);
            outstanding.acquire();
            connects.add(c.connectWith().cleanStart(true).send()
                    .whenComplete((ack, failure) -> outstanding.release()));
        }
        CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        return () -> {
            List<CompletableFuture<?>> closing = new ArrayList<>(n);
            for (Mqtt5AsyncClient c : clients) {
                closing.add(c.disconnect());
            }
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        };
    }
}
