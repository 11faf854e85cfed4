package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Mosquitto extension: skipped with a message when mosquitto is missing (failed when CI is set). */
@ExtendWith(MosquittoExtension.class)
class MosquittoExtensionIT {

    @Test
    void injectsTheSharedMosquitto(BrokerEndpoint broker) {
        assertEquals(broker, MosquittoExtension.endpoint());
        assertTrue(broker.is(BrokerEndpoint.MOSQUITTO));
        assertTrue(Loopback.accepts(broker.port()));
    }
}
