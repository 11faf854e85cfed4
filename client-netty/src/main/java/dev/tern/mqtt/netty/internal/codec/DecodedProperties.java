package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The properties read from one property block, by identifier; an absent property reads as null. Filled by
 * {@link PropertyReader}, which has already checked types, ranges and repetitions.
 *
 * <p>Sized for the packet it belongs to: the values sit in an array with one slot per single-valued property that
 * packet allows (6 for PUBLISH, 1 for PUBACK, 16 for CONNACK), made when the first such value is read, so a PUBLISH
 * with only user properties allocates none. One array of every identifier cost 192 bytes per block.
 */
final class DecodedProperties {

    /** Per context (by ordinal): each identifier's slot in {@link #values}, -1 where it has none. */
    private static final byte[][] SLOTS = new byte[PropertyContext.values().length][];
    /** Per context: how many slots. */
    private static final int[] SLOT_COUNTS = new int[PropertyContext.values().length];
    /** No identifier has a slot: for {@link #EMPTY}. */
    private static final byte[] NO_SLOTS = new byte[Property.ID_LIMIT];

    static {
        Arrays.fill(NO_SLOTS, (byte) -1);
        for (PropertyContext context : PropertyContext.values()) {
            byte[] slots = NO_SLOTS.clone();
            int count = 0;
            for (Property property : Property.values()) {
                if (property.allowedIn(context) && !isList(property)) {
                    slots[property.id()] = (byte) count++;
                }
            }
            SLOTS[context.ordinal()] = slots;
            SLOT_COUNTS[context.ordinal()] = count;
        }
    }

    /**
     * A block with no properties (property length 0), shared because it is never written to. Declared after the
     * tables above because its constructor reads them.
     */
    static final DecodedProperties EMPTY = new DecodedProperties(null);

    private final byte[] slots;
    private final int slotCount;
    /** Made on the first {@link #put}. */
    private Object[] values;
    private List<UserProperty> userProperties = List.of();
    private List<Integer> subscriptionIdentifiers = List.of();

    /** An empty set for a block of {@code context}; null only for {@link #EMPTY}. */
    DecodedProperties(PropertyContext context) {
        this.slots = context == null ? NO_SLOTS : SLOTS[context.ordinal()];
        this.slotCount = context == null ? 0 : SLOT_COUNTS[context.ordinal()];
    }

    /** The two properties that may repeat: kept in their lists, never in a slot. */
    private static boolean isList(Property property) {
        return property == Property.USER_PROPERTY || property == Property.SUBSCRIPTION_IDENTIFIER;
    }

    boolean contains(Property property) {
        return value(property) != null;
    }

    /** Stores a single-valued property allowed in this block's packet (the reader has checked both). */
    void put(Property property, Object value) {
        int slot = slots[property.id()];
        if (slot < 0) {
            throw new IllegalStateException(property + " has no slot here"); // a reader bug, not bad input
        }
        if (values == null) {
            values = new Object[slotCount];
        }
        values[slot] = value;
    }

    private Object value(Property property) {
        int slot = slots[property.id()];
        return slot < 0 || values == null ? null : values[slot];
    }

    void addUserProperty(UserProperty property) {
        userProperties = appended(userProperties, property);
    }

    void addSubscriptionIdentifier(int identifier) {
        subscriptionIdentifiers = appended(subscriptionIdentifiers, identifier);
    }

    /**
     * The list with one more element. Why not one ArrayList from the start: most packets carry exactly one (a
     * subscriber's messages each name the subscription identifier), and an immutable {@code List.of(e)} is kept as
     * it is by the packet record and by {@code Publish}, where an ArrayList was copied twice per message.
     */
    private static <T> List<T> appended(List<T> list, T element) {
        if (list.isEmpty()) {
            return List.of(element);
        }
        if (!(list instanceof ArrayList)) {
            list = new ArrayList<>(list);
        }
        list.add(element);
        return list;
    }

    Integer integer(Property property) {
        return (Integer) value(property);
    }

    Long fourByteInteger(Property property) {
        return (Long) value(property);
    }

    String string(Property property) {
        return (String) value(property);
    }

    ByteBuffer binary(Property property) {
        return (ByteBuffer) value(property);
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
