package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;

import java.time.Duration;

/**
 * The options the session acts on: the bounds of the queue of messages not sent yet (the offline buffer), what to do
 * when the server lost the session, how long to wait for the SUBACK of a subscription made again, and the client's
 * own cap on messages in flight per protocol version.
 */
public record SessionSettings(int offlineMaxMessages, long offlineMaxBytes, BufferOverflowPolicy overflow,
        boolean bufferQos0, boolean resubscribe, boolean republish, Duration ackTimeout, int maximumInFlightMqtt311,
        int maximumInFlightMqtt5) {

    /** The defaults of {@link MqttClientOptions}. */
    public static final SessionSettings DEFAULTS = new SessionSettings(
            MqttClientOptions.DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES, MqttClientOptions.DEFAULT_OFFLINE_BUFFER_MAX_BYTES,
            MqttClientOptions.DEFAULT_OFFLINE_BUFFER_OVERFLOW, true, true, true, MqttClientOptions.DEFAULT_ACK_TIMEOUT);

    /** Settings with the default in-flight caps. */
    public SessionSettings(int offlineMaxMessages, long offlineMaxBytes, BufferOverflowPolicy overflow,
            boolean bufferQos0, boolean resubscribe, boolean republish, Duration ackTimeout) {
        this(offlineMaxMessages, offlineMaxBytes, overflow, bufferQos0, resubscribe, republish, ackTimeout,
                MqttClientOptions.DEFAULT_MAXIMUM_IN_FLIGHT_MQTT_3_1_1, 65_535);
    }

    /** The settings these options ask for: the shared {@link #DEFAULTS} if they are the defaults (48 bytes less). */
    public static SessionSettings from(MqttClientOptions o) {
        SessionSettings s = new SessionSettings(o.offlineBufferMaxMessages(), o.offlineBufferMaxBytes(),
                o.offlineBufferOverflow(), o.isBufferQos0WhileOffline(), o.isResubscribeOnSessionLoss(),
                o.isRepublishOnSessionLoss(), o.ackTimeout(), o.maximumInFlight(MqttVersion.MQTT_3_1_1),
                o.maximumInFlight(MqttVersion.MQTT_5_0));
        return s.equals(DEFAULTS) ? DEFAULTS : s;
    }

    /*
     * equals and hashCode written out: a record's own go through an invokedynamic bootstrap (ObjectMethods) whose
     * method-handle chain showed in the profile of a fleet, where from() compares once per client made.
     */

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SessionSettings)) {
            return false;
        }
        SessionSettings s = (SessionSettings) o;
        return offlineMaxMessages == s.offlineMaxMessages && offlineMaxBytes == s.offlineMaxBytes
                && overflow == s.overflow && bufferQos0 == s.bufferQos0 && resubscribe == s.resubscribe
                && republish == s.republish && ackTimeout.equals(s.ackTimeout)
                && maximumInFlightMqtt311 == s.maximumInFlightMqtt311
                && maximumInFlightMqtt5 == s.maximumInFlightMqtt5;
    }

    @Override
    public int hashCode() {
        int h = offlineMaxMessages;
        h = 31 * h + Long.hashCode(offlineMaxBytes);
        h = 31 * h + overflow.hashCode();
        h = 31 * h + Boolean.hashCode(bufferQos0);
        h = 31 * h + Boolean.hashCode(resubscribe);
        h = 31 * h + Boolean.hashCode(republish);
        h = 31 * h + ackTimeout.hashCode();
        h = 31 * h + maximumInFlightMqtt311;
        return 31 * h + maximumInFlightMqtt5;
    }

    /** The most QoS 1 and 2 messages in flight on a connection: our cap for its version and the server's limit. */
    int inFlightWindow(MqttVersion version, int serverReceiveMaximum) {
        int ours = version == MqttVersion.MQTT_3_1_1 ? maximumInFlightMqtt311 : maximumInFlightMqtt5;
        return Math.min(ours, serverReceiveMaximum);
    }
}
