package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Adds up the encoded size of a property block (without its length prefix) and checks every value fits its data
 * type (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901006">MQTT 5.0 section
 * 1.5</a>), so that writing can no longer fail.
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
            check(property, value, 0xFF);
            size += 2;
        }
    }

    @Override
    public void twoByteProperty(Property property, Integer value) {
        if (value != null) {
            check(property, value, 0xFFFF);
            size += 3;
        }
    }

    @Override
    public void fourByteProperty(Property property, Long value) {
        if (value != null) {
            check(property, value, 0xFFFF_FFFFL);
            size += 5;
        }
    }

    @Override
    public void subscriptionIdentifiers(List<Integer> identifiers) {
        for (Integer identifier : identifiers) {
            // 0 is encodable but a Protocol Error (section 3.3.2.3.8); refuse to send it.
            if (identifier == null || identifier < 1 || identifier > VariableByteInteger.MAX_VALUE) {
                throw new IllegalArgumentException("subscription identifier must be 1.."
                        + VariableByteInteger.MAX_VALUE + ", was " + identifier);
            }
            size += 1 + VariableByteInteger.encodedSize(identifier);
        }
    }

    @Override
    public void stringProperty(Property property, String value) {
        if (value != null) {
            size += 3 + Utf8.encodedLength(value, name(property));
        }
    }

    @Override
    public void binaryProperty(Property property, ByteBuffer value) {
        if (value != null) {
            size += 3 + binaryLength(value, name(property));
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

    private static void check(Property property, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name(property) + " must be 0.." + max + ", was " + value);
        }
    }

    private static String name(Property property) {
        return property.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
