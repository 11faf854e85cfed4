package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HiveMQ extension injects one shared broker everywhere, and a second one for {@link Limits}. */
@ExtendWith(HiveMqExtension.class)
class HiveMqExtensionIT {

    private final BrokerEndpoint fromConstructor;

    HiveMqExtensionIT(BrokerEndpoint broker) {
        this.fromConstructor = broker;
    }

    @Test
    void injectsTheSharedBrokerEverywhere(BrokerEndpoint broker) {
        assertEquals(fromConstructor, broker);
        assertEquals(broker, HiveMqExtension.endpoint());
        assertEquals("127.0.0.1", broker.host());
        assertEquals("mqtt://127.0.0.1:" + broker.port(), broker.uri());
        assertTrue(broker.is(BrokerEndpoint.HIVEMQ));
        assertTrue(Loopback.accepts(broker.port()));
    }

    @Test
    void limitsGiveAnotherBroker(@Limits(receiveMaximum = 2) BrokerEndpoint limited, BrokerEndpoint shared) {
        assertNotEquals(shared.port(), limited.port());
        assertTrue(Loopback.accepts(limited.port()));
    }
}
