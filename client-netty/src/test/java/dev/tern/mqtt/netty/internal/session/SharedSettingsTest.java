package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Settings and limits that a fleet of clients shares instead of holding a copy each, and that stay correct. */
class SharedSettingsTest {

    private static ConnAck connAck(int receiveMaximum, int topicAliasMaximum) {
        return ConnAck.builder().reasonCode(ConnAckReasonCode.SUCCESS).receiveMaximum(receiveMaximum)
                .topicAliasMaximum(topicAliasMaximum).build();
    }

    @Test
    void defaultOptionsShareTheDefaultSessionSettings() {
        MqttClientOptions defaults = MqttClientOptions.builder().server("localhost", 1883).build();
        assertSame(SessionSettings.DEFAULTS, SessionSettings.from(defaults));
        SessionSettings own = SessionSettings.from(defaults.toBuilder().ackTimeout(Duration.ofSeconds(3))
                .maximumInFlight(7).build());
        assertNotSame(SessionSettings.DEFAULTS, own);
        assertEquals(Duration.ofSeconds(3), own.ackTimeout());
        assertEquals(7, own.maximumInFlightMqtt5());
    }

    @Test
    void equalConnAcksShareOneServerLimitsAndOthersGetTheirOwn() {
        ServerLimits first = ServerLimits.from(connAck(100, 10));
        assertSame(first, ServerLimits.from(connAck(100, 10)), "one broker, one set of limits for the fleet");
        ServerLimits other = ServerLimits.from(connAck(50, 0));
        assertEquals(50, other.receiveMaximum());
        assertEquals(0, other.topicAliasMaximum());
        assertEquals(Qos.EXACTLY_ONCE, other.maximumQos());
        ServerLimits again = ServerLimits.from(connAck(100, 10));
        assertEquals(first, again);
        assertEquals(100, again.receiveMaximum());
        assertEquals(10, again.topicAliasMaximum());
    }
}
