package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.reactive.ConnectionEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The server's Receive Maximum of the latest connection, for the window of {@code publish(Publisher)}: the async
 * client does not expose its CONNACK, so it is read from {@code connect()}'s CONNACK and, with a life-cycle relay,
 * from the CONNACK of every reconnect. Thread-safe.
 */
final class ReceiveMaximumWatch implements AutoCloseable {

    private final Disposable subscription;
    /** The Receive Maximum of the latest CONNACK; 0 if none seen. */
    private volatile int serverReceiveMaximum;

    /** @param events the client's life-cycle events, or null if unknown (then only {@link #connected} counts) */
    ReceiveMaximumWatch(Flux<ConnectionEvent> events) {
        this.subscription = events == null ? null : events
                .ofType(ConnectionEvent.Connected.class)
                .subscribe(c -> connected(c.event().connAck().receiveMaximum()));
    }

    int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    void connected(int receiveMaximum) {
        serverReceiveMaximum = receiveMaximum;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.dispose();
        }
    }
}
