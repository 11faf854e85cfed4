package dev.tern.mqtt.reactive;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.reactive.internal.DefaultReactiveMqttClient;
import dev.tern.mqtt.reactive.internal.InboundStream;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.subscriber.TestSubscriber;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static dev.tern.mqtt.reactive.Clients.qos1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Demand drives MQTT flow control: a slow consumer makes the broker hold messages, the client buffers at most its
 * Receive Maximum, and no message is lost.
 *
 * <p>The consumer takes one message per 100 ms for a second (longer if the machine is slow, until 400 messages are
 * published) while 10,000 QoS 1 messages are published, then requests the rest (10,000 at one per 100 ms would take 17 minutes). The publisher runs at most {@link #AHEAD}
 * messages ahead of the consumer because HiveMQ holds at most 1,000 messages per client by default
 * ({@code max-queue-size}) and discards new ones beyond that: what the broker can hold is the broker's limit, not
 * the client's.
 */
@ExtendWith(HiveMqExtension.class)
class BackPressureIT {

    private static final int RECEIVE_MAXIMUM = 10;
    private static final int MESSAGES = 10_000;
    private static final int AHEAD = 800;

    private final Clients clients = new Clients();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void aSlowConsumerMakesTheBrokerHoldMessagesAndStillGetsEveryOne(BrokerEndpoint broker) {
        ReactiveMqttClient subscriber = clients.connected(broker, b -> b.receiveMaximum(RECEIVE_MAXIMUM));
        ReactiveMqttClient publisher = clients.connected(broker);
        String topic = Clients.uniqueTopic("back-pressure");
        AtomicInteger received = new AtomicInteger();
        TestSubscriber<Publish> consumer = TestSubscriber.builder().initialRequest(0).build();
        subscriber.subscribe(topic, Qos.AT_LEAST_ONCE).doOnNext(p -> received.incrementAndGet()).subscribe(consumer);
        InboundStream stream = ((DefaultReactiveMqttClient) subscriber).streams().get(0);
        Clients.awaitTrue(() -> publisher.publish(qos1(topic, "start"))
                .map(r -> r.reasonCode().orElseThrow() == PubAckReasonCode.SUCCESS));

        AtomicInteger published = new AtomicInteger();
        Flux<Publish> readings = Flux.range(0, MESSAGES).concatMap(i -> Mono.just(qos1(topic, Integer.toString(i)))
                .delayUntil(p -> until(() -> i < received.get() + AHEAD)));
        Disposable publishing = publisher.publish(readings, 100).subscribe(outcome -> published.incrementAndGet());

        // one message per 100 ms, for at least a second and until the broker holds half of what it may
        long ticks = Flux.interval(Duration.ofMillis(100))
                .doOnNext(tick -> consumer.request(1))
                .takeUntil(tick -> tick >= 9 && published.get() >= AHEAD / 2)
                .count()
                .block(Duration.ofSeconds(60));
        assertTrue(received.get() <= ticks, "only what was requested is emitted: " + received.get());
        assertTrue(stream.buffered() <= RECEIVE_MAXIMUM, "the client buffers " + stream.buffered());
        assertTrue(published.get() - received.get() > 10 * RECEIVE_MAXIMUM, "the broker holds the rest");

        consumer.request(Long.MAX_VALUE);
        until(() -> received.get() == MESSAGES + 1).block(Duration.ofSeconds(60));
        List<Publish> messages = consumer.getReceivedOnNext();
        assertEquals("start", messages.get(0).payloadAsString());
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals(Integer.toString(i), messages.get(i + 1).payloadAsString(), "in order, none lost");
        }
        assertTrue(stream.peakBuffered() <= RECEIVE_MAXIMUM, "peak buffered " + stream.peakBuffered());
        publishing.dispose();
        consumer.cancel();
    }

    /** Completes once {@code condition} holds, checking every 5 ms. */
    private static Mono<Long> until(BooleanSupplier condition) {
        return condition.getAsBoolean() ? Mono.empty()
                : Flux.interval(Duration.ofMillis(5)).filter(tick -> condition.getAsBoolean()).next();
    }
}
