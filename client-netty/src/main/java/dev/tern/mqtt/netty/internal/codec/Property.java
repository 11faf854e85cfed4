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
 * <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901029">MQTT 5.0 section 2.2.2.2</a>.
 */
enum Property {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, PUBLISH, WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE_INTEGER, PUBLISH, WILL),
    CONTENT_TYPE(0x03, Type.STRING, PUBLISH, WILL),
    RESPONSE_TOPIC(0x08, Type.STRING, PUBLISH, WILL),
    CORRELATION_DATA(0x09, Type.BINARY, PUBLISH, WILL),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE_INTEGER, PUBLISH, SUBSCRIBE),
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
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE_INTEGER, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, CONNACK),
    USER_PROPERTY(0x26, Type.STRING_PAIR, CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP,
            SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE_INTEGER, CONNECT, CONNACK),
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
    private final int contexts;
    private final String label;

    Property(int id, Type type, PropertyContext... contexts) {
        this.id = id;
        this.type = type;
        this.label = String.format("property 0x%02X", id);
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

    Type type() {
        return type;
    }

    boolean allowedIn(PropertyContext context) {
        return (contexts & context.bit()) != 0;
    }

    /** The property with this identifier, or null if none is defined. */
    static Property fromId(int id) {
        return id >= 0 && id < ID_LIMIT ? BY_ID[id] : null;
    }
}
