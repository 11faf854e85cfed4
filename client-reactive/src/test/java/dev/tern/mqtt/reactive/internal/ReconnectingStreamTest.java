package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException.ClosedBy;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.reactive.ConnectionEvent;
import dev.tern.mqtt.reactive.LifecycleRelay;
import dev.tern.mqtt.reactive.ReactiveMqttClient;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.tern.mqtt.reactive.internal.FakeAsyncClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams and reconnects, without a network. The async client keeps SUBSCRIBE and UNSUBSCRIBE for the next
 * connection, both those made while it reconnects and those the end of a connection left unacknowledged, so the
 * facade makes nothing again: a failure it sees is final. Also the life-cycle {@code Flux}. The test plays the async
 * client's outcomes through the fake.
 */
class ReconnectingStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final URI SERVER = URI.create("mqtt://broker:1883");

    private final FakeAsyncClient fake = new FakeAsyncClient();
    private final LifecycleRelay relay = new LifecycleRelay();
    private final ReactiveMqttClient client = ReactiveMqttClient.from(fake.client, Schedulers.immediate(), relay);

    @Test
    void lifecycleWithoutARelayFailsAndStreamsStillWork() {
        FakeAsyncClient other = new FakeAsyncClient();
        ReactiveMqttClient deaf = ReactiveMqttClient.from(other.client, Schedulers.immediate());
        TestSubscriber<Publish> stream = TestSubscriber.create();
        deaf.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(stream);
        assertEquals(List.of("SUBSCRIBE a/#"), other.log);
        assertFalse(stream.isTerminated());
        stream.cancel();
        StepVerifier.create(deaf.lifecycle())
                .expectErrorSatisfies(e -> assertTrue(e instanceof IllegalStateException
                        && e.getMessage().contains("LifecycleRelay"), e.toString()))
                .verify(WAIT);
    }
    @Test
    void aCancelledStreamsFailedSubscribeIsNotMadeAgainButUnsubscribed() {
        fake.autoComplete = false;
        TestSubscriber<Publish> stream = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(stream);
        stream.cancel();
        fake.pending.remove(0).completeExceptionally(lost());
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log);
    }
    @Test
    void aSubscribeTheLostConnectionFailedFailsTheStreamAndIsNotMadeAgain() {
        // the async client fails it so only when no new connection follows; with one, it sends it again itself
        MqttConnectionLostException lost = lost();
        fake.failNext.add(lost);
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .expectErrorSatisfies(e -> assertSame(lost, e))
                .verify(WAIT);
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log,
                "the failed stream releases its filter, as after any failed SUBSCRIBE");
    }
    @Test
    void aSubscribeThatWaitedInVainFailsTheStreamWithTheAsyncClientsReason() {
        MqttTimeoutException timeout = new MqttTimeoutException("no SUBACK for [a/#] within PT30S: the client was"
                + " not connected again in time");
        fake.failNext.add(timeout);
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .expectErrorSatisfies(e -> assertSame(timeout, e))
                .verify(WAIT);
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log, "a timeout is not made again");
    }

    @Test
    void lifecycleEmitsTheEventsFromSubscriptionOnAndCompletesOnClose() {
        relay.onConnected(connected()); // before anyone subscribed: gone
        StepVerifier.create(client.lifecycle())
                .then(() -> {
                    relay.onDisconnected(new DisconnectedEvent(SERVER, lost(), true, Instant.MAX));
                    relay.onReconnecting(new ReconnectingEvent(1, Duration.ofMillis(10), lost(), SERVER));
                    relay.onConnected(new ConnectedEvent(SERVER, ConnAck.builder().build(), true));
                })
                .assertNext(e -> assertTrue(((ConnectionEvent.Disconnected) e).event().willReconnect()))
                .assertNext(e -> assertEquals(1, ((ConnectionEvent.Reconnecting) e).event().attempt()))
                .assertNext(e -> assertTrue(((ConnectionEvent.Connected) e).event().isReconnect()))
                .then(client::close)
                .verifyComplete();
        StepVerifier.create(client.lifecycle())
                .expectError(MqttClientStateException.class)
                .verify(WAIT);
    }

    @Test
    void aLifecycleSubscriberWithoutDemandKeepsTheNewestEvents() {
        TestSubscriber<ConnectionEvent> slow = TestSubscriber.builder().initialRequest(0).build();
        relay.events().subscribe(slow);
        for (int i = 1; i <= LifecycleRelay.BUFFER + 10; i++) {
            relay.onReconnecting(new ReconnectingEvent(i, Duration.ZERO, lost(), SERVER));
        }
        slow.request(Long.MAX_VALUE);
        List<ConnectionEvent> got = slow.getReceivedOnNext();
        assertEquals(LifecycleRelay.BUFFER, got.size());
        assertEquals(11, ((ConnectionEvent.Reconnecting) got.get(0)).event().attempt(), "the oldest were dropped");
        assertInstanceOf(ConnectionEvent.Reconnecting.class, got.get(got.size() - 1));
        slow.cancel();
    }

    private static ConnectedEvent connected() {
        return new ConnectedEvent(SERVER, ConnAck.builder().build(), false);
    }

    private static MqttConnectionLostException lost() {
        return new MqttConnectionLostException("network error", ClosedBy.NETWORK, null, null, null);
    }
}
