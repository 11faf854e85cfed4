package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException.ClosedBy;
import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams and reconnects, without a network: a SUBSCRIBE or UNSUBSCRIBE refused while the client reconnects, or cut
 * short by the end of the connection, is sent again after the next connected event; the stream fails only when no
 * reconnect follows. Also the life-cycle {@code Flux}. The fake client reports whatever state the test sets, and the
 * test plays the life-cycle events into the relay as the async client would.
 */
class ReconnectingStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final URI SERVER = URI.create("mqtt://broker:1883");

    private final FakeAsyncClient fake = new FakeAsyncClient();
    private final LifecycleRelay relay = new LifecycleRelay();
    private final ReactiveMqttClient client = ReactiveMqttClient.from(fake.client, Schedulers.immediate(), relay);

    @Test
    void aStreamSubscribedWhileReconnectingSubscribesOnceConnected() {
        fake.state = ClientState.RECONNECTING;
        fake.failNext.add(new MqttClientStateException("subscribe needs a connected client; it is RECONNECTING"));
        Publish one = message("a/1", "one", Qos.AT_LEAST_ONCE);
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .then(() -> assertEquals(List.of("SUBSCRIBE a/#"), fake.log, "tried once, refused, no error"))
                .then(this::reconnected)
                .then(() -> assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log))
                .then(() -> fake.deliver(one))
                .expectNext(one)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aSubscribeCutShortByTheLostConnectionIsSentAgain() {
        fake.autoComplete = false;
        TestSubscriber<Publish> stream = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(stream);
        fake.state = ClientState.RECONNECTING;
        fake.pending.remove(0).completeExceptionally(lost());
        assertTrue(!stream.isTerminated(), "the stream waits for the reconnect");
        relay.onReconnecting(new ReconnectingEvent(1, Duration.ofMillis(10), lost(), SERVER));
        assertEquals(List.of("SUBSCRIBE a/#"), fake.log, "a reconnecting event is no reason to try again");
        reconnected();
        assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log);
        fake.pending.remove(0).complete(null);
        assertTrue(!stream.isTerminated());
        stream.cancel();
    }

    @Test
    void aStaleConnectedEventMakesItTryAgainAndWaitAgain() {
        fake.state = ClientState.RECONNECTING;
        fake.failNext.add(new MqttClientStateException("RECONNECTING"));
        fake.failNext.add(new MqttClientStateException("RECONNECTING"));
        TestSubscriber<Publish> stream = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(stream);
        relay.onConnected(connected()); // the event of the connection that was lost, late
        assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log);
        assertTrue(!stream.isTerminated());
        reconnected();
        assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log);
        assertTrue(!stream.isTerminated());
        stream.cancel();
    }

    @Test
    void aStreamCancelledWhileReconnectingUnsubscribesOnceConnected() {
        TestSubscriber<Publish> stream = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(stream);
        fake.state = ClientState.RECONNECTING;
        fake.failNext.add(new MqttClientStateException("unsubscribe needs a connected client; it is RECONNECTING"));
        stream.cancel();
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log);
        TestSubscriber<Publish> again = TestSubscriber.create();
        client.subscribe("a/#", Qos.AT_LEAST_ONCE).subscribe(again);
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log, "SUBSCRIBE waits for the UNSUBSCRIBE");
        reconnected();
        assertEquals(List.of("SUBSCRIBE a/#", "UNSUBSCRIBE a/#", "UNSUBSCRIBE a/#", "SUBSCRIBE a/#"), fake.log);
        again.cancel();
    }

    @Test
    void theStreamFailsWhenNoReconnectFollows() {
        fake.state = ClientState.RECONNECTING;
        MqttClientStateException refused = new MqttClientStateException("RECONNECTING");
        fake.failNext.add(refused);
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .then(() -> {
                    fake.state = ClientState.DISCONNECTED;
                    fake.failNext.add(new MqttClientStateException("DISCONNECTED"));
                    relay.onDisconnected(new DisconnectedEvent(SERVER, lost(), false, null));
                })
                .expectErrorSatisfies(e -> assertEquals("DISCONNECTED", e.getMessage()))
                .verify(WAIT);
        assertEquals(List.of("SUBSCRIBE a/#", "SUBSCRIBE a/#", "UNSUBSCRIBE a/#"), fake.log,
                "the failed stream releases its filter, as after any failed SUBSCRIBE");
    }

    @Test
    void aLostConnectionWithoutReconnectFailsTheStream() {
        fake.state = ClientState.DISCONNECTED;
        fake.failNext.add(lost());
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .expectError(MqttConnectionLostException.class)
                .verify(WAIT);
    }

    @Test
    void withoutARelayNothingIsTriedAgainAndThereAreNoEvents() {
        FakeAsyncClient other = new FakeAsyncClient();
        ReactiveMqttClient deaf = ReactiveMqttClient.from(other.client, Schedulers.immediate());
        other.state = ClientState.RECONNECTING;
        other.failNext.add(new MqttClientStateException("RECONNECTING"));
        StepVerifier.create(deaf.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .expectError(MqttClientStateException.class)
                .verify(WAIT);
        StepVerifier.create(deaf.lifecycle())
                .expectErrorSatisfies(e -> assertTrue(e instanceof IllegalStateException
                        && e.getMessage().contains("LifecycleRelay"), e.toString()))
                .verify(WAIT);
    }

    @Test
    void closingFailsTheOperationsThatWaitForAReconnect() {
        fake.state = ClientState.RECONNECTING;
        fake.failNext.add(new MqttClientStateException("RECONNECTING"));
        StepVerifier.create(client.subscribe("a/#", Qos.AT_LEAST_ONCE))
                .then(client::close)
                .verifyComplete();
        reconnected();
        assertEquals(List.of("SUBSCRIBE a/#"), fake.log, "nothing is sent after close()");
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

    /** As the async client does: the state first, then the event. */
    private void reconnected() {
        fake.state = ClientState.CONNECTED;
        relay.onConnected(new ConnectedEvent(SERVER, ConnAck.builder().build(), true));
    }

    private static ConnectedEvent connected() {
        return new ConnectedEvent(SERVER, ConnAck.builder().build(), false);
    }

    private static MqttConnectionLostException lost() {
        return new MqttConnectionLostException("network error", ClosedBy.NETWORK, null, null, null);
    }
}
