package dev.tern.mqtt.lifecycle;

/**
 * Hears a client's connection come and go. Register it with
 * {@code MqttClientOptions.Builder.addLifecycleListener}; implement only the methods you need.
 *
 * <pre>{@code
 * MqttClientOptions.builder()
 *         .serverUri("mqtt://broker:1883")
 *         .addLifecycleListener(new LifecycleListener() {
 *             public void onDisconnected(DisconnectedEvent e) {
 *                 log.warn("offline: {} (reconnecting: {})", e.cause().getMessage(), e.willReconnect());
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <h2>Threads</h2>
 * Every method is called on the client's callback executor (never on the network thread), one event at a time, in the
 * order the events happened. A listener may call the client. One that throws is logged and keeps receiving events.
 */
public interface LifecycleListener {

    /** The server accepted a connection: the first one, or one made by automatic reconnect. */
    default void onConnected(ConnectedEvent event) {
    }

    /**
     * A connection that was accepted has ended, or the client stopped trying to reconnect (then
     * {@link DisconnectedEvent#willReconnect()} is false and the cause is the last attempt's failure).
     */
    default void onDisconnected(DisconnectedEvent event) {
    }

    /** The client will try to connect again after {@link ReconnectingEvent#delay()}. */
    default void onReconnecting(ReconnectingEvent event) {
    }
}
