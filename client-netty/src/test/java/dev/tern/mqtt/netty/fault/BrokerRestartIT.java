package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.spi.ReconnectPolicy;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.EmbeddedHiveMq;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker is stopped and started again (its own embedded HiveMQ, with in-memory persistence, so every session is
 * gone afterwards). The client reconnects by itself, sees that the session is gone, subscribes again, and only then
 * sends what was published while the broker was down.
 */
class BrokerRestartIT {

    @Test
    void clientReconnectsAfterABrokerRestartAndSubscribesAgainBeforeSendingWhatWaited() throws Exception {
        EmbeddedHiveMq hiveMq = EmbeddedHiveMq.builder().build();
        BrokerEndpoint first = hiveMq.start();
        try (FaultProxy proxy = FaultProxy.start(first.host(), first.port())) {
            Lifecycle events = new Lifecycle();
            String topic = "it/restart/" + UUID.randomUUID();
            BlockingQueue<Publish> inbox = new LinkedBlockingQueue<>();
            try (AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().serverUri(proxy.uri())
                    .clientId("restart-" + UUID.randomUUID().toString().substring(0, 8))
                    .sessionExpiryInterval(600)
                    .reconnectPolicy(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(50),
                            Duration.ofMillis(400), 11))
                    .addLifecycleListener(events).build())) {
                c.connect().get(10, TimeUnit.SECONDS);
                c.subscribe(topic, Qos.AT_LEAST_ONCE, inbox::add).get(10, TimeUnit.SECONDS);
                events.nextConnected();

                hiveMq.stop();
                assertTrue(events.nextDisconnected().willReconnect());
                assertEquals(ClientState.RECONNECTING, c.state());
                // the same client publishes to its own subscription while the broker is down: it can only come
                // back if the SUBSCRIBE goes out before the buffered PUBLISH on the new connection
                CompletableFuture<PublishResult> waited = c.publish(Publish.builder().topic(topic)
                        .payload("while down").qos(Qos.AT_LEAST_ONCE).build());
                events.nextReconnecting();

                BrokerEndpoint second = hiveMq.start();
                proxy.retarget(second.port());
                ConnectedEvent back = events.nextConnected();
                assertTrue(back.isReconnect());
                assertFalse(back.isSessionPresent(), "the restarted broker has no session");
                waited.get(10, TimeUnit.SECONDS);
                Publish got = inbox.poll(10, TimeUnit.SECONDS);
                assertNotNull(got, "the buffered message came back through the restored subscription");
                assertEquals("while down", got.payloadAsString());

                c.publish(Publish.builder().topic(topic).payload("after").qos(Qos.AT_LEAST_ONCE).build())
                        .get(10, TimeUnit.SECONDS);
                Publish after = inbox.poll(10, TimeUnit.SECONDS);
                assertNotNull(after);
                assertEquals("after", after.payloadAsString());
            }
        } finally {
            hiveMq.stop();
        }
    }
}
