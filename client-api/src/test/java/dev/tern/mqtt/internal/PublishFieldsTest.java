package dev.tern.mqtt.internal;

import dev.tern.mqtt.message.PayloadFormat;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishFieldsTest {

    private static final PublishFields.Reader FIELDS = PublishFields.reader();

    @Test
    void theReaderIsTheOneRegisteredAndTheSameEachTime() {
        assertSame(FIELDS, PublishFields.reader());
    }

    @Test
    void readsThePayloadHeldWithoutAViewPerCall() {
        Publish p = Publish.builder().topic("t").payload(new byte[] {1, 2, 3}).build();
        ByteBuffer held = FIELDS.payload(p);
        assertSame(held, FIELDS.payload(p));
        assertTrue(held.isReadOnly());
        assertEquals(0, held.position());
        assertEquals(p.payload(), held);
    }

    @Test
    void aMessageWithoutPropertiesReadsAsNullsAndHasNone() {
        Publish p = Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build();
        assertFalse(FIELDS.hasProperties(p));
        assertNull(FIELDS.payloadFormat(p));
        assertNull(FIELDS.messageExpiryInterval(p));
        assertNull(FIELDS.contentType(p));
        assertNull(FIELDS.responseTopic(p));
        assertNull(FIELDS.correlationData(p));
    }

    @Test
    void readsEachPropertyAsThePublicAccessorsDo() {
        Publish p = Publish.builder().topic("t").payloadFormat(PayloadFormat.UTF_8).messageExpiryInterval(60L)
                .contentType("text/plain").responseTopic("r").correlationData(new byte[] {7}).build();
        assertTrue(FIELDS.hasProperties(p));
        assertEquals(p.payloadFormat().orElseThrow(), FIELDS.payloadFormat(p));
        assertEquals(p.messageExpiryInterval().getAsLong(), FIELDS.messageExpiryInterval(p));
        assertEquals(p.contentType().orElseThrow(), FIELDS.contentType(p));
        assertEquals(p.responseTopic().orElseThrow(), FIELDS.responseTopic(p));
        assertEquals(p.correlationData().orElseThrow(), FIELDS.correlationData(p));
    }

    @Test
    void anyOnePropertyCountsButSubscriptionIdentifiersDoNot() {
        List<UnaryOperator<Publish.Builder>> each = List.of(
                b -> b.payloadFormat(PayloadFormat.UNSPECIFIED),
                b -> b.messageExpiryInterval(1L),
                b -> b.contentType("c"),
                b -> b.responseTopic("r"),
                b -> b.correlationData(new byte[0]),
                b -> b.userProperty("k", "v"));
        for (UnaryOperator<Publish.Builder> set : each) {
            assertTrue(FIELDS.hasProperties(set.apply(Publish.builder().topic("t")).build()));
        }
        assertFalse(FIELDS.hasProperties(Publish.builder().topic("t").subscriptionIdentifiers(List.of(3)).build()));
    }
}
