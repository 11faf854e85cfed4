package dev.tern.mqtt.reactive;

import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import dev.tern.mqtt.testing.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tern.mqtt.reactive.Clients.WAIT;
import static dev.tern.mqtt.reactive.Clients.qos1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code publish(Publisher)}: one outcome per message in order, the window, and failures as outcomes. */
@ExtendWith(HiveMqExtension.class)
class PublishStreamIT {

    private final Clients clients = new Clients();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void outcomesComeInOrderWithAtMostTheWindowOutstanding(BrokerEndpoint broker) {
        ReactiveMqttClient client = clients.connected(broker);
        String topic = Clients.uniqueTopic("window");
        Window window = new Window();
        List<PublishOutcome> outcomes = client.publish(window.track(messages(topic, 200)), 5)
                .doOnNext(o -> window.done())
                .collectList()
                .block(WAIT);
        assertEquals(200, outcomes.size());
        for (int i = 0; i < 200; i++) {
            assertTrue(outcomes.get(i).isSuccess(), outcomes.get(i).toString());
            assertEquals(Integer.toString(i), outcomes.get(i).publish().payloadAsString());
        }
        assertEquals(5, window.peak.get(), "the window is used, and never exceeded");
    }

    @Test
    void theDefaultWindowIsTheServersReceiveMaximum(@Limits(receiveMaximum = 3) BrokerEndpoint broker) {
        ReactiveMqttClient client = clients.connected(broker);
        Window window = new Window();
        StepVerifier.create(client.publish(window.track(messages(Clients.uniqueTopic("rm"), 50)))
                        .doOnNext(o -> window.done()))
                .expectNextCount(50)
                .verifyComplete();
        assertEquals(3, window.peak.get());
    }

    @Test
    void aFailedMessageIsAnOutcomeAndTheStreamGoesOn(@Limits(maximumPacketSize = 1000) BrokerEndpoint broker) {
        ReactiveMqttClient client = clients.connected(broker);
        String topic = Clients.uniqueTopic("errors");
        Publish tooLarge = Publish.builder().topic(topic).payload(new byte[2000]).build();
        StepVerifier.create(client.publish(Flux.just(qos1(topic, "before"), tooLarge, qos1(topic, "after"))))
                .assertNext(o -> assertEquals("before", o.result().orElseThrow().publish().payloadAsString()))
                .assertNext(o -> {
                    assertFalse(o.isSuccess());
                    assertEquals(tooLarge, o.publish());
                    assertInstanceOf(MqttException.class, o.error().orElseThrow());
                })
                .assertNext(o -> assertEquals("after", o.result().orElseThrow().publish().payloadAsString()))
                .verifyComplete();
    }

    @Test
    void withoutAConnectionEveryMessageFailsAndTheStreamCompletes(BrokerEndpoint broker) {
        ReactiveMqttClient client = clients.client(broker, b -> b);
        StepVerifier.create(client.publish(messages(Clients.uniqueTopic("offline"), 3)))
                .expectNextMatches(o -> o.error().orElseThrow() instanceof MqttClientStateException)
                .expectNextMatches(o -> o.error().orElseThrow() instanceof MqttClientStateException)
                .expectNextMatches(o -> o.error().orElseThrow() instanceof MqttClientStateException)
                .verifyComplete();
    }

    @Test
    void anUpstreamErrorEndsTheStreamAfterTheOutcomesOfMessagesAlreadySent(BrokerEndpoint broker) {
        ReactiveMqttClient client = clients.connected(broker);
        String topic = Clients.uniqueTopic("upstream-error");
        Flux<Publish> failing = messages(topic, 3).concatWith(Flux.error(new IllegalStateException("sensor gone")));
        StepVerifier.create(client.publish(failing))
                .expectNextCount(3)
                .expectErrorMessage("sensor gone")
                .verify(WAIT);
    }

    private static Flux<Publish> messages(String topic, int count) {
        return Flux.range(0, count).map(i -> qos1(topic, Integer.toString(i)));
    }

    /** Counts messages requested from the source and not yet answered by an outcome. */
    private static final class Window {
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        Flux<Publish> track(Flux<Publish> source) {
            return source.doOnNext(p -> peak.accumulateAndGet(outstanding.incrementAndGet(), Math::max));
        }

        void done() {
            outstanding.decrementAndGet();
        }
    }
}
