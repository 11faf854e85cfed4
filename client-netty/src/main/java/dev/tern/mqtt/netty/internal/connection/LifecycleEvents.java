package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.LifecycleListener;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import dev.tern.mqtt.netty.internal.dispatch.CallbackDispatcher;
import dev.tern.mqtt.netty.internal.dispatch.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Hands life-cycle events to the listeners from the options, on one serial lane of the callback executor, so they
 * arrive one at a time and in order, never on the event loop. Called on the event loop; thread-safe.
 */
final class LifecycleEvents {

    private static final Logger log = LoggerFactory.getLogger(LifecycleEvents.class);

    /** Without listeners: events are only logged. Stateless, so one serves every client that has none. */
    private static final LifecycleEvents NONE = new LifecycleEvents(List.of(), null);

    private final List<LifecycleListener> listeners;
    private final SerialExecutor lane;

    private LifecycleEvents(List<LifecycleListener> listeners, SerialExecutor lane) {
        this.listeners = listeners;
        this.lane = lane;
    }

    /** The events of a client with these listeners; the shared {@link #NONE} when there are none. */
    static LifecycleEvents of(List<LifecycleListener> listeners, CallbackDispatcher dispatcher) {
        return listeners.isEmpty() ? NONE : new LifecycleEvents(List.copyOf(listeners), dispatcher.newLane());
    }

    /**
     * Whether an event would reach anyone: a listener, or the debug log. Without either the caller need not make
     * the event (a fleet of clients without listeners made one per connect for nobody).
     */
    boolean wanted() {
        return lane != null || log.isDebugEnabled();
    }

    void connected(ConnectedEvent e) {
        emit(l -> l.onConnected(e), e);
    }

    void disconnected(DisconnectedEvent e) {
        emit(l -> l.onDisconnected(e), e);
    }

    void reconnecting(ReconnectingEvent e) {
        emit(l -> l.onReconnecting(e), e);
    }

    private void emit(Consumer<LifecycleListener> call, Object event) {
        log.debug("{}", event);
        if (lane == null) {
            return;
        }
        lane.execute(() -> {
            for (LifecycleListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException ex) {
                    log.warn("a lifecycle listener threw on {}; it keeps receiving events", event, ex);
                }
            }
        });
    }
}
