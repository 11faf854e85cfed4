package dev.tern.mqtt.reactive;

import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.tern.mqtt.reactive.Clients.WAIT;
import static dev.tern.mqtt.reactive.Clients.qos1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is sent before subscription, every subscription sends again, cancelling a stream unsubscribes, and no
 * signal arrives on the network thread. What the broker did is observed through a second client or through the
 * PUBACK reason code NO_MATCHING_SUBSCRIBERS.
 */
@ExtendWith(HiveMqExtension.class)
class LazinessIT {

    private final Clients clients = new Clients();
    private final Set<String> signalThreads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void publishSendsNothingUntilSubscribedAndSendsAgainOnEachSubscription(BrokerEndpoint broker) {
        ReactiveMqttClient observer = clients.connected(broker);
        ReactiveMqttClient publisher = clients.connected(broker);
        String topic = Clients.uniqueTopic("lazy-publish");
        publisher.publish(qos1(topic, "ready").toBuilder().retain(true).build()).block(WAIT);

        Mono<PublishResult> lazy = publisher.publish(qos1(topic, "lazy")).doOnNext(r -> recordThread());
        StepVerifier.create(observer.subscribe(topic, Qos.AT_LEAST_ONCE).doOnNext(p -> recordThread()))
                .assertNext(p -> assertTrue(p.isRetain() && p.payloadAsString().equals("ready")))
                // one connection keeps QoS 1 order: had "lazy" been sent when the Mono was made, it would come first
                .then(() -> publisher.publish(qos1(topic, "marker")).block(WAIT))
                .assertNext(p -> assertEquals("marker", p.payloadAsString()))
                .then(() -> lazy.block(WAIT))
                .assertNext(p -> assertEquals("lazy", p.payloadAsString()))
                .then(() -> lazy.block(WAIT))
                .assertNext(p -> assertEquals("lazy", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
        publisher.publish(Publish.builder().topic(topic).retain(true).build()).block(WAIT); // clear the retained one
        assertNoNetworkThread();
    }

    @Test
    void subscribeSendsNothingUntilSubscribedAndCancellingUnsubscribes(BrokerEndpoint broker) {
        ReactiveMqttClient subscriber = clients.connected(broker);
        ReactiveMqttClient publisher = clients.connected(broker);
        String topic = Clients.uniqueTopic("lazy-subscribe");

        var stream = subscriber.subscribe(topic, Qos.AT_LEAST_ONCE).doOnNext(p -> recordThread());
        assertEquals(PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, reasonCode(publisher.publish(qos1(topic, "early"))),
                "no SUBSCRIBE before the Flux is subscribed to");
        StepVerifier.create(stream)
                .then(() -> Clients.awaitTrue(() -> is(publisher.publish(qos1(topic, "probe")),
                        PubAckReasonCode.SUCCESS)))
                .assertNext(p -> assertEquals("probe", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
        Clients.awaitTrue(() -> is(publisher.publish(qos1(topic, "after")),
                PubAckReasonCode.NO_MATCHING_SUBSCRIBERS));

        // the same Flux subscribes again on every subscription
        StepVerifier.create(stream)
                .then(() -> Clients.awaitTrue(() -> is(publisher.publish(qos1(topic, "again")),
                        PubAckReasonCode.SUCCESS)))
                .assertNext(p -> assertEquals("again", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
        assertNoNetworkThread();
    }

    @Test
    void operationsBeforeConnectFailWithTheClientState(BrokerEndpoint broker) {
        ReactiveMqttClient client = clients.client(broker, b -> b);
        String topic = Clients.uniqueTopic("not-connected");
        StepVerifier.create(client.publish(qos1(topic, "x"))).expectError(MqttClientStateException.class)
                .verify(WAIT);
        StepVerifier.create(client.subscribe(topic, Qos.AT_LEAST_ONCE)).expectError(MqttClientStateException.class)
                .verify(WAIT);
        StepVerifier.create(client.connect().then(client.connect())).expectError(MqttClientStateException.class)
                .verify(WAIT);
        StepVerifier.create(client.disconnect().then(client.disconnect())).verifyComplete();
    }

    private static PubAckReasonCode reasonCode(Mono<PublishResult> publish) {
        return (PubAckReasonCode) publish.block(WAIT).reasonCode().orElseThrow();
    }

    private static Mono<Boolean> is(Mono<PublishResult> publish, PubAckReasonCode expected) {
        return publish.map(r -> r.reasonCode().orElseThrow() == expected);
    }

    private void recordThread() {
        signalThreads.add(Thread.currentThread().getName());
    }

    private void assertNoNetworkThread() {
        assertFalse(signalThreads.isEmpty());
        assertTrue(signalThreads.stream().noneMatch(t -> t.startsWith("tern-io")), signalThreads.toString());
    }
}
