package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The properties read from one property block, by identifier; an absent property reads as null. Filled by
 * {@link PropertyReader}, which has already checked types, ranges and repetitions.
 */
final class DecodedProperties {

    /** A block with no properties (property length 0), shared because it is never written to. */
    static final DecodedProperties EMPTY = new DecodedProperties();

    private final Object[] values = new Object[Property.ID_LIMIT];
    private List<UserProperty> userProperties = List.of();
    private List<Integer> subscriptionIdentifiers = List.of();

    boolean contains(Property property) {
        return values[property.id()] != null;
    }

    void put(Property property, Object value) {
        values[property.id()] = value;
    }

    void addUserProperty(UserProperty property) {
        if (userProperties.isEmpty()) {
            userProperties = new ArrayList<>();
        }
        userProperties.add(property);
    }

    void addSubscriptionIdentifier(int identifier) {
        if (subscriptionIdentifiers.isEmpty()) {
            subscriptionIdentifiers = new ArrayList<>();
        }
        subscriptionIdentifiers.add(identifier);
    }

    Integer integer(Property property) {
        return (Integer) values[property.id()];
    }

    Long fourByteInteger(Property property) {
        return (Long) values[property.id()];
    }

    String string(Property property) {
        return (String) values[property.id()];
    }

    ByteBuffer binary(Property property) {
        return (ByteBuffer) values[property.id()];
    }

    List<UserProperty> userProperties() {
        return userProperties;
    }

    List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    /** The one subscription identifier a SUBSCRIBE may carry, or null. */
    Integer subscriptionIdentifier() {
        return subscriptionIdentifiers.isEmpty() ? null : subscriptionIdentifiers.get(0);
    }
}
