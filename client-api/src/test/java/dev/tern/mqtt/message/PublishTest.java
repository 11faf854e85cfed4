package dev.tern.mqtt.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishTest {

    @Test
    void payloadIsACopyAndReadOnly() {
        byte[] bytes = {1, 2, 3};
        Publish p = Publish.builder().topic("a").payload(bytes).build();
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.payloadAsBytes());
        assertTrue(p.payload().isReadOnly());
        ByteBuffer view = p.payload();
        view.get();
        assertEquals(3, p.payload().remaining(), "each view is independent");
    }

    @Test
    void validatesTopicAndExpiry() {
        assertThrows(IllegalStateException.class, () -> Publish.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Publish.builder().topic("a/+").build());
        assertThrows(IllegalArgumentException.class,
                () -> Publish.builder().topic("a").messageExpiryInterval(-1L).build());
        assertThrows(IllegalArgumentException.class, () -> Publish.builder().topic("a").responseTopic("r/#").build());
    }

    @Test
    void toBuilderRoundTrips() {
        Publish p = Publish.builder().topic("t").payload("x").qos(Qos.EXACTLY_ONCE).retain(true)
                .contentType("text/plain").correlationData(new byte[] {7}).userProperty("a", "b")
                .messageExpiryInterval(10L).payloadFormat(PayloadFormat.UTF_8).build();
        assertEquals(p, p.toBuilder().build());
        assertEquals("x", p.payloadAsString());
    }

    @Test
    void subscriptionRejectsNoLocalOnSharedSubscriptions() {
        assertThrows(IllegalArgumentException.class,
                () -> Subscription.builder("$share/g/a").noLocal(true).build());
        assertEquals(Qos.AT_LEAST_ONCE, Subscription.builder("a").build().qos());
    }
}
