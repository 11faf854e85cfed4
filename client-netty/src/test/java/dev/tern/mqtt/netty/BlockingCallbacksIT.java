package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tern.mqtt.netty.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threading contract's promise that a callback may block on the client: a callback that waits, in each way an
 * application may, for a publish of the same client still returns, though the publish's completion is handed to
 * the same completion lane as the blocked callback, behind it. The callbacks are attached to the connect future
 * before it completes, so that they run where it completes: on a callback thread, inside the lane.
 */
@ExtendWith(HiveMqExtension.class)
class BlockingCallbacksIT {

    private final Clients clients = new Clients();
    private final ExecutorService userPool = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        clients.close();
        userPool.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(value = Qos.class, names = {"AT_MOST_ONCE", "AT_LEAST_ONCE"})
    void callbackMayGetAPublish(Qos qos, BrokerEndpoint broker) {
        AsyncMqttClient c = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0).build());
        CompletableFuture<String> waited = c.connect().thenApply(ack -> {
            try {
                c.publish(message(qos)).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return Thread.currentThread().getName();
        });
        assertOnCallbackThread(await(waited));
    }

    @Test
    void callbackMayJoinAPublish(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0).build());
        CompletableFuture<String> waited = c.connect().thenApply(ack -> {
            c.publish(message(Qos.AT_LEAST_ONCE)).join();
            return Thread.currentThread().getName();
        });
        assertOnCallbackThread(await(waited));
    }

    @ParameterizedTest
    @EnumSource(value = Qos.class, names = {"AT_MOST_ONCE", "AT_LEAST_ONCE"})
    void callbackOfAPublishMayJoinTheNextPublish(Qos qos, BrokerEndpoint broker) {
        // both completions are decided by one write (QoS 0) or, most likely, one read (QoS 1): one batch
        AsyncMqttClient c = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0).build());
        CompletableFuture<PublishResult> waited = c.connect().thenCompose(ack -> {
            CompletableFuture<PublishResult> first = c.publish(message(qos));
            CompletableFuture<PublishResult> second = c.publish(message(qos));
            return first.thenApply(r -> second.join());
        });
        assertEquals(qos, await(waited).publish().qos());
    }

    @Test
    void callbackMayWaitForALatchAnotherCallbackOpens(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0).build());
        CountDownLatch opened = new CountDownLatch(1);
        CompletableFuture<Boolean> waited = c.connect().thenApply(ack -> {
            c.publish(message(Qos.AT_LEAST_ONCE)).thenRun(opened::countDown);
            try {
                return opened.await(Clients.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertTrue(await(waited), "the latch was opened by the other callback while this one waited");
    }

    @Test
    void callbackMayCallTheBlockingClient(BrokerEndpoint broker) {
        MqttClient c = clients.track(TernMqtt.blockingClient(Clients.options(broker, MqttVersion.MQTT_5_0).build()));
        CompletableFuture<PublishResult> fromCallback = c.async().connect()
                .thenApply(ack -> c.publish(message(Qos.EXACTLY_ONCE)));
        assertEquals(Qos.EXACTLY_ONCE, await(fromCallback).publish().qos());
    }

    @Test
    void callbackOnAUserExecutorMayGetAPublish(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.async(Clients.options(broker, MqttVersion.MQTT_5_0).executor(userPool).build());
        CompletableFuture<PublishResult> waited = c.connect().thenApply(ack -> {
            try {
                return c.publish(message(Qos.AT_LEAST_ONCE)).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(Qos.AT_LEAST_ONCE, await(waited).publish().qos());
    }

    private static Publish message(Qos qos) {
        return Publish.builder().topic(Clients.uniqueTopic("blocking-callback")).payload("m").qos(qos).build();
    }

    private static void assertOnCallbackThread(String thread) {
        assertTrue(thread.startsWith("tern-callback-"), "the callback ran on a callback thread: " + thread);
    }
}
