package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.Clients.Inbox;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.tern.mqtt.netty.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Threading contract: re-entrant handlers, callbacks off the event loop, no thread left after close(). */
@ExtendWith(HiveMqExtension.class)
class ThreadingIT {

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void handlerMayPublishAndSubscribeFromInsideItself(MqttVersion version, BrokerEndpoint broker) {
        MqttClient c = clients.track(TernMqtt.blockingClient(Clients.options(broker, version).build()));
        c.connect();
        String in = Clients.uniqueTopic("reentrant-in");
        String out = Clients.uniqueTopic("reentrant-out");
        String extra = Clients.uniqueTopic("reentrant-extra");
        Inbox outInbox = new Inbox();
        Inbox extraInbox = new Inbox();
        List<String> handlerThreads = new CopyOnWriteArrayList<>();
        c.subscribe(out, Qos.AT_LEAST_ONCE, outInbox);
        c.subscribe(in, Qos.EXACTLY_ONCE, msg -> {
            handlerThreads.add(Thread.currentThread().getName());
            // blocking calls on the same client, from its own handler
            c.subscribe(extra, Qos.AT_LEAST_ONCE, extraInbox);
            c.publish(out, msg.payloadAsBytes(), Qos.EXACTLY_ONCE);
            c.async().publish(Publish.builder().topic(extra).payload("async").qos(Qos.AT_LEAST_ONCE).build());
        });
        c.publish(in, "ping".getBytes(), Qos.EXACTLY_ONCE);
        assertEquals("ping", outInbox.take().payloadAsString());
        assertEquals("async", extraInbox.take().payloadAsString());
        assertFalse(handlerThreads.get(0).startsWith("tern-io"), "handler not on the event loop: "
                + handlerThreads);
    }

    @Test
    void futuresCompleteOffTheEventLoop(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        AsyncMqttClient responder = clients.connected(broker, MqttVersion.MQTT_5_0);
        String service = Clients.uniqueTopic("thread");
        CompletableFuture<Publish> request = new CompletableFuture<>();
        await(responder.subscribe(service, Qos.AT_LEAST_ONCE, request::complete));
        // the reply is sent only after the dependent stage is attached, so it runs where the future completes
        // (a dependent attached to a future that is already complete would run on the calling thread)
        CompletableFuture<String> thread = c.request(service, "q".getBytes())
                .thenApply(r -> Thread.currentThread().getName());
        Publish req = await(request);
        await(responder.publish(Publish.builder().topic(req.responseTopic().orElseThrow())
                .correlationData(req.correlationData().orElseThrow()).qos(Qos.AT_LEAST_ONCE).build()));
        assertTrue(await(thread).startsWith("tern-callback-"), await(thread));
    }

    @Test
    void userExecutorRunsCallbacksAndIsNotShutDown(BrokerEndpoint broker) {
        ExecutorService mine = Executors.newFixedThreadPool(2, r -> new Thread(r, "user-pool"));
        try {
            AsyncMqttClient c = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0).executor(mine).build());
            await(c.connect());
            AsyncMqttClient responder = clients.connected(broker, MqttVersion.MQTT_5_0);
            String service = Clients.uniqueTopic("thread");
            CompletableFuture<Publish> request = new CompletableFuture<>();
            await(responder.subscribe(service, Qos.AT_LEAST_ONCE, request::complete));
            // the dependent stage is attached before the reply is sent, so it runs where the future completes (one
            // attached to a future that is already complete, as connect()'s may be, runs on the calling thread)
            CompletableFuture<String> futureThread = c.request(service, "q".getBytes())
                    .thenApply(r -> Thread.currentThread().getName());
            Publish req = await(request);
            await(responder.publish(Publish.builder().topic(req.responseTopic().orElseThrow())
                    .correlationData(req.correlationData().orElseThrow()).qos(Qos.AT_LEAST_ONCE).build()));
            assertEquals("user-pool", await(futureThread));
            CompletableFuture<String> handlerThread = new CompletableFuture<>();
            String topic = Clients.uniqueTopic("thread");
            await(c.subscribe(topic, Qos.AT_LEAST_ONCE,
                    m -> handlerThread.complete(Thread.currentThread().getName())));
            await(responder.publish(Publish.builder().topic(topic).payload("x").qos(Qos.AT_LEAST_ONCE).build()));
            assertEquals("user-pool", await(handlerThread));
            c.close();
            assertFalse(mine.isShutdown());
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void noThreadSurvivesClose(BrokerEndpoint broker) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        AsyncMqttClient c = TernMqtt.asyncClient(Clients.options(broker, MqttVersion.MQTT_5_0).build());
        await(c.connect());
        String topic = Clients.uniqueTopic("threads");
        Inbox inbox = new Inbox();
        await(c.subscribe(topic, Qos.AT_LEAST_ONCE, inbox));
        await(c.publish(Publish.builder().topic(topic).payload("x").qos(Qos.AT_LEAST_ONCE).build()));
        inbox.take();
        assertFalse(newTernThreads(before).isEmpty(), "the client did start threads");
        c.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = newTernThreads(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a condition with a deadline
            left = newTernThreads(before);
        }
        assertEquals(List.of(), left, "threads left after close()");
    }

    @Test
    void sharedEventLoopGroupIsNotShutDownByClients(BrokerEndpoint broker) {
        EventLoopGroup group = TernMqtt.newEventLoopGroup(1);
        try {
            List<AsyncMqttClient> fleet = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fleet.add(clients.track(TernMqtt.asyncClient(Clients.options(broker, MqttVersion.MQTT_5_0).build(),
                        group)));
            }
            fleet.stream().map(AsyncMqttClient::connect).collect(Collectors.toList()).forEach(Clients::await);
            fleet.forEach(AsyncMqttClient::close);
            assertFalse(group.isShuttingDown());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static List<String> newTernThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("tern-"))
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
