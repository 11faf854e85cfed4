package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tern.mqtt.netty.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an idle client creates only when first needed (the publish intake, the request/response map, the received
 * message stream and its router) works when the first use comes late, from several threads at once, or after close.
 */
@ExtendWith(HiveMqExtension.class)
class FirstUseIT {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 50;

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void firstPublishesFromManyThreadsAtOnceAreAllDeliveredInEachThreadsOrder(BrokerEndpoint broker)
            throws Exception {
        AsyncMqttClient receiver = clients.connected(broker, MqttVersion.MQTT_5_0);
        AsyncMqttClient idle = clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("first-publish");
        Clients.Inbox inbox = new Clients.Inbox();
        await(receiver.subscribe(topic, Qos.AT_LEAST_ONCE, inbox));

        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<List<CompletableFuture<PublishResult>>> acksPerThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            List<CompletableFuture<PublishResult>> mine = new ArrayList<>();
            acksPerThread.add(mine);
            Thread th = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS); // every thread's first publish races for the intake
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < PER_THREAD; i++) {
                    mine.add(idle.publish(Publish.builder().topic(topic).payload(thread + ":" + i)
                            .qos(Qos.AT_LEAST_ONCE).build()));
                }
            }, "publisher-" + t);
            th.start();
            threads.add(th);
        }
        List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.get(t).join(TimeUnit.SECONDS.toMillis(Clients.WAIT_SECONDS)); // join: its list is visible
            acks.addAll(acksPerThread.get(t));
        }
        assertEquals(THREADS * PER_THREAD, acks.size());
        acks.forEach(Clients::await);

        Map<Integer, Integer> next = new HashMap<>();
        for (int n = 0; n < THREADS * PER_THREAD; n++) {
            String[] p = inbox.take().payloadAsString().split(":");
            int thread = Integer.parseInt(p[0]);
            int expected = next.getOrDefault(thread, 0);
            assertEquals(expected, Integer.parseInt(p[1]), "messages of publisher " + thread + " out of order");
            next.put(thread, expected + 1);
        }
    }

    @Test
    void anIdleClientLaterMakesRequestsAndReceivesWithAHandlerAndTheStream(BrokerEndpoint broker) {
        AsyncMqttClient responder = clients.connected(broker, MqttVersion.MQTT_5_0);
        AsyncMqttClient idle = clients.connected(broker, MqttVersion.MQTT_5_0);
        String service = Clients.uniqueTopic("service");
        await(responder.subscribe(service, Qos.AT_LEAST_ONCE, req -> responder.publish(Publish.builder()
                .topic(req.responseTopic().orElseThrow()).correlationData(req.correlationData().orElseThrow())
                .payload("re: " + req.payloadAsString()).qos(Qos.AT_LEAST_ONCE).build())));
        assertEquals("re: a", await(idle.request(service, "a".getBytes())).payloadAsString());

        String topic = Clients.uniqueTopic("late-receive");
        Clients.Inbox catchAll = new Clients.Inbox();
        idle.setMessageHandler(catchAll);
        Clients.StreamInbox streamed = new Clients.StreamInbox();
        idle.messages().subscribe(streamed);
        await(idle.subscribe(List.of(dev.tern.mqtt.message.Subscription.of(topic, Qos.AT_LEAST_ONCE))));
        await(responder.publish(Publish.builder().topic(topic).payload("x").qos(Qos.AT_LEAST_ONCE).build()));
        assertEquals("x", catchAll.take().payloadAsString());
        assertEquals("x", Clients.take(streamed.received).payloadAsString());
    }

    @Test
    void theStreamOfAClientThatNeverReceivedEndsOnClose(BrokerEndpoint broker) throws Exception {
        AsyncMqttClient idle = clients.connected(broker, MqttVersion.MQTT_5_0);
        Clients.StreamInbox before = new Clients.StreamInbox();
        idle.messages().subscribe(before);
        idle.close();
        assertTrue(before.completed.await(Clients.WAIT_SECONDS, TimeUnit.SECONDS), "told the stream has ended");

        // the stream is made by close() itself; a subscriber after it is told at once, on an executor that close()
        // leaves running
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try {
            AsyncMqttClient neverReceived = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0)
                    .executor(callbacks).build());
            await(neverReceived.connect());
            neverReceived.close();
            Clients.StreamInbox after = new Clients.StreamInbox();
            neverReceived.messages().subscribe(after);
            assertTrue(after.completed.await(Clients.WAIT_SECONDS, TimeUnit.SECONDS),
                    "a subscriber after close() is told the stream has ended");
        } finally {
            callbacks.shutdown();
        }

        // a client's own callback pool is shut down by close(): a later subscriber is still told, on its own thread
        AsyncMqttClient ownPool = clients.connected(broker, MqttVersion.MQTT_5_0);
        ownPool.close();
        Clients.StreamInbox afterOwn = new Clients.StreamInbox();
        ownPool.messages().subscribe(afterOwn);
        assertTrue(afterOwn.completed.await(Clients.WAIT_SECONDS, TimeUnit.SECONDS),
                "a subscriber after close() of a client with its own callback pool is told the stream has ended");
    }
}
