package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.reason.DisconnectReasonCode;

/** What the session needs from the connection layer. Called on the event loop. */
public interface SessionListener {

    /**
     * A received message is ready for the application.
     *
     * @param acknowledgement sends the PUBACK or PUBREC; thread-safe, runs at most once; null for QoS 0
     */
    void deliver(Publish message, Runnable acknowledgement);

    /** The server broke the protocol; the connection must be closed with {@code reasonCode}. */
    void protocolError(DisconnectReasonCode reasonCode, String message);
}
