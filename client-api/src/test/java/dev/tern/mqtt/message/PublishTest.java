package dev.tern.mqtt.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    void userPropertiesStayInOrderAndImmutableWhateverWayTheyAreSet() {
        List<UserProperty> given = new ArrayList<>(
                List.of(UserProperty.of("a", "1"), UserProperty.of("b", "2")));
        Publish.Builder builder = Publish.builder().topic("t").userProperties(given);
        given.add(UserProperty.of("c", "3"));
        Publish first = builder.userProperty("a", "4").build();
        Publish second = builder.userProperty("d", "5").build();

        assertEquals(List.of(UserProperty.of("a", "1"), UserProperty.of("b", "2"), UserProperty.of("a", "4")),
                first.userProperties(), "a later change to the list or the builder is not seen");
        assertEquals(4, second.userProperties().size());
        assertThrows(UnsupportedOperationException.class, () -> first.userProperties().add(UserProperty.of("x", "y")));
        Publish derived = first.toBuilder().userProperty("e", "6").build();
        assertEquals(3, first.userProperties().size(), "toBuilder does not share a list it adds to");
        assertEquals(4, derived.userProperties().size());
        assertTrue(Publish.builder().topic("t").build().userProperties().isEmpty());
        assertThrows(NullPointerException.class,
                () -> Publish.builder().userProperties(Arrays.asList((UserProperty) null)));
    }

    @Test
    void subscriptionIdentifiersAreCopied() {
        List<Integer> given = new ArrayList<>(List.of(3, 1));
        Publish p = Publish.builder().topic("t").subscriptionIdentifiers(given).build();
        given.clear();
        assertEquals(List.of(3, 1), p.subscriptionIdentifiers());
        assertThrows(UnsupportedOperationException.class, () -> p.subscriptionIdentifiers().add(2));
    }

    @Test
    void subscriptionRejectsNoLocalOnSharedSubscriptions() {
        assertThrows(IllegalArgumentException.class,
                () -> Subscription.builder("$share/g/a").noLocal(true).build());
        assertEquals(Qos.AT_LEAST_ONCE, Subscription.builder("a").build().qos());
    }
}
