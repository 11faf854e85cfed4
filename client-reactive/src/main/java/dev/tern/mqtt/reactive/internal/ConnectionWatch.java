package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.reactive.ConnectionEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What the facade needs to know about reconnects, from the life-cycle events: the server's Receive Maximum of the
 * latest connection, and when to try again a SUBSCRIBE or UNSUBSCRIBE of a stream that failed because the connection
 * was down while the client reconnects ({@link #retrying}). The async client refuses both while it reconnects and
 * fails those in flight when the connection ends; a stream must not fail for that.
 *
 * <p>Events arrive on the async client's life-cycle lane, while messages and futures arrive on other threads, so the
 * order between an event and a failure is not known: {@link #retrying} reads the client's state (set before the
 * event is sent) and waits for the next event that can change the answer, trying again if it was a stale one.
 * Thread-safe.
 */
final class ConnectionWatch implements AutoCloseable {

    private final AsyncMqttClient client;
    private final Disposable subscription;
    /** Completed, and replaced, by every event after which a waiting operation should look again. */
    private volatile CompletableFuture<Void> change = new CompletableFuture<>();
    private volatile boolean closed;
    /** The Receive Maximum of the latest CONNACK; 0 if none seen. */
    private volatile int serverReceiveMaximum;

    /** @param events the client's life-cycle events, or null if unknown (then nothing is retried) */
    ConnectionWatch(AsyncMqttClient client, Flux<ConnectionEvent> events) {
        this.client = client;
        this.subscription = events == null ? null : events.subscribe(this::onEvent);
    }

    /** Whether this watch hears the client's events. */
    boolean isWatching() {
        return subscription != null;
    }

    int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    void connected(int receiveMaximum) {
        serverReceiveMaximum = receiveMaximum;
    }

    private void onEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Connected c) {
            connected(c.event().connAck().receiveMaximum());
            wake();
        } else if (event instanceof ConnectionEvent.Disconnected d && !d.event().willReconnect()) {
            wake(); // no reconnect follows: the waiting operations fail
        }
    }

    private synchronized void wake() {
        CompletableFuture<Void> woken = change;
        change = new CompletableFuture<>();
        woken.complete(null);
    }

    /**
     * Runs {@code operation}; if it fails because the connection is down ({@link MqttClientStateException} or
     * {@link MqttConnectionLostException}) while the client reconnects, runs it again after the next event (a
     * connection accepted, or reconnecting given up), as often as that happens. Other failures, a client that will
     * not reconnect, and {@link #close()} end it with a failure.
     */
    <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> operation) {
        if (!isWatching()) {
            return call(operation);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(operation, result);
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> operation, CompletableFuture<T> result) {
        if (closed) {
            result.completeExceptionally(new MqttClientStateException("the reactive client was closed"));
            return;
        }
        CompletableFuture<Void> next = change; // taken before the call: the first event after it completes it
        call(operation).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            boolean connectionDown = cause instanceof MqttClientStateException
                    || cause instanceof MqttConnectionLostException;
            ClientState state = client.state();
            if (closed || !connectionDown
                    || (state != ClientState.RECONNECTING && state != ClientState.CONNECTED)) {
                result.completeExceptionally(cause);
            } else {
                // CONNECTED too: the state changes before its event is sent, so the event is still to come (or
                // came after the call began and completed "next" already)
                next.whenComplete((ignored, e) -> attempt(operation, result));
            }
        });
    }

    /** Fails the operations that wait for a connection; they are not tried again. */
    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.dispose();
        }
        wake();
    }

    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
