package dev.tern.mqtt.benchmarks.e2e;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import io.netty.channel.EventLoopGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Tern's asynchronous client: one client with its own event loop; a fleet shares one group and one executor. */
class TernDriver implements ClientDriver {

    AsyncMqttClient client;

    static MqttClientOptions options(String host, int port, String clientId) {
        return MqttClientOptions.builder().server(host, port).clientId(clientId).automaticReconnect(false).build();
    }

    @Override
    public void connect(String host, int port, String clientId) throws Exception {
        client = TernMqtt.asyncClient(options(host, port, clientId));
        client.connect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion done) {
        Publish message = Publish.builder().topic(topic).payload(payload).qos(Qos.fromCode(qos)).build();
        client.publish(message).whenComplete((result, failure) -> done.complete(failure));
    }

    @Override
    public void subscribe(String topic, int qos, Runnable onMessage) throws Exception {
        client.subscribe(topic, Qos.fromCode(qos), message -> onMessage.run()).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void disconnect() throws Exception {
        client.disconnect().get(30, TimeUnit.SECONDS);
        client.close();
    }

    @Override
    public void connectKeepingSession(String host, int port, String clientId) throws Exception {
        client = TernMqtt.asyncClient(options(host, port, clientId).toBuilder().cleanStart(false)
                .sessionExpiryInterval(3600).build());
        client.connect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void goOffline() throws Exception {
        client.disconnect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void resume() throws Exception {
        client.connect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public Fleet openFleet(String host, int port, int n, int parallel, String idPrefix) throws Exception {
        EventLoopGroup io = TernMqtt.newEventLoopGroup(Runtime.getRuntime().availableProcessors());
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        List<AsyncMqttClient> clients = new ArrayList<>(n);
        Semaphore outstanding = new Semaphore(parallel);
        List<CompletableFuture<?>> connects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // one builder and one options per client (a copy through toBuilder() was 13 % of the allocation samples)
            AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().server(host, port)
                    .clientId(idPrefix + i).automaticReconnect(false).executor(callbacks).build(), io);
            clients.add(c);
            outstanding.acquire();
            connects.add(c.connect().whenComplete((ack, failure) -> outstanding.release()));
        }
        CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        return () -> {
            List<CompletableFuture<?>> closing = new ArrayList<>(n);
            for (AsyncMqttClient c : clients) {
                closing.add(c.disconnect());
            }
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
            clients.forEach(AsyncMqttClient::close);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            callbacks.shutdown();
        };
    }
}
