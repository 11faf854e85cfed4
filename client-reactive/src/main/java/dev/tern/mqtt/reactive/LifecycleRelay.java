package dev.tern.mqtt.reactive;

import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.LifecycleListener;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LifecycleListener} that turns a client's life-cycle events into a {@link Flux}. A reactive facade made by
 * {@link ReactiveMqttClient#create} registers one itself; to give a facade made by
 * {@link ReactiveMqttClient#from(dev.tern.mqtt.AsyncMqttClient, reactor.core.scheduler.Scheduler, LifecycleRelay)}
 * the events of an async client you build yourself, add a relay to that client's options:
 *
 * <pre>{@code
 * LifecycleRelay relay = new LifecycleRelay();
 * AsyncMqttClient async = TernMqtt.asyncClient(options.toBuilder()
 *         .manualAcknowledgement(true).addLifecycleListener(relay).build());
 * ReactiveMqttClient client = ReactiveMqttClient.from(async, Schedulers.boundedElastic(), relay);
 * }</pre>
 *
 * <p>A relay belongs to one client. Thread-safe.
 */
public final class LifecycleRelay implements LifecycleListener {

    /** Events kept for a subscriber that does not request; beyond it the oldest is dropped (logged). */
    public static final int BUFFER = 256;

    private static final Logger log = Loggers.getLogger(LifecycleRelay.class);

    private final Sinks.Many<ConnectionEvent> sink = Sinks.many().multicast().directBestEffort();

    /**
     * The events from the moment of subscription on: hot, nothing is replayed and nothing is kept while nobody
     * subscribes (read {@code AsyncMqttClient.state()} for the current state). Each subscriber gets every event, in
     * order, up to {@link #BUFFER} of them waiting for its demand. Signals on the thread that calls the listener,
     * the async client's callback executor, never its network thread; never completes.
     */
    public Flux<ConnectionEvent> events() {
        return Flux.defer(() -> {
            AtomicLong drops = new AtomicLong();
            return sink.asFlux().onBackpressureBuffer(BUFFER, dropped -> {
                long n = drops.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    log.warn("a life-cycle subscriber requests too slowly: {} events dropped so far, the latest {}",
                            n, dropped);
                }
            }, BufferOverflowStrategy.DROP_OLDEST);
        });
    }

    @Override
    public void onConnected(ConnectedEvent event) {
        emit(new ConnectionEvent.Connected(event));
    }

    @Override
    public void onDisconnected(DisconnectedEvent event) {
        emit(new ConnectionEvent.Disconnected(event));
    }

    @Override
    public void onReconnecting(ReconnectingEvent event) {
        emit(new ConnectionEvent.Reconnecting(event));
    }

    // the async client calls its listeners one at a time, but a relay given to two clients must not break the sink
    private synchronized void emit(ConnectionEvent event) {
        sink.tryEmitNext(event); // FAIL_ZERO_SUBSCRIBER: nobody listens, nothing to keep
    }
}
