package dev.tern.mqtt.netty.internal.codec;

import static dev.tern.mqtt.netty.internal.codec.PropertyContext.AUTH;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.CONNACK;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.CONNECT;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.DISCONNECT;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.PUBACK;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.PUBCOMP;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.PUBLISH;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.PUBREC;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.PUBREL;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.SUBACK;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.SUBSCRIBE;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.UNSUBACK;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.UNSUBSCRIBE;
import static dev.tern.mqtt.netty.internal.codec.PropertyContext.WILL;

/**
 * The MQTT 5.0 properties: identifier, data type and the packets that may carry them, from the table in
 * <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901029">MQTT 5.0 section 2.2.2.2</a>,
 * and the values each one allows, which both {@link PropertyReader} and {@link PropertySizer} check against:
 * <ul>
 * <li>every Byte property is a 0-or-1 value: Payload Format Indicator (3.3.2.3.2), Request Problem and Response
 * Information (3.1.2.11.7, 3.1.2.11.6), Maximum QoS (3.2.2.3.4) and the four "available" flags of CONNACK;</li>
 * <li>0 is not allowed for Receive Maximum (3.1.2.11.3, 3.2.2.3.3), Maximum Packet Size (3.1.2.11.4, 3.2.2.3.6),
 * Topic Alias ([MQTT-3.3.2-8]) and Subscription Identifier (3.3.2.3.8, 3.8.2.1.2);</li>
 * <li>every other integer may take any value of its data type.</li>
 * </ul>
 */
enum Property {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, PUBLISH, WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE_INTEGER, PUBLISH, WILL),
    CONTENT_TYPE(0x03, Type.STRING, PUBLISH, WILL),
    RESPONSE_TOPIC(0x08, Type.STRING, PUBLISH, WILL),
    CORRELATION_DATA(0x09, Type.BINARY, PUBLISH, WILL),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE_INTEGER, 1, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE_INTEGER, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.STRING, CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE_INTEGER, CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.STRING, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, CONNECT),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE_INTEGER, WILL),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.STRING, CONNACK),
    SERVER_REFERENCE(0x1C, Type.STRING, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, Type.STRING, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE_INTEGER, 1, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE_INTEGER, 1, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, CONNACK),
    USER_PROPERTY(0x26, Type.STRING_PAIR, CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP,
            SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE_INTEGER, 1, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, CONNACK),
    SUBSCRIPTION_IDENTIFIERS_AVAILABLE(0x29, Type.BYTE, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, CONNACK);

    /** The data types of section 1.5 a property value can have. */
    enum Type {
        BYTE, TWO_BYTE_INTEGER, FOUR_BYTE_INTEGER, VARIABLE_BYTE_INTEGER, STRING, BINARY, STRING_PAIR
    }

    /** One past the largest identifier defined. */
    static final int ID_LIMIT = 0x2B;

    private static final Property[] BY_ID = new Property[ID_LIMIT];

    static {
        for (Property property : values()) {
            BY_ID[property.id] = property;
        }
    }

    private final int id;
    private final Type type;
    private final long minimum;
    private final long maximum;
    private final int contexts;
    private final String label;
    private final String displayName;

    Property(int id, Type type, PropertyContext... contexts) {
        this(id, type, 0, contexts);
    }

    Property(int id, Type type, long minimum, PropertyContext... contexts) {
        this.id = id;
        this.type = type;
        this.minimum = minimum;
        this.maximum = maximumOf(type);
        this.label = String.format("property 0x%02X", id);
        this.displayName = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        int bits = 0;
        for (PropertyContext context : contexts) {
            bits |= context.bit();
        }
        this.contexts = bits;
    }

    int id() {
        return id;
    }

    /** "property 0x.." for error messages, made once so the decode path builds no strings. */
    String label() {
        return label;
    }

    /** "topic alias" for the encoder's error messages, made once so that no encode builds it. */
    String displayName() {
        return displayName;
    }

    Type type() {
        return type;
    }

    /** The smallest value allowed: 1 for the four properties where 0 is a Protocol Error, else 0. */
    long minimum() {
        return minimum;
    }

    /** The largest value allowed: 1 for a Byte property, else the largest of the data type. */
    long maximum() {
        return maximum;
    }

    /** Whether an integer property may have this value. */
    boolean allows(long value) {
        return value >= minimum && value <= maximum;
    }

    private static long maximumOf(Type type) {
        switch (type) {
            case BYTE:
                return 1;
            case TWO_BYTE_INTEGER:
                return 0xFFFF;
            case FOUR_BYTE_INTEGER:
                return 0xFFFF_FFFFL;
            case VARIABLE_BYTE_INTEGER:
                return VariableByteInteger.MAX_VALUE;
            default:
                return 0; // not an integer: strings, binary data and string pairs have no value range
        }
    }

    boolean allowedIn(PropertyContext context) {
        return (contexts & context.bit()) != 0;
    }

    /** The property with this identifier, or null if none is defined. */
    static Property fromId(int id) {
        return id >= 0 && id < ID_LIMIT ? BY_ID[id] : null;
    }
}
