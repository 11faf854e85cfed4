package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.message.UserProperty;

/**
 * Reads one property block: a Variable Byte Integer length, then properties until exactly that many bytes are
 * used (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901027">MQTT 5.0 section
 * 2.2.2</a>). It enforces what the spec requires of every property:
 * <ul>
 * <li>an identifier not defined, or not allowed in this packet, is MALFORMED_PACKET (section 2.2.2.2: "A Control
 * Packet which contains an Identifier which is not valid for its packet type, or contains a value not of the
 * specified data type, is a Malformed Packet");</li>
 * <li>a property that ends past the property length, or a property length past the packet, is MALFORMED_PACKET;</li>
 * <li>a repeated property is PROTOCOL_ERROR, except User Property and, in PUBLISH, Subscription Identifier (every
 * property section says "It is a Protocol Error to include ... more than once");</li>
 * <li>values outside the range {@link Property#allows} gives are PROTOCOL_ERROR as each property's section says:
 * Receive Maximum 0 (3.1.2.11.3, 3.2.2.3.3), Maximum Packet Size 0 (3.1.2.11.4, 3.2.2.3.6), Subscription
 * Identifier 0 (3.3.2.3.8, 3.8.2.1.2), Maximum QoS other than 0 or 1 (3.2.2.3.4), and a yes/no byte other than 0
 * or 1 (Request Problem and Response Information, Retain / Wildcard / Subscription Identifier / Shared Subscription
 * Available, Payload Format Indicator);</li>
 * <li>except Topic Alias 0, which is TOPIC_ALIAS_INVALID (0x94): section 3.3.4, "A Topic Alias value of 0 or
 * greater than the Maximum Topic Alias is a Protocol Error, the receiver uses DISCONNECT with Reason Code of 0x94
 * (Topic Alias invalid)". An alias above our maximum is checked by the session, which knows the maximum.</li>
 * </ul>
 */
final class PropertyReader {

    private PropertyReader() {
    }

    /** Reads the property length and the properties it covers. */
    static DecodedProperties read(PacketReader packet, PropertyContext context) {
        int length = packet.readVariableByteInteger("property length");
        if (length == 0) {
            return DecodedProperties.EMPTY;
        }
        if (length > packet.remaining()) {
            throw packet.malformed("property length " + length + " runs past the end of the packet");
        }
        PacketReader block = packet.split(length, "properties");
        DecodedProperties properties = new DecodedProperties(context);
        while (block.hasRemaining()) {
            int id = block.readVariableByteInteger("property identifier");
            Property property = Property.fromId(id);
            if (property == null || !property.allowedIn(context)) {
                throw MqttDecodeException.malformed(
                        String.format("property 0x%02X is not allowed in %s", id, context));
            }
            readValue(block, property, properties, context);
        }
        return properties;
    }

    private static void readValue(PacketReader block, Property property, DecodedProperties properties,
            PropertyContext context) {
        String what = property.label();
        switch (property) {
            case USER_PROPERTY:
                String name = block.readString("user property name");
                String value = block.readString("user property value");
                properties.addUserProperty(new UserProperty(name, value));
                return;
            case SUBSCRIPTION_IDENTIFIER:
                int identifier = block.readVariableByteInteger(what);
                if (context != PropertyContext.PUBLISH && !properties.subscriptionIdentifiers().isEmpty()) {
                    throw duplicate(property, context);
                }
                if (!property.allows(identifier)) {
                    throw outOfRange(property, context, identifier);
                }
                properties.addSubscriptionIdentifier(identifier);
                return;
            default:
                break;
        }
        if (properties.contains(property)) {
            throw duplicate(property, context);
        }
        switch (property.type()) {
            case BYTE:
                int b = block.readByte(what);
                if (!property.allows(b)) {
                    throw outOfRange(property, context, b);
                }
                properties.put(property, b);
                break;
            case TWO_BYTE_INTEGER:
                int twoBytes = block.readTwoByteInteger(what);
                if (!property.allows(twoBytes)) {
                    throw outOfRange(property, context, twoBytes);
                }
                properties.put(property, twoBytes);
                break;
            case FOUR_BYTE_INTEGER:
                long fourBytes = block.readFourByteInteger(what);
                if (!property.allows(fourBytes)) {
                    throw outOfRange(property, context, fourBytes);
                }
                properties.put(property, fourBytes);
                break;
            case STRING:
                properties.put(property, block.readString(what));
                break;
            case BINARY:
                properties.put(property, block.readBinary(what));
                break;
            default:
                throw new AssertionError(property);
        }
    }

    private static MqttDecodeException duplicate(Property property, PropertyContext context) {
        return MqttDecodeException.protocolError(
                String.format("duplicate property 0x%02X in %s", property.id(), context));
    }

    private static MqttDecodeException outOfRange(Property property, PropertyContext context, long value) {
        String message = String.format("property 0x%02X has the invalid value %d in %s", property.id(), value,
                context);
        return property == Property.TOPIC_ALIAS
                ? MqttDecodeException.topicAliasInvalid(message) : MqttDecodeException.protocolError(message);
    }
}
