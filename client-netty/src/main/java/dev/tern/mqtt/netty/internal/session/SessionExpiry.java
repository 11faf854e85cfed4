package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.ConnAck;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the server can still have this client's session: MQTT 5.0 session expiry interval (as the CONNACK may
 * have overridden it) counted from the end of the connection, or MQTT 3.1.1 clean session (0 keeps the session for
 * ever, 1 ends it with the connection). The client uses it to decide what to keep when a connection ends without a
 * reconnect, and reports it in life-cycle events; the CONNACK's session present flag stays the final word.
 * Event loop only.
 */
public final class SessionExpiry {

    /** MQTT 5.0's "never expires" (0xFFFFFFFF), also used for 3.1.1 clean session 0. */
    public static final long NEVER = 0xFFFFFFFFL;

    private long intervalSeconds;
    private boolean connected;
    private boolean sessionExists;
    private long endedAtNanos;
    private Instant endedAt;

    /**
     * Before any connection, the session expiry the options ask for, so that what is kept when the first connect
     * fails follows the configuration.
     */
    public SessionExpiry(MqttVersion version, boolean cleanStart, long requestedInterval) {
        intervalSeconds = version == MqttVersion.MQTT_5_0 ? requestedInterval : cleanStart ? 0 : NEVER;
    }

    /** A connection was accepted with these settings and this CONNACK. */
    public void connected(MqttVersion version, boolean cleanStart, long requestedInterval, ConnAck connAck) {
        if (version == MqttVersion.MQTT_5_0) {
            intervalSeconds = connAck.sessionExpiryInterval().orElse(requestedInterval);
        } else {
            intervalSeconds = cleanStart ? 0 : NEVER;
        }
        connected = true;
        sessionExists = true;
    }

    /** The connection ended at these instants (monotonic and wall clock). */
    public void disconnected(long nowNanos, Instant now) {
        if (!connected) {
            return;
        }
        connected = false;
        endedAtNanos = nowNanos;
        endedAt = now;
        if (intervalSeconds == 0) {
            sessionExists = false;
        }
    }

    /** Whether the session outlives the end of a connection at all (session expiry above 0, or clean session 0). */
    public boolean outlivesConnection() {
        return intervalSeconds != 0;
    }

    /** Whether the server may still have the session at {@code nowNanos}: connected, or not expired yet. */
    public boolean mayBePresent(long nowNanos) {
        if (connected) {
            return true;
        }
        if (!sessionExists) {
            return false;
        }
        return intervalSeconds == NEVER || nowNanos - endedAtNanos < Duration.ofSeconds(intervalSeconds).toNanos();
    }

    /**
     * Until when the server may keep the session after the last connection ended: {@link Instant#MAX} for never
     * expires, null if it ended with the connection (or there never was one).
     */
    public Instant keptUntil() {
        if (!sessionExists || intervalSeconds == 0 || endedAt == null) {
            return null;
        }
        return intervalSeconds == NEVER ? Instant.MAX : endedAt.plusSeconds(intervalSeconds);
    }

    /** The session expiry interval in force, in seconds; {@link #NEVER} for no expiry. */
    public long intervalSeconds() {
        return intervalSeconds;
    }
}
