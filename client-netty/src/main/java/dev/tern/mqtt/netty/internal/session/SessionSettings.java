package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttClientOptions;

import java.time.Duration;

/**
 * The options the session acts on: offline buffer bounds, what to do when the server lost the session, and how long
 * to wait for the SUBACK of a subscription made again.
 */
public record SessionSettings(int offlineMaxMessages, long offlineMaxBytes, BufferOverflowPolicy overflow,
        boolean bufferQos0, boolean resubscribe, boolean republish, Duration ackTimeout) {

    /** The defaults of {@link MqttClientOptions}. */
    public static final SessionSettings DEFAULTS = new SessionSettings(
            MqttClientOptions.DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES, MqttClientOptions.DEFAULT_OFFLINE_BUFFER_MAX_BYTES,
            MqttClientOptions.DEFAULT_OFFLINE_BUFFER_OVERFLOW, true, true, true, MqttClientOptions.DEFAULT_ACK_TIMEOUT);

    /** The settings these options ask for. */
    public static SessionSettings from(MqttClientOptions o) {
        return new SessionSettings(o.offlineBufferMaxMessages(), o.offlineBufferMaxBytes(), o.offlineBufferOverflow(),
                o.isBufferQos0WhileOffline(), o.isResubscribeOnSessionLoss(), o.isRepublishOnSessionLoss(),
                o.ackTimeout());
    }
}
