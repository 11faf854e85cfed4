package dev.tern.mqtt.reactive;

import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;

import java.util.Objects;

/**
 * One life-cycle event of a client, as emitted by {@link ReactiveMqttClient#lifecycle()}: one of three records, each
 * wrapping the async client's event of the same name. Immutable.
 *
 * <pre>{@code
 * client.lifecycle()
 *       .ofType(ConnectionEvent.Disconnected.class)
 *       .subscribe(d -> log.warn("offline: {} (reconnecting: {})", d.event().cause().getMessage(),
 *               d.event().willReconnect()));
 * }</pre>
 */
public sealed interface ConnectionEvent {

    /** The server accepted a connection: the first one, or one made by automatic reconnect. */
    record Connected(ConnectedEvent event) implements ConnectionEvent {
        public Connected {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A connection ended, or the client stopped trying to reconnect ({@code event().willReconnect()} is false). */
    record Disconnected(DisconnectedEvent event) implements ConnectionEvent {
        public Disconnected {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The client will try to connect again after {@code event().delay()}. */
    record Reconnecting(ReconnectingEvent event) implements ConnectionEvent {
        public Reconnecting {
            Objects.requireNonNull(event, "event");
        }
    }
}
