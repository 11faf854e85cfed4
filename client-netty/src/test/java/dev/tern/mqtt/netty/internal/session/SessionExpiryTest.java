package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionExpiryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static ConnAck connAck(Long serverExpiry) {
        return ConnAck.builder().reasonCode(ConnAckReasonCode.SUCCESS).sessionExpiryInterval(serverExpiry).build();
    }

    @Test
    void mqtt5SessionLastsTheIntervalAfterTheConnectionEnds() {
        SessionExpiry e = new SessionExpiry(MqttVersion.MQTT_5_0, true, 60);
        e.connected(MqttVersion.MQTT_5_0, true, 60, connAck(null));
        assertTrue(e.outlivesConnection());
        e.disconnected(0, T0);
        assertTrue(e.mayBePresent(TimeUnit.SECONDS.toNanos(59)));
        assertFalse(e.mayBePresent(TimeUnit.SECONDS.toNanos(60)));
        assertEquals(T0.plusSeconds(60), e.keptUntil());
    }

    @Test
    void theServerMayShortenTheInterval() {
        SessionExpiry e = new SessionExpiry(MqttVersion.MQTT_5_0, true, 3600);
        e.connected(MqttVersion.MQTT_5_0, true, 3600, connAck(10L));
        e.disconnected(0, T0);
        assertFalse(e.mayBePresent(TimeUnit.SECONDS.toNanos(11)));
        assertEquals(10, e.intervalSeconds());
    }

    @Test
    void zeroIntervalEndsTheSessionWithTheConnection() {
        SessionExpiry e = new SessionExpiry(MqttVersion.MQTT_5_0, true, 0);
        assertFalse(e.outlivesConnection(), "known before the first connection too");
        e.connected(MqttVersion.MQTT_5_0, true, 0, connAck(null));
        assertTrue(e.mayBePresent(0), "while connected");
        e.disconnected(0, T0);
        assertFalse(e.mayBePresent(1));
        assertNull(e.keptUntil());
    }

    @Test
    void mqtt311CleanSessionDecides() {
        SessionExpiry clean = new SessionExpiry(MqttVersion.MQTT_3_1_1, true, 0);
        clean.connected(MqttVersion.MQTT_3_1_1, true, 0, connAck(null));
        clean.disconnected(0, T0);
        assertFalse(clean.mayBePresent(1));
        SessionExpiry kept = new SessionExpiry(MqttVersion.MQTT_3_1_1, false, 0);
        kept.connected(MqttVersion.MQTT_3_1_1, false, 0, connAck(null));
        kept.disconnected(0, T0);
        assertTrue(kept.mayBePresent(TimeUnit.DAYS.toNanos(365)));
        assertEquals(Instant.MAX, kept.keptUntil());
    }
}
