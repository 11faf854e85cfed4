package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Receives the properties of one block, in the order they go on the wire. Each packet encoder lists its
 * properties once, in ascending identifier order, and runs that list through {@link PropertySizer} to learn the
 * property length and then through {@link PropertyWriter} to write it. A null value means "absent" and is skipped.
 */
interface PropertySink {

    void byteProperty(Property property, Integer value);

    void twoByteProperty(Property property, Integer value);

    void fourByteProperty(Property property, Long value);

    /** Subscription identifiers, written once each in list order. */
    void subscriptionIdentifiers(List<Integer> identifiers);

    void stringProperty(Property property, String value);

    void binaryProperty(Property property, ByteBuffer value);

    /** User properties, written once each in list order (the order is significant, MQTT 5.0 section 3.3.2.3.7). */
    void userProperties(List<UserProperty> properties);
}
