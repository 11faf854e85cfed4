package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes properties already checked by {@link PropertySizer}: identifier, then value in its data type
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901027">MQTT 5.0 section
 * 2.2.2</a>). Strings are measured again here; that costs a pass over the characters but no allocation.
 */
final class PropertyWriter implements PropertySink {

    private final ByteBuf out;

    PropertyWriter(ByteBuf out) {
        this.out = out;
    }

    @Override
    public void byteProperty(Property property, Integer value) {
        if (value != null) {
            out.writeByte(property.id());
            out.writeByte(value);
        }
    }

    @Override
    public void twoByteProperty(Property property, Integer value) {
        if (value != null) {
            out.writeByte(property.id());
            out.writeShort(value);
        }
    }

    @Override
    public void fourByteProperty(Property property, Long value) {
        if (value != null) {
            out.writeByte(property.id());
            out.writeInt((int) value.longValue());
        }
    }

    @Override
    public void subscriptionIdentifiers(List<Integer> identifiers) {
        for (Integer identifier : identifiers) {
            out.writeByte(Property.SUBSCRIPTION_IDENTIFIER.id());
            VariableByteInteger.write(out, identifier);
        }
    }

    @Override
    public void stringProperty(Property property, String value) {
        if (value != null) {
            out.writeByte(property.id());
            Utf8.write(out, value, Utf8.encodedLength(value, "string"));
        }
    }

    @Override
    public void binaryProperty(Property property, ByteBuffer value) {
        if (value != null) {
            out.writeByte(property.id());
            writeBinary(out, value);
        }
    }

    @Override
    public void userProperties(List<UserProperty> properties) {
        for (UserProperty property : properties) {
            out.writeByte(Property.USER_PROPERTY.id());
            Utf8.write(out, property.name(), Utf8.encodedLength(property.name(), "user property name"));
            Utf8.write(out, property.value(), Utf8.encodedLength(property.value(), "user property value"));
        }
    }

    /** Writes Binary Data: a two-byte length and the bytes, leaving the caller's buffer position alone. */
    static void writeBinary(ByteBuf out, ByteBuffer value) {
        out.writeShort(value.remaining());
        out.writeBytes(value.duplicate());
    }
}
