package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.reactive.ReactiveMqttClient;
import dev.tern.mqtt.reactive.SubscribeOptions;
import dev.tern.mqtt.reason.SubAckReasonCode;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tern.mqtt.reactive.internal.FakeAsyncClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message streams without a network: acknowledgement on emission, explicit acknowledgement, the QoS 0 buffer,
 * cancellation and the order of SUBSCRIBE and UNSUBSCRIBE. The immediate scheduler makes every emission happen
 * inside the step that caused it.
 */
class MessageStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeAsyncClient fake = new FakeAsyncClient();
    private final ReactiveMqttClient client = ReactiveMqttClient.from(fake.client, Schedulers.immediate());

    private final Publish one = message("a/1", "one", Qos.AT_LEAST_ONCE);
    private final Publish two = message("a/2", "two", Qos.EXACTLY_ONCE);

    @Test
    void nothingIsSentBeforeTheStreamIsSubscribedTo() {
        client.subscribe("a/#", Qos.AT_LEAST_ONCE);
        assertEquals(List.of(), fake.log);
    }

    @Test
    void qos1And2AreAcknowledgedOnlyOnceRequestedAndEmitted() {
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE), 0)
                .then(() -> {
                    fake.deliver(one);
                    fake.deliver(two);
                })
                .then(() -> assertEquals(List.of(), fake.acks(), "nothing requested, nothing acknowledged"))
                .thenRequest(1)
                .expectNext(one)
                .then(() -> assertEquals(List.of("ACK a/1 one"), fake.acks()))
                .thenRequest(1)
                .expectNext(two)
                .then(() -> assertEquals(List.of("ACK a/1 one", "ACK a/2 two"), fake.acks()))
                .thenCancel()
                .verify(WAIT);
        assertEquals(List.of("SUBSCRIBE a/#", "ACK a/1 one", "ACK a/2 two", "UNSUBSCRIBE a/#"), fake.log);
    }

    @Test
    void cancellingAcknowledgesWhatWasBufferedAndUnsubscribes() {
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE), 0)
                .then(() -> {
                    fake.deliver(one);
                    fake.deliver(two);
                })
                .thenCancel()
                .verify(WAIT);
        assertEquals(List.of("SUBSCRIBE a/#", "ACK a/1 one", "ACK a/2 two", "UNSUBSCRIBE a/#"), fake.log);
    }

    @Test
    void explicitAcknowledgementWaitsForTheApplication() {
        SubscribeOptions explicit = SubscribeOptions.builder().explicitAcknowledgement(true).build();
        StepVerifier.create(client.subscribe(List.of(Subscription.of("a/#", Qos.AT_LEAST_ONCE)), explicit))
                .then(() -> fake.deliver(one))
                .expectNext(one)
                .then(() -> assertEquals(List.of(), fake.acks(), "emitted but not yet acknowledged"))
                .then(() -> client.acknowledge(one))
                .then(() -> assertEquals(List.of("ACK a/1 one"), fake.acks()))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void anExplicitAcknowledgementFromWithinOnNextCountsAsThatStreamsOnly() {
        SubscribeOptions explicit = SubscribeOptions.builder().explicitAcknowledgement(true).build();
        TestSubscriber<Publish> other = TestSubscriber.builder().initialRequest(0).build();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(other);
        StepVerifier.create(client.subscribe(List.of(Subscription.of("a/1", Qos.AT_LEAST_ONCE)), explicit)
                        .doOnNext(client::acknowledge))
                .then(() -> fake.deliver(one))
                .expectNext(one)
                .then(() -> assertEquals(List.of(), fake.acks(), "the other stream has not emitted it yet"))
                .then(() -> other.request(1))
                .then(() -> assertEquals(List.of("ACK a/1 one"), fake.acks()))
                .thenCancel()
                .verify(WAIT);
        other.cancel();
    }

    @Test
    void qos0BeyondItsBufferDropsTheOldestQos0AndNeverQos1() {
        SubscribeOptions small = SubscribeOptions.builder().qos0BufferSize(2).build();
        Publish q1 = message("a/q1", "kept", Qos.AT_LEAST_ONCE);
        StepVerifier.create(client.subscribe(List.of(Subscription.of("a/#", Qos.AT_LEAST_ONCE)), small), 0)
                .then(() -> {
                    fake.deliver(message("a/0", "0", Qos.AT_MOST_ONCE));
                    fake.deliver(q1);
                    for (int i = 1; i <= 3; i++) {
                        fake.deliver(message("a/0", Integer.toString(i), Qos.AT_MOST_ONCE));
                    }
                })
                .then(() -> assertEquals(3, onlyStream().buffered()))
                .then(() -> assertEquals(2, onlyStream().droppedQos0()))
                .thenRequest(10)
                .expectNext(q1)
                .assertNext(p -> assertEquals("2", p.payloadAsString()))
                .assertNext(p -> assertEquals("3", p.payloadAsString()))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aMessageForTwoStreamsIsAcknowledgedOnceBothEmittedIt() {
        TestSubscriber<Publish> wide = TestSubscriber.builder().initialRequest(0).build();
        TestSubscriber<Publish> narrow = TestSubscriber.builder().initialRequest(0).build();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(wide);
        client.subscribe("a/1", Qos.AT_LEAST_ONCE).subscribe(narrow);
        fake.deliver(one);
        wide.request(1);
        assertEquals(List.of(one), wide.getReceivedOnNext());
        assertEquals(List.of(), fake.acks(), "the narrow stream has not emitted it yet");
        narrow.request(1);
        assertEquals(List.of(one), narrow.getReceivedOnNext());
        assertEquals(List.of("ACK a/1 one"), fake.acks());
        wide.cancel();
        narrow.cancel();
    }

    @Test
    void aFilterIsUnsubscribedWhenItsLastStreamIsCancelled() {
        TestSubscriber<Publish> first = TestSubscriber.create();
        TestSubscriber<Publish> second = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(first);
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(second);
        first.cancel();
        assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log);
        assertEquals(1, ((DefaultReactiveMqttClient) client).streamsOn("a/#"));
        second.cancel();
        assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log);
    }

    @Test
    void subscribingAgainAfterACancelGoesOutAtOnceAfterTheUnsubscribe() {
        fake.autoComplete = false;
        TestSubscriber<Publish> first = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(first);
        fake.pending.remove(0).complete(null);
        first.cancel();
        TestSubscriber<Publish> second = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(second);
        // the async client keeps the call order and its UNSUBACK removes only the handler it was sent for
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log,
                "no waiting for the UNSUBACK");
        fake.pending.forEach(f -> f.complete(null));
        assertTrue(!second.isTerminated());
        second.cancel();
    }

    @Test
    void aMessageNoStreamWantsIsAcknowledgedAtOnce() {
        TestSubscriber<Publish> subscriber = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(subscriber);
        fake.deliver(message("b/1", "stray", Qos.AT_LEAST_ONCE));
        assertEquals(List.of("ACK b/1 stray"), fake.acks());
        assertEquals(List.of(), subscriber.getReceivedOnNext());
        subscriber.cancel();
    }

    @Test
    void messagesAfterTheUnsubAckAreLeftToTheAsyncClient() {
        TestSubscriber<Publish> subscriber = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(subscriber);
        subscriber.cancel();
        client.subscribeOnly(List.of(Subscription.of("b/#", Qos.AT_LEAST_ONCE))).block(WAIT);
        // a subscriber of messages() would count as having taken every message, and the async client would then
        // leave unacknowledged those that match no handler
        assertNull(fake.streamSubscriber, "the facade never subscribes to the async client's messages()");
        assertEquals(List.of(), fake.acks());
    }

    @Test
    void aRefusedSubscriptionFailsTheStream() {
        fake.autoComplete = false;
        MqttAckException refused = new MqttAckException("refused", List.of(SubAckReasonCode.NOT_AUTHORIZED), null,
                null);
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .then(() -> fake.pending.remove(0).completeExceptionally(refused))
                .expectErrorSatisfies(e -> assertEquals(refused, e))
                .verify(WAIT);
    }

    @Test
    void aClientWithoutManualAcknowledgementIsRefused() {
        fake.manualAcknowledgement = false;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReactiveMqttClient.from(fake.client));
        assertTrue(e.getMessage().contains("manualAcknowledgement(true)"), e.getMessage());
    }

    @Test
    void createTurnsManualAcknowledgementOnAndCloseCompletesStreamsAndClosesTheClient() {
        AtomicReference<MqttClientOptions> given = new AtomicReference<>();
        ReactiveMqttClient owned = ReactiveMqttClient.create(
                MqttClientOptions.builder().serverUri("mqtt://localhost").build(), options -> {
                    given.set(options);
                    return fake.client;
                });
        assertTrue(given.get().isManualAcknowledgement());
        StepVerifier.create(owned.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .then(owned::close)
                .verifyComplete();
        assertEquals(List.of("SUBSCRIBE a/#", "CLOSE"), fake.log, "closing sends no UNSUBSCRIBE");
        StepVerifier.create(owned.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .expectError(MqttClientStateException.class)
                .verify(WAIT);
    }

    private InboundStream onlyStream() {
        List<InboundStream> streams = ((DefaultReactiveMqttClient) client).streams();
        assertEquals(1, streams.size());
        return streams.get(0);
    }
}
