package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void serverLimitsDifferingInAnyOneComponentAreNotEqual() {
        ServerLimits base = new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1000, 10, true, true, true);
        ServerLimits same = new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1000, 10, true, true, true);
        assertEquals(base, same);
        assertEquals(base.hashCode(), same.hashCode());
        for (ServerLimits other : new ServerLimits[] {
                new ServerLimits(101, Qos.AT_LEAST_ONCE, true, 1000, 10, true, true, true),
                new ServerLimits(100, Qos.AT_MOST_ONCE, true, 1000, 10, true, true, true),
                new ServerLimits(100, Qos.AT_LEAST_ONCE, false, 1000, 10, true, true, true),
                new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1001, 10, true, true, true),
                new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1000, 11, true, true, true),
                new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1000, 10, false, true, true),
                new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1000, 10, true, false, true),
                new ServerLimits(100, Qos.AT_LEAST_ONCE, true, 1000, 10, true, true, false)}) {
            assertNotEquals(base, other, other.toString());
        }
    }

    @Test
    void sessionSettingsDifferingInAnyOneComponentAreNotEqual() {
        SessionSettings d = SessionSettings.DEFAULTS;
        SessionSettings same = new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(),
                d.bufferQos0(), d.resubscribe(), d.republish(), Duration.ofNanos(d.ackTimeout().toNanos()),
                d.maximumInFlightMqtt311(), d.maximumInFlightMqtt5());
        assertEquals(d, same);
        assertEquals(d.hashCode(), same.hashCode());
        BufferOverflowPolicy otherPolicy = d.overflow() == BufferOverflowPolicy.values()[0]
                ? BufferOverflowPolicy.values()[1] : BufferOverflowPolicy.values()[0];
        for (SessionSettings other : new SessionSettings[] {
                new SessionSettings(d.offlineMaxMessages() + 1, d.offlineMaxBytes(), d.overflow(), d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes() + 1, d.overflow(), d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), otherPolicy, d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(), !d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(), d.bufferQos0(),
                        !d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(), d.bufferQos0(),
                        d.resubscribe(), !d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(), d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout().plusMillis(1), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(), d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311() + 1,
                        d.maximumInFlightMqtt5()),
                new SessionSettings(d.offlineMaxMessages(), d.offlineMaxBytes(), d.overflow(), d.bufferQos0(),
                        d.resubscribe(), d.republish(), d.ackTimeout(), d.maximumInFlightMqtt311(),
                        d.maximumInFlightMqtt5() - 1)}) {
            assertNotEquals(d, other, other.toString());
        }
    }
}
