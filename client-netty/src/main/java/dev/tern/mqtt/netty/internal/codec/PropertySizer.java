package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Adds up the encoded size of a property block (without its length prefix) and checks every value fits its data
 * type (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901006">MQTT 5.0 section
 * 1.5</a>) and is one the receiver accepts ({@link Property#allows}, the same check {@link PropertyReader} makes),
 * so that writing can no longer fail and never writes what the peer must reject.
 */
final class PropertySizer implements PropertySink {

    private int size;

    /** The encoded size of the properties seen so far. */
    int size() {
        return size;
    }

    @Override
    public void byteProperty(Property property, Integer value) {
        if (value != null) {
            check(property, value);
            size += 2;
        }
    }

    @Override
    public void twoByteProperty(Property property, Integer value) {
        if (value != null) {
            check(property, value);
            size += 3;
        }
    }

    @Override
    public void fourByteProperty(Property property, Long value) {
        if (value != null) {
            check(property, value);
            size += 5;
        }
    }

    @Override
    public void subscriptionIdentifiers(List<Integer> identifiers) {
        for (Integer identifier : identifiers) {
            if (identifier == null) {
                throw new IllegalArgumentException("subscription identifier is null");
            }
            check(Property.SUBSCRIPTION_IDENTIFIER, identifier);
            size += 1 + VariableByteInteger.encodedSize(identifier);
        }
    }

    @Override
    public void stringProperty(Property property, String value) {
        if (value != null) {
            size += 3 + Utf8.encodedLength(value, property.displayName());
        }
    }

    @Override
    public void binaryProperty(Property property, ByteBuffer value) {
        if (value != null) {
            size += 3 + binaryLength(value, property.displayName());
        }
    }

    @Override
    public void userProperties(List<UserProperty> properties) {
        for (UserProperty property : properties) {
            size += 5 + Utf8.encodedLength(property.name(), "user property name")
                    + Utf8.encodedLength(property.value(), "user property value");
        }
    }

    /** The size of a property block of {@code propertiesLength} bytes with its Variable Byte Integer prefix. */
    static int withLengthPrefix(int propertiesLength) {
        return VariableByteInteger.encodedSize(propertiesLength) + propertiesLength;
    }

    /** The length of Binary Data, which the two-byte prefix limits to 65,535 bytes (MQTT 5.0 section 1.5.6). */
    static int binaryLength(ByteBuffer value, String what) {
        int length = value.remaining();
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(what + " is " + length + " bytes, more than 65535");
        }
        return length;
    }

    private static void check(Property property, long value) {
        if (!property.allows(value)) {
            throw new IllegalArgumentException(property.displayName() + " must be " + property.minimum() + ".."
                    + property.maximum() + ", was " + value);
        }
    }
}
