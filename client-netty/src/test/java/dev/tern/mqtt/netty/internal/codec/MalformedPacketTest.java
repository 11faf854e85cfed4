package dev.tern.mqtt.netty.internal.codec;

import static dev.tern.mqtt.netty.internal.codec.TestBytes.bytes;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.concat;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.hex;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.WillMessage;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.PubCompReasonCode;
import dev.tern.mqtt.reason.PubRecReasonCode;
import dev.tern.mqtt.reason.PubRelReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of malformed inputs, each with the exact reason code the decoder must report. The reason code follows the
 * MQTT 5.0 specification where it names one ("is a Malformed Packet", "is a Protocol Error", 0x95 for a packet over
 * the Maximum Packet Size); where it only says MUST, the definitions of section 1.2 decide: bytes that cannot be
 * parsed into the packet's structure are a Malformed Packet, a parsed value the protocol forbids is a Protocol Error.
 * MQTT 3.1.1 has no reason codes (it only says "close the Network Connection"), so its cases use the same split.
 * Each case names the statement it proves, as [MQTT-x.y.z-n] or a section number.
 */
class MalformedPacketTest {

    private static final MqttVersion V5 = MqttVersion.MQTT_5_0;
    private static final MqttVersion V311 = MqttVersion.MQTT_3_1_1;
    private static final DisconnectReasonCode MALFORMED = DisconnectReasonCode.MALFORMED_PACKET;
    private static final DisconnectReasonCode PROTOCOL = DisconnectReasonCode.PROTOCOL_ERROR;
    private static final DisconnectReasonCode TOO_LARGE = DisconnectReasonCode.PACKET_TOO_LARGE;
    private static final DisconnectReasonCode TOPIC_ALIAS_INVALID = DisconnectReasonCode.TOPIC_ALIAS_INVALID;
    private static final int NO_LIMIT = VectorChecks.MAXIMUM_PACKET_SIZE;

    /** One malformed input. */
    record Case(String name, MqttVersion version, DisconnectReasonCode expected, int maximumPacketSize, byte[] bytes) {
        @Override
        public String toString() {
            return (version == V5 ? "5.0 " : "3.1.1 ") + name;
        }
    }

    private static Case c(String name, MqttVersion version, DisconnectReasonCode expected, int... bytes) {
        return new Case(name, version, expected, NO_LIMIT, bytes(bytes));
    }

    private static Case c(String name, MqttVersion version, DisconnectReasonCode expected, byte[] bytes) {
        return new Case(name, version, expected, NO_LIMIT, bytes);
    }

    /** A valid vector with only its first byte (packet type and flags) replaced. */
    private static Case flags(String name, Vector vector, int firstByte, DisconnectReasonCode expected) {
        byte[] bytes = vector.bytes().clone();
        bytes[0] = (byte) firstByte;
        return new Case(name, vector.version(), expected, NO_LIMIT, bytes);
    }

    private static Case tooLarge(String name, MqttVersion version, int maximumPacketSize, int... bytes) {
        return new Case(name, version, TOO_LARGE, maximumPacketSize, bytes(bytes));
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        fixedHeader(cases);
        remainingLength(cases);
        properties(cases);
        propertyValues(cases);
        utf8(cases);
        topics(cases);
        reservedFlags(cases);
        packetIdentifiers(cases);
        subscribe(cases);
        connect(cases);
        reasonCodes(cases);
        oversized(cases);
        return cases;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void fixedHeader(List<Case> cases) {
        cases.add(c("packet type 0 is reserved, forbidden (2.1.2)", V5, MALFORMED, 0x00, 0x00));
        cases.add(c("packet type 0 is reserved, forbidden (2.2.1)", V311, MALFORMED, 0x00, 0x00));
        cases.add(c("packet type 15 (AUTH) does not exist in 3.1.1 (2.2.1: reserved)", V311, MALFORMED,
                0xF0, 0x00));
        cases.add(c("PUBLISH with both QoS bits set [MQTT-3.3.1-4]", V5, MALFORMED,
                flags("", Mqtt5VectorsTest.publishQos1DupRetainEmptyPayload(), 0x36, MALFORMED).bytes()));
        cases.add(c("PUBLISH with both QoS bits set [MQTT-3.3.1-4]", V311, MALFORMED,
                flags("", Mqtt311VectorsTest.publishQos1DupRetain(), 0x36, MALFORMED).bytes()));
        cases.add(c("PUBLISH QoS 0 with DUP set: invalid flags [MQTT-3.3.1-2], 2.1.3", V5, MALFORMED,
                flags("", Mqtt5VectorsTest.publishQos0(), 0x38, MALFORMED).bytes()));
        cases.add(c("PUBLISH QoS 0 with DUP set: invalid flags [MQTT-3.3.1-2], [MQTT-2.2.2-2]", V311, MALFORMED,
                flags("", Mqtt311VectorsTest.publishQos0(), 0x38, MALFORMED).bytes()));
    }

    private static void remainingLength(List<Case> cases) {
        cases.add(c("remaining length in five bytes: at most four (1.5.5)", V5, MALFORMED,
                0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
        cases.add(c("remaining length in five bytes: at most four (2.2.3)", V311, MALFORMED,
                0xC0, 0x80, 0x80, 0x80, 0x80, 0x00));
        cases.add(c("remaining length 0 written as 0x80 0x00, not minimal [MQTT-1.5.5-1]", V5, MALFORMED,
                0xC0, 0x80, 0x00));
        cases.add(c("remaining length 127 written as 0xFF 0x00, not minimal [MQTT-1.5.5-1]", V5, MALFORMED, concat(
                bytes(0x30, 0xFF, 0x00,             // PUBLISH, remaining length 127 in two bytes
                        0x00, 0x01, 'a',            // topic "a"
                        0x00),                      // property length 0
                repeat('x', 123))));                // payload
        cases.add(c("property length written as 0x80 0x00, not minimal [MQTT-1.5.5-1]", V5, MALFORMED,
                0x20, 0x04, 0x00, 0x00, 0x80, 0x00));
        cases.add(c("subscription identifier 1 written as 0x81 0x00, not minimal [MQTT-1.5.5-1]", V5, MALFORMED,
                0x30, 0x07, 0x00, 0x01, 't', 0x03, 0x0B, 0x81, 0x00));
        cases.add(c("remaining length 0 in four bytes, not minimal [MQTT-1.5.5-1]", V5, MALFORMED,
                0xC0, 0x80, 0x80, 0x80, 0x00));
        cases.add(c("property identifier 0x11 written as 0x91 0x00, not minimal [MQTT-1.5.5-1]", V5, MALFORMED,
                0x20, 0x09, 0x00, 0x00, 0x06, 0x91, 0x00, 0x00, 0x00, 0x00, 0x01));
        cases.add(c("CONNACK without property length [MQTT-2.2.2-1]", V5, MALFORMED,
                0x20, 0x02, 0x00, 0x00));
        cases.add(c("PUBLISH without property length [MQTT-2.2.2-1]", V5, MALFORMED,
                0x30, 0x03, 0x00, 0x01, 't'));
        cases.add(c("remaining length shorter than the topic name (3.3.2.1)", V5, MALFORMED,
                0x30, 0x04, 0x00, 0x05, 'a', 'b'));
        cases.add(c("remaining length shorter than the topic name (3.3.2.1)", V311, MALFORMED,
                0x30, 0x04, 0x00, 0x05, 'a', 'b'));
        cases.add(c("remaining length ends inside the packet identifier (3.3.2.2)", V311, MALFORMED,
                0x32, 0x04, 0x00, 0x01, 't', 0x00));
        cases.add(c("PUBACK remaining length 1 (3.4.2)", V5, MALFORMED, 0x40, 0x01, 0x00));
        cases.add(c("PUBACK remaining length 3: longer than its variable header (3.4.1)", V311, MALFORMED,
                0x40, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("CONNACK remaining length 3: longer than its variable header (3.2.1)", V311, MALFORMED,
                0x20, 0x03, 0x00, 0x00, 0x00));
        cases.add(c("CONNACK with a byte after the properties: no payload (3.2.3)", V5, MALFORMED,
                0x20, 0x04, 0x00, 0x00, 0x00, 0xFF));
        cases.add(c("PINGRESP with one byte of body (3.13)", V5, MALFORMED, 0xD0, 0x01, 0x00));
        cases.add(c("PINGREQ with one byte of body (3.12)", V311, MALFORMED, 0xC0, 0x01, 0x00));
        cases.add(c("DISCONNECT with one byte of body (3.14)", V311, MALFORMED, 0xE0, 0x01, 0x00));
        cases.add(c("PUBREL remaining length 3 (3.6.1)", V311, MALFORMED, 0x62, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("UNSUBACK remaining length 3 (3.11.1)", V311, MALFORMED, 0xB0, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("CONNECT with a byte after the payload [MQTT-3.1.3-1]", V5, MALFORMED,
                0x10, 0x12,                         // CONNECT, remaining length 18
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C, 0x00,
                0x00, 0x04, 't', 'e', 'r', 'n',     // client identifier
                0x00));                             // extra byte
    }

    private static void properties(List<Case> cases) {
        cases.add(c("property length 5 with no bytes left (2.2.2.1)", V5, MALFORMED,
                0x20, 0x03, 0x00, 0x00, 0x05));
        cases.add(c("property length VBI runs past the packet (2.2.2.1)", V5, MALFORMED,
                0x20, 0x03, 0x00, 0x00, 0x80));
        cases.add(c("truncated property: session expiry interval with 2 of 4 bytes (2.2.2.2)", V5, MALFORMED,
                0x20, 0x06, 0x00, 0x00, 0x03, 0x11, 0x00, 0x00));
        cases.add(c("truncated property: reason string length 5 with 2 bytes (2.2.2.2)", V5, MALFORMED,
                0x40, 0x09, 0x00, 0x01, 0x80, 0x05, 0x1F, 0x00, 0x05, 'a', 'b'));
        cases.add(c("user property without its value [MQTT-1.5.7-1]", V5, MALFORMED,
                0x20, 0x07, 0x00, 0x00, 0x04, 0x26, 0x00, 0x01, 'k'));
        cases.add(c("correlation data longer than the property length (2.2.2.2)", V5, MALFORMED,
                0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x09, 0x00, 0x0A, 0x01));
        cases.add(c("unknown property identifier 0x7F (2.2.2.2)", V5, MALFORMED,
                0x20, 0x05, 0x00, 0x00, 0x02, 0x7F, 0x00));
        cases.add(c("property identifier 0x00 (2.2.2.2)", V5, MALFORMED,
                0x40, 0x06, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00));
        // "A Control Packet which contains an Identifier which is not valid for its packet type ... is a
        // Malformed Packet" (2.2.2.2).
        cases.add(c("PUBACK with a session expiry interval: not valid for PUBACK (2.2.2.2)", V5, MALFORMED,
                0x40, 0x09, 0x00, 0x01, 0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x0A));
        cases.add(c("PUBLISH with a session expiry interval: not valid for PUBLISH (2.2.2.2)", V5, MALFORMED,
                0x30, 0x09, 0x00, 0x01, 't', 0x05, 0x11, 0x00, 0x00, 0x00, 0x00));
        cases.add(c("CONNACK with a topic alias: not valid for CONNACK (2.2.2.2)", V5, MALFORMED,
                0x20, 0x06, 0x00, 0x00, 0x03, 0x23, 0x00, 0x01));
        cases.add(c("SUBSCRIBE with a reason string: not valid for SUBSCRIBE (2.2.2.2)", V5, MALFORMED,
                0x82, 0x0B, 0x00, 0x01, 0x04, 0x1F, 0x00, 0x01, 'r', 0x00, 0x01, 'a', 0x00));
        cases.add(c("SUBACK with a topic alias: not valid for SUBACK (2.2.2.2)", V5, MALFORMED,
                0x90, 0x07, 0x00, 0x01, 0x03, 0x23, 0x00, 0x01, 0x00));
        cases.add(c("UNSUBSCRIBE with a subscription identifier: not valid for UNSUBSCRIBE (2.2.2.2)", V5,
                MALFORMED, 0xA2, 0x08, 0x00, 0x01, 0x02, 0x0B, 0x01, 0x00, 0x01, 'a'));
        cases.add(c("will properties with a session expiry interval: not a will property (2.2.2.2)", V5,
                MALFORMED, 0x10, 0x18, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c', 0x05, 0x11, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'w', 0x00, 0x00));
        cases.add(c("DISCONNECT with an assigned client identifier: not valid for DISCONNECT (2.2.2.2)", V5,
                MALFORMED, 0xE0, 0x06, 0x00, 0x04, 0x12, 0x00, 0x01, 'x'));
        cases.add(c("will properties with a topic alias: not valid as a will property (2.2.2.2)", V5, MALFORMED,
                0x10, 0x17,                         // CONNECT, remaining length 23
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                0x06,                               // will flag, clean start
                0x00, 0x00, 0x00,                   // keep alive 0, property length 0
                0x00, 0x01, 'c',                    // client identifier
                0x03, 0x23, 0x00, 0x01,             // will properties: topic alias 1
                0x00, 0x01, 'w',                    // will topic
                0x00, 0x00));                       // will payload
        // Duplicates: "It is a Protocol Error to include the ... more than once."
        cases.add(c("CONNACK with two session expiry intervals (3.2.2.3.2)", V5, PROTOCOL,
                0x20, 0x0D, 0x00, 0x00, 0x0A, 0x11, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x00, 0x02));
        cases.add(c("CONNACK with two maximum packet sizes (3.2.2.3.6)", V5, PROTOCOL,
                0x20, 0x0D, 0x00, 0x00, 0x0A, 0x27, 0x00, 0x00, 0x01, 0x00, 0x27, 0x00, 0x00, 0x02, 0x00));
        cases.add(c("PUBLISH with two topic aliases (3.3.2.3.4)", V5, PROTOCOL,
                0x30, 0x0A, 0x00, 0x01, 't', 0x06, 0x23, 0x00, 0x01, 0x23, 0x00, 0x02));
        cases.add(c("PUBLISH with two payload format indicators (3.3.2.3.2)", V5, PROTOCOL,
                0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x01, 0x00, 0x01, 0x01));
        cases.add(c("PUBACK with two reason strings (3.4.2.2.2)", V5, PROTOCOL,
                0x40, 0x0C, 0x00, 0x01, 0x80, 0x08, 0x1F, 0x00, 0x01, 'a', 0x1F, 0x00, 0x01, 'b'));
        cases.add(c("SUBSCRIBE with two subscription identifiers (3.8.2.1.2)", V5, PROTOCOL,
                0x82, 0x0B, 0x00, 0x01, 0x04, 0x0B, 0x01, 0x0B, 0x02, 0x00, 0x01, 'a', 0x00));
        cases.add(c("AUTH with two authentication methods (3.15.2.2.2)", V5, PROTOCOL,
                0xF0, 0x0A, 0x18, 0x08, 0x15, 0x00, 0x01, 'a', 0x15, 0x00, 0x01, 'b'));
        cases.add(c("AUTH with two authentication data (3.15.2.2.3)", V5, PROTOCOL,
                0xF0, 0x0E, 0x18, 0x0C, 0x15, 0x00, 0x01, 'M', 0x16, 0x00, 0x01, 0x01, 0x16, 0x00, 0x01, 0x02));
        cases.add(c("will properties with two will delay intervals (3.1.3.2.2)", V5, PROTOCOL,
                0x10, 0x1E,                         // CONNECT, remaining length 30
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c',                    // client identifier
                0x0A,                               // will property length 10
                0x18, 0x00, 0x00, 0x00, 0x01,       //   will delay interval 1
                0x18, 0x00, 0x00, 0x00, 0x02,       //   will delay interval 2
                0x00, 0x01, 'w', 0x00, 0x00));      // will topic, will payload
    }

    private static void propertyValues(List<Case> cases) {
        cases.add(c("CONNACK receive maximum 0 (3.2.2.3.3)", V5, PROTOCOL,
                0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x00));
        cases.add(c("CONNACK maximum QoS 2 (3.2.2.3.4)", V5, PROTOCOL,
                0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02));
        cases.add(c("CONNACK retain available 2, a boolean (3.2.2.3.5)", V5, PROTOCOL,
                0x20, 0x05, 0x00, 0x00, 0x02, 0x25, 0x02));
        cases.add(c("CONNACK wildcard subscription available 2 (3.2.2.3.11)", V5, PROTOCOL,
                0x20, 0x05, 0x00, 0x00, 0x02, 0x28, 0x02));
        cases.add(c("CONNACK subscription identifiers available 2 (3.2.2.3.12)", V5, PROTOCOL,
                0x20, 0x05, 0x00, 0x00, 0x02, 0x29, 0x02));
        cases.add(c("CONNACK shared subscription available 2 (3.2.2.3.13)", V5, PROTOCOL,
                0x20, 0x05, 0x00, 0x00, 0x02, 0x2A, 0x02));
        cases.add(c("CONNACK maximum packet size 0 (3.2.2.3.6)", V5, PROTOCOL,
                0x20, 0x08, 0x00, 0x00, 0x05, 0x27, 0x00, 0x00, 0x00, 0x00));
        cases.add(c("CONNECT receive maximum 0 (3.1.2.11.3)", V5, PROTOCOL,
                0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00,
                0x03, 0x21, 0x00, 0x00,             // properties: receive maximum 0
                0x00, 0x01, 'c'));
        cases.add(c("CONNECT maximum packet size 0 (3.1.2.11.4)", V5, PROTOCOL,
                0x10, 0x13, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00,
                0x05, 0x27, 0x00, 0x00, 0x00, 0x00, // properties: maximum packet size 0
                0x00, 0x01, 'c'));
        cases.add(c("CONNECT request response information 2 (3.1.2.11.6)", V5, PROTOCOL,
                0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00,
                0x02, 0x19, 0x02,                   // properties: request response information 2
                0x00, 0x01, 'c'));
        cases.add(c("CONNECT request problem information 2 (3.1.2.11.7)", V5, PROTOCOL,
                0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00,
                0x02, 0x17, 0x02,                   // properties: request problem information 2
                0x00, 0x01, 'c'));
        cases.add(c("CONNECT authentication data without authentication method (3.1.2.11.10)", V5, PROTOCOL,
                0x10, 0x12, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00,
                0x04, 0x16, 0x00, 0x01, 0x00,       // properties: authentication data 00
                0x00, 0x01, 'c'));
        // [MQTT-3.3.2-8] forbids sending it; 3.3.4: "A Topic Alias value of 0 or greater than the Maximum Topic
        // Alias is a Protocol Error, the receiver uses DISCONNECT with Reason Code of 0x94 (Topic Alias invalid)".
        cases.add(c("PUBLISH topic alias 0 [MQTT-3.3.2-8], 3.3.4", V5, TOPIC_ALIAS_INVALID,
                0x30, 0x07, 0x00, 0x01, 't', 0x03, 0x23, 0x00, 0x00));
        cases.add(c("PUBLISH subscription identifier 0 (3.3.2.3.8)", V5, PROTOCOL,
                0x30, 0x06, 0x00, 0x01, 't', 0x02, 0x0B, 0x00));
        cases.add(c("SUBSCRIBE subscription identifier 0 (3.8.2.1.2)", V5, PROTOCOL,
                0x82, 0x09, 0x00, 0x01, 0x02, 0x0B, 0x00, 0x00, 0x01, 'a', 0x00));
        // 3.3.2.3.2 defines only 0 and 1; like every other 0-or-1 byte property, another value is data the
        // protocol does not allow after the packet parsed (1.2, Protocol Error).
        cases.add(c("PUBLISH payload format indicator 2 (3.3.2.3.2)", V5, PROTOCOL,
                0x30, 0x06, 0x00, 0x01, 't', 0x02, 0x01, 0x02));
        cases.add(c("will payload format indicator 2 (3.1.3.2.3)", V5, PROTOCOL,
                0x10, 0x15, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c', 0x02, 0x01, 0x02, 0x00, 0x01, 'w', 0x00, 0x00));
        cases.add(c("PUBLISH zero-length topic name without a topic alias (3.3.2.1)", V5, PROTOCOL,
                0x30, 0x03, 0x00, 0x00, 0x00));
        cases.add(c("AUTH with properties but no authentication method (3.15.2.2.2)", V5, PROTOCOL,
                0xF0, 0x06, 0x18, 0x04, 0x1F, 0x00, 0x01, 'r'));
    }

    private static void utf8(List<Case> cases) {
        cases.add(c("topic with overlong UTF-8 C0 AF for '/' [MQTT-1.5.4-1]", V5, MALFORMED,
                0x30, 0x05, 0x00, 0x02, 0xC0, 0xAF, 0x00));
        cases.add(c("topic with a lone continuation byte 0x80 [MQTT-1.5.4-1]", V5, MALFORMED,
                0x30, 0x04, 0x00, 0x01, 0x80, 0x00));
        cases.add(c("topic ending inside a 3-byte sequence E2 82 [MQTT-1.5.4-1]", V5, MALFORMED,
                0x30, 0x05, 0x00, 0x02, 0xE2, 0x82, 0x00));
        cases.add(c("topic with U+0000 [MQTT-1.5.4-2]", V5, MALFORMED,
                0x30, 0x06, 0x00, 0x03, 'a', 0x00, 'b', 0x00));
        cases.add(c("topic with encoded surrogate U+D800 (ED A0 80) [MQTT-1.5.4-1]", V5, MALFORMED,
                0x30, 0x06, 0x00, 0x03, 0xED, 0xA0, 0x80, 0x00));
        cases.add(c("topic with byte 0xFF [MQTT-1.5.4-1]", V5, MALFORMED,
                0x30, 0x04, 0x00, 0x01, 0xFF, 0x00));
        cases.add(c("topic with a code point above U+10FFFF (F4 90 80 80) [MQTT-1.5.4-1]", V5, MALFORMED,
                0x30, 0x07, 0x00, 0x04, 0xF4, 0x90, 0x80, 0x80, 0x00));
        cases.add(c("response topic with U+0000 [MQTT-3.3.2-13]", V5, MALFORMED,
                0x30, 0x09, 0x00, 0x01, 't', 0x05, 0x08, 0x00, 0x02, 'a', 0x00));
        cases.add(c("content type with byte 0xFE [MQTT-3.3.2-19]", V5, MALFORMED,
                0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x03, 0x00, 0x01, 0xFE));
        cases.add(c("client identifier with encoded surrogate U+DFFF [MQTT-3.1.3-4]", V5, MALFORMED,
                0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00, 0x00,
                0x00, 0x03, 0xED, 0xBF, 0xBF));
        cases.add(c("user property value with overlong lead byte C1 [MQTT-1.5.7-1]", V5, MALFORMED,
                0x20, 0x0A, 0x00, 0x00, 0x07, 0x26, 0x00, 0x01, 'k', 0x00, 0x01, 0xC1));
        cases.add(c("user property name with byte 0xFF [MQTT-1.5.7-1]", V5, MALFORMED,
                0x20, 0x0A, 0x00, 0x00, 0x07, 0x26, 0x00, 0x01, 0xFF, 0x00, 0x01, 'v'));
        cases.add(c("reason string with a lone lead byte C0 [MQTT-1.5.4-1]", V5, MALFORMED,
                0xE0, 0x06, 0x80, 0x04, 0x1F, 0x00, 0x01, 0xC0));
        cases.add(c("client identifier with overlong U+0000 (C0 80) [MQTT-1.5.3-1]", V311, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x00,
                0x00, 0x02, 0xC0, 0x80));
        cases.add(c("UNSUBSCRIBE topic filter with encoded surrogate U+D800 [MQTT-3.10.3-1]", V5, MALFORMED,
                0xA2, 0x07, 0x00, 0x01, 0x00, 0x00, 0x03, 0xED, 0xA0, 0x80));
        cases.add(c("UNSUBSCRIBE topic filter with byte 0xFF [MQTT-3.10.3-1]", V311, MALFORMED,
                0xA2, 0x05, 0x00, 0x01, 0x00, 0x01, 0xFF));
        cases.add(c("topic filter with U+0000 [MQTT-1.5.3-2]", V311, MALFORMED,
                0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 'a', 0x00, 0x01));
        cases.add(c("topic with encoded surrogate U+DC00 (ED B0 80) [MQTT-1.5.3-1]", V311, MALFORMED,
                0x30, 0x05, 0x00, 0x03, 0xED, 0xB0, 0x80));
    }

    private static void topics(List<Case> cases) {
        // [MQTT-3.3.2-2]; 0x90 (Topic Name invalid) is for a name "correctly formed" but not accepted, so a name
        // with a wildcard is not correctly formed: a Malformed Packet.
        cases.add(c("PUBLISH topic name with '+' [MQTT-3.3.2-2]", V5, MALFORMED,
                0x30, 0x06, 0x00, 0x03, 'a', '/', '+', 0x00));
        cases.add(c("PUBLISH topic name '#' [MQTT-3.3.2-2]", V311, MALFORMED,
                0x30, 0x03, 0x00, 0x01, '#'));
        cases.add(c("PUBLISH response topic with '#' [MQTT-3.3.2-14]", V5, MALFORMED,
                0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x08, 0x00, 0x01, '#'));
        cases.add(c("SUBSCRIBE empty topic filter [MQTT-4.7.3-1]", V311, MALFORMED,
                0x82, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00));
        cases.add(c("SUBSCRIBE filter 'a/#/b': '#' not last [MQTT-4.7.1-1]", V5, MALFORMED,
                0x82, 0x0B, 0x00, 0x01, 0x00, 0x00, 0x05, 'a', '/', '#', '/', 'b', 0x00));
        cases.add(c("SUBSCRIBE filter 'a+': '+' not a whole level [MQTT-4.7.1-3]", V311, MALFORMED,
                0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 'a', '+', 0x00));
        cases.add(c("PUBLISH topic name 'a/+/b' [MQTT-4.7.1-1]", V311, MALFORMED,
                0x30, 0x07, 0x00, 0x05, 'a', '/', '+', '/', 'b'));
        cases.add(c("SUBSCRIBE shared subscription '$share//t': empty ShareName [MQTT-4.8.2-1]", V5, MALFORMED,
                0x82, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x09, '$', 's', 'h', 'a', 'r', 'e', '/', '/', 't', 0x00));
        cases.add(c("SUBSCRIBE filter 'a#': '#' not after a separator [MQTT-4.7.1-2]", V311, MALFORMED,
                0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 'a', '#', 0x00));
        cases.add(c("SUBSCRIBE shared subscription '$share/g+/t': '+' in ShareName [MQTT-4.8.2-2]", V5, MALFORMED,
                0x82, 0x11, 0x00, 0x01, 0x00, 0x00, 0x0B, '$', 's', 'h', 'a', 'r', 'e', '/', 'g', '+', '/', 't',
                0x00));
        cases.add(c("SUBSCRIBE shared subscription '$share/g/': no filter after the ShareName [MQTT-4.8.2-1]", V5,
                MALFORMED, 0x82, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x09, '$', 's', 'h', 'a', 'r', 'e', '/', 'g', '/',
                0x00));
        cases.add(c("UNSUBSCRIBE filter 'a/#/b': '#' not last [MQTT-4.7.1-1]", V5, MALFORMED,
                0xA2, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x05, 'a', '/', '#', '/', 'b'));
        // The Will Topic is a Topic Name (3.1.3.3): no wildcard [MQTT-4.7.0-1], at least one character [MQTT-4.7.3-1].
        cases.add(c("CONNECT will topic with '#' [MQTT-4.7.0-1]", V5, MALFORMED,
                0x10, 0x16, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c',                    // client identifier
                0x00,                               // will property length 0
                0x00, 0x03, 'w', '/', '#',          // will topic "w/#"
                0x00, 0x00));                       // will payload
        cases.add(c("CONNECT will topic with '+' [MQTT-4.7.1-1]", V311, MALFORMED,
                0x10, 0x14, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x06, 0x00, 0x00,
                0x00, 0x01, 'c',                    // client identifier
                0x00, 0x03, '+', '/', 'w',          // will topic "+/w"
                0x00, 0x00));                       // will payload
        cases.add(c("CONNECT empty will topic [MQTT-4.7.3-1]", V5, MALFORMED,
                0x10, 0x13, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c', 0x00, 0x00, 0x00, 0x00, 0x00));
        cases.add(c("CONNECT will response topic with '+' [MQTT-3.3.2-14]", V5, MALFORMED,
                0x10, 0x18, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c',                    // client identifier
                0x04, 0x08, 0x00, 0x01, '+',        // will properties: response topic "+"
                0x00, 0x01, 'w',                    // will topic
                0x00, 0x00));                       // will payload
        cases.add(c("PUBLISH empty response topic [MQTT-4.7.3-1]", V5, MALFORMED,
                0x30, 0x07, 0x00, 0x01, 't', 0x03, 0x08, 0x00, 0x00));
    }

    private static void reservedFlags(List<Case> cases) {
        // MQTT 5.0 [MQTT-2.1.3-1]: "If invalid flags are received it is a Malformed Packet."
        cases.add(flags("CONNECT flags 0001 [MQTT-2.1.3-1]", Mqtt5VectorsTest.connectMinimal(), 0x11, MALFORMED));
        cases.add(flags("CONNACK flags 0001 [MQTT-2.1.3-1]", Mqtt5VectorsTest.connAckSuccess(), 0x21, MALFORMED));
        cases.add(flags("PUBACK flags 1000 [MQTT-2.1.3-1]", Mqtt5VectorsTest.pubAckShortForm(), 0x48, MALFORMED));
        cases.add(flags("PUBREC flags 0010 [MQTT-2.1.3-1]", Mqtt5VectorsTest.pubRecShortForm(), 0x52, MALFORMED));
        cases.add(flags("PUBREL flags 0000 [MQTT-3.6.1-1]", Mqtt5VectorsTest.pubRelShortForm(), 0x60, MALFORMED));
        cases.add(flags("PUBREL flags 0011 [MQTT-3.6.1-1]", Mqtt5VectorsTest.pubRelShortForm(), 0x63, MALFORMED));
        cases.add(flags("PUBCOMP flags 0100 [MQTT-2.1.3-1]", Mqtt5VectorsTest.pubCompShortForm(), 0x74, MALFORMED));
        cases.add(flags("SUBSCRIBE flags 0000 [MQTT-3.8.1-1]", Mqtt5VectorsTest.subscribeOneFilter(), 0x80,
                MALFORMED));
        cases.add(flags("SUBACK flags 0010 [MQTT-2.1.3-1]", Mqtt5VectorsTest.subAckGrantedQos(), 0x92, MALFORMED));
        cases.add(flags("UNSUBSCRIBE flags 0000 [MQTT-3.10.1-1]", Mqtt5VectorsTest.unsubscribeTwoFilters(), 0xA0,
                MALFORMED));
        cases.add(flags("UNSUBACK flags 0001 [MQTT-2.1.3-1]", Mqtt5VectorsTest.unsubAckSuccess(), 0xB1, MALFORMED));
        cases.add(flags("PINGREQ flags 0010 [MQTT-2.1.3-1]", Mqtt5VectorsTest.pingReq(), 0xC2, MALFORMED));
        cases.add(flags("PINGRESP flags 0100 [MQTT-2.1.3-1]", Mqtt5VectorsTest.pingResp(), 0xD4, MALFORMED));
        cases.add(flags("DISCONNECT flags 1000 [MQTT-3.14.1-1]", Mqtt5VectorsTest.disconnectShortest(), 0xE8,
                MALFORMED));
        cases.add(flags("AUTH flags 0001 [MQTT-3.15.1-1]", Mqtt5VectorsTest.authShortest(), 0xF1, MALFORMED));
        // MQTT 3.1.1 [MQTT-2.2.2-1], [MQTT-2.2.2-2]: "If invalid flags are received, the receiver MUST close the
        // Network Connection."
        cases.add(flags("CONNACK flags 0010 [MQTT-2.2.2-2]", Mqtt311VectorsTest.connAck(0, false,
                ConnAckReasonCode.SUCCESS), 0x22, MALFORMED));
        cases.add(flags("PUBACK flags 0001 [MQTT-2.2.2-2]", Mqtt311VectorsTest.pubAck(), 0x41, MALFORMED));
        cases.add(flags("PUBREL flags 0000 [MQTT-3.6.1-1]", Mqtt311VectorsTest.pubRel(), 0x60, MALFORMED));
        cases.add(flags("SUBSCRIBE flags 0000 [MQTT-3.8.1-1]", Mqtt311VectorsTest.subscribeTwoFilters(), 0x80,
                MALFORMED));
        cases.add(flags("UNSUBSCRIBE flags 0011 [MQTT-3.10.1-1]", Mqtt311VectorsTest.unsubscribe(), 0xA3,
                MALFORMED));
        cases.add(flags("PINGRESP flags 0001 [MQTT-2.2.2-2]", Mqtt311VectorsTest.pingResp(), 0xD1, MALFORMED));
        cases.add(flags("DISCONNECT flags 0010 [MQTT-3.14.1-1]", Mqtt311VectorsTest.disconnect(), 0xE2, MALFORMED));
        // Reserved bits inside the variable header.
        cases.add(c("CONNACK acknowledge flags 0x02: bits 7-1 reserved [MQTT-3.2.2-1]", V5, MALFORMED,
                0x20, 0x03, 0x02, 0x00, 0x00));
        cases.add(c("CONNACK acknowledge flags 0x80: bits 7-1 reserved (3.2.2.1)", V311, MALFORMED,
                0x20, 0x02, 0x80, 0x00));
    }

    private static void packetIdentifiers(List<Case> cases) {
        // 5.0 [MQTT-2.2.1-3], 3.1.1 [MQTT-2.3.1-1]: packet identifiers are non-zero.
        cases.add(c("PUBLISH QoS 1 with packet identifier 0 [MQTT-2.2.1-3]", V5, PROTOCOL,
                0x32, 0x06, 0x00, 0x01, 't', 0x00, 0x00, 0x00));
        cases.add(c("PUBLISH QoS 2 with packet identifier 0 [MQTT-2.3.1-1]", V311, PROTOCOL,
                0x34, 0x05, 0x00, 0x01, 't', 0x00, 0x00));
        cases.add(c("PUBACK with packet identifier 0: no PUBLISH has it [MQTT-2.2.1-5]", V5, PROTOCOL, 0x40, 0x02, 0x00, 0x00));
        cases.add(c("PUBREC with packet identifier 0 [MQTT-2.3.1-6]", V311, PROTOCOL, 0x50, 0x02, 0x00, 0x00));
        cases.add(c("SUBACK with packet identifier 0 [MQTT-2.2.1-6]", V5, PROTOCOL,
                0x90, 0x04, 0x00, 0x00, 0x00, 0x00));
        cases.add(c("SUBACK with packet identifier 0 [MQTT-2.3.1-7]", V311, PROTOCOL, 0x90, 0x03, 0x00, 0x00, 0x00));
        cases.add(c("SUBSCRIBE with packet identifier 0 [MQTT-2.2.1-3]", V5, PROTOCOL,
                0x82, 0x07, 0x00, 0x00, 0x00, 0x00, 0x01, 'a', 0x00));
        cases.add(c("UNSUBACK with packet identifier 0 [MQTT-2.3.1-7]", V311, PROTOCOL, 0xB0, 0x02, 0x00, 0x00));
    }

    private static void subscribe(List<Case> cases) {
        cases.add(c("SUBSCRIBE with no topic filter [MQTT-3.8.3-2]", V5, PROTOCOL, 0x82, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("SUBSCRIBE with no payload [MQTT-3.8.3-3]", V311, PROTOCOL, 0x82, 0x02, 0x00, 0x01));
        cases.add(c("UNSUBSCRIBE with no topic filter [MQTT-3.10.3-2]", V5, PROTOCOL, 0xA2, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("UNSUBSCRIBE with no payload [MQTT-3.10.3-2]", V311, PROTOCOL, 0xA2, 0x02, 0x00, 0x01));
        cases.add(c("SUBSCRIBE options with reserved bit 6 set [MQTT-3.8.3-5]", V5, MALFORMED,
                0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x40));
        cases.add(c("SUBSCRIBE options with retain handling 3 (3.8.3.1)", V5, PROTOCOL,
                0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x30));
        cases.add(c("SUBSCRIBE options with maximum QoS 3 (3.8.3.1)", V5, PROTOCOL,
                0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x03));
        cases.add(c("SUBSCRIBE no local on a shared subscription [MQTT-3.8.3-4]", V5, PROTOCOL,
                0x82, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0A, '$', 's', 'h', 'a', 'r', 'e', '/', 'g', '/', 't', 0x04));
        cases.add(c("SUBACK with no reason code [MQTT-3.8.4-6]", V5, PROTOCOL, 0x90, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("SUBACK with no return code [MQTT-3.8.4-5]", V311, PROTOCOL, 0x90, 0x02, 0x00, 0x01));
        cases.add(c("UNSUBACK with no reason code [MQTT-3.11.3-2]", V5, PROTOCOL, 0xB0, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("SUBSCRIBE requested QoS 3 [MQTT-3-8.3-4]", V311, MALFORMED,
                0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x03));
        cases.add(c("SUBSCRIBE requested QoS byte with reserved bit 2 set [MQTT-3-8.3-4]", V311, MALFORMED,
                0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x04));
        cases.add(c("SUBSCRIBE topic filter without its options byte (3.8.3)", V5, MALFORMED,
                0x82, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, 'a'));
    }

    private static void connect(List<Case> cases) {
        cases.add(c("CONNECT protocol name 'MQTX' [MQTT-3.1.2-1]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'X', 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT protocol name 'MQIsdp' (MQTT 3.1) [MQTT-3.1.2-1]", V311, MALFORMED,
                0x10, 0x0F, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x04, 0x02, 0x00, 0x00, 0x00, 0x01, 'c'));
        // A well-formed CONNECT for a version we do not speak: the server answers 0x84 / return code 0x01.
        cases.add(c("CONNECT protocol level 6 [MQTT-3.1.2-2]", V5, PROTOCOL,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT protocol level 3 (MQTT 3.1) [MQTT-3.1.2-2]", V311, PROTOCOL,
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x03, 0x02, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT reserved connect flag set [MQTT-3.1.2-3]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT reserved connect flag set [MQTT-3.1.2-3]", V311, MALFORMED,
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x03, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT will QoS 1 without will flag [MQTT-3.1.2-11]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT will retain without will flag [MQTT-3.1.2-13]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x22, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT will retain without will flag [MQTT-3.1.2-15]", V311, MALFORMED,
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x22, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT will QoS 2 without will flag [MQTT-3.1.2-13]", V311, MALFORMED,
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x12, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT will QoS 3 (3.1.2.6: a Malformed Packet)", V5, MALFORMED,
                0x10, 0x14, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x1E, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c', 0x00, 0x00, 0x01, 'w', 0x00, 0x00));
        cases.add(c("CONNECT will QoS 3 [MQTT-3.1.2-14]", V311, MALFORMED,
                0x10, 0x12, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x1E, 0x00, 0x00,
                0x00, 0x01, 'c', 0x00, 0x01, 'w', 0x00, 0x00));
        cases.add(c("CONNECT password flag without user name flag [MQTT-3.1.2-22]", V311, MALFORMED,
                0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x42, 0x00, 0x00,
                0x00, 0x01, 'c', 0x00, 0x01, 'p'));
        cases.add(c("CONNECT user name flag set but no user name [MQTT-3.1.2-17]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x82, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT user name flag set but no user name [MQTT-3.1.2-19]", V311, MALFORMED,
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x82, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT user name present without the user name flag [MQTT-3.1.2-16]", V5, MALFORMED,
                0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x00, 0x00,
                0x00, 0x01, 'c', 0x00, 0x01, 'u'));
        cases.add(c("CONNECT will flag set but no will properties [MQTT-3.1.2-9]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT password flag set but no password [MQTT-3.1.2-19]", V5, MALFORMED,
                0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x42, 0x00, 0x00, 0x00, 0x00, 0x01, 'c'));
        cases.add(c("CONNECT password present without the password flag [MQTT-3.1.2-20]", V311, MALFORMED,
                0x10, 0x13, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x82, 0x00, 0x00,
                0x00, 0x01, 'c', 0x00, 0x01, 'u', 0x00, 0x01, 'p'));
        cases.add(c("CONNECT will flag set but no will topic [MQTT-3.1.2-9]", V311, MALFORMED,
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x06, 0x00, 0x00, 0x00, 0x01, 'c'));
    }

    private static void reasonCodes(List<Case> cases) {
        // "MUST use one of the ... Reason Codes": an undefined value parses as a byte but is not allowed.
        cases.add(c("CONNACK undefined reason code 0x01 [MQTT-3.2.2-8]", V5, PROTOCOL, 0x20, 0x03, 0x00, 0x01, 0x00));
        cases.add(c("CONNACK return code 6, reserved (3.2.2.3)", V311, PROTOCOL, 0x20, 0x02, 0x00, 0x06));
        cases.add(c("CONNACK session present with a refusal [MQTT-3.2.2-6]", V5, PROTOCOL,
                0x20, 0x03, 0x01, 0x87, 0x00));
        cases.add(c("CONNACK session present with a refusal [MQTT-3.2.2-4]", V311, PROTOCOL,
                0x20, 0x02, 0x01, 0x05));
        cases.add(c("PUBACK undefined reason code 0x01 [MQTT-3.4.2-1]", V5, PROTOCOL, 0x40, 0x03, 0x00, 0x01, 0x01));
        cases.add(c("PUBREC undefined reason code 0x01 [MQTT-3.5.2-1]", V5, PROTOCOL, 0x50, 0x03, 0x00, 0x01, 0x01));
        cases.add(c("PUBCOMP reason code 0x80, not a PUBCOMP code [MQTT-3.7.2-1]", V5, PROTOCOL,
                0x70, 0x03, 0x00, 0x01, 0x80));
        cases.add(c("PUBREL reason code 0x10, a PUBACK code [MQTT-3.6.2-1]", V5, PROTOCOL,
                0x62, 0x03, 0x00, 0x01, 0x10));
        cases.add(c("SUBACK undefined reason code 0x03 [MQTT-3.9.3-2]", V5, PROTOCOL,
                0x90, 0x04, 0x00, 0x01, 0x00, 0x03));
        cases.add(c("SUBACK return code 0x03 [MQTT-3.9.3-2]", V311, PROTOCOL, 0x90, 0x03, 0x00, 0x01, 0x03));
        cases.add(c("UNSUBACK undefined reason code 0x01 [MQTT-3.11.3-2]", V5, PROTOCOL,
                0xB0, 0x04, 0x00, 0x01, 0x00, 0x01));
        cases.add(c("DISCONNECT undefined reason code 0x03 [MQTT-3.14.2-1]", V5, PROTOCOL, 0xE0, 0x01, 0x03));
        cases.add(c("AUTH undefined reason code 0x01 [MQTT-3.15.2-1]", V5, PROTOCOL,
                0xF0, 0x06, 0x01, 0x04, 0x15, 0x00, 0x01, 'M'));
    }

    private static void oversized(List<Case> cases) {
        // 3.1.2.11.4 / 3.2.2.3.6: a packet over the Maximum Packet Size is a Protocol Error with reason 0x95.
        // Only the fixed header is given: the decoder must decide before the body arrives.
        cases.add(tooLarge("maximum 100, announced remaining length 200, fixed header only", V5, 100,
                0x30, 0xC8, 0x01));
        cases.add(tooLarge("maximum 100, announced remaining length 200, fixed header only", V311, 100,
                0x30, 0xC8, 0x01));
        cases.add(tooLarge("maximum 100, announced 256 MB (0xFF 0xFF 0xFF 0x7F), fixed header only", V5, 100,
                0x30, 0xFF, 0xFF, 0xFF, 0x7F));
        cases.add(tooLarge("maximum 100, packet of 101 bytes (2 + 99), fixed header only", V5, 100, 0x30, 0x63));
        cases.add(tooLarge("maximum 100, 101-byte CONNACK, fixed header only", V5, 100, 0x20, 0x63));
    }

    /** A packet our encoder must refuse: sending it would break a MUST of the specification. */
    record Unencodable(String name, MqttVersion version, MqttPacket packet) {
        @Override
        public String toString() {
            return (version == V5 ? "5.0 " : "3.1.1 ") + name;
        }
    }

    private static PublishPacket publish(String topic, Integer topicAlias, String responseTopic) {
        return new PublishPacket(false, Qos.AT_MOST_ONCE, false, topic, 0, null, null, null, topicAlias,
                responseTopic, null, List.of(), List.of(), null);
    }

    private static ConnectPacket connect5(Integer receiveMaximum, Long maximumPacketSize,
            Integer requestProblemInformation, String authenticationMethod, ByteBuffer authenticationData) {
        return new ConnectPacket(V5, "c", true, 0, null, null, null, null, receiveMaximum, maximumPacketSize, null,
                null, requestProblemInformation, authenticationMethod, authenticationData, List.of());
    }

    /**
     * What the encoder refuses. Every rule the decoder enforces on a packet our model can express is here too,
     * checked by the same code (Topics for names and filters, Property for value ranges), plus what MQTT 3.1.1
     * cannot say.
     */
    static List<Unencodable> unencodable() {
        String tooLong = "x".repeat(65_536);
        return List.of(
                new Unencodable("PUBLISH QoS 0 with DUP [MQTT-3.3.1-2]", V5,
                        PublishPacket.of("t", Qos.AT_MOST_ONCE, false, 0, null).withDup()),
                new Unencodable("PUBLISH topic name with '+' [MQTT-3.3.2-2]", V5, publish("a/+", null, null)),
                new Unencodable("PUBLISH topic name '#' [MQTT-3.3.2-2]", V311, publish("#", null, null)),
                new Unencodable("PUBLISH response topic with '#' [MQTT-3.3.2-14]", V5, publish("t", null, "r/#")),
                new Unencodable("PUBLISH topic alias 0 [MQTT-3.3.2-8]", V5, publish("t", 0, null)),
                new Unencodable("PUBLISH empty topic name without a topic alias (3.3.2.1)", V5, publish("", null, null)),
                new Unencodable("PUBLISH empty topic name: 3.1.1 has no topic alias [MQTT-4.7.3-1]", V311,
                        publish("", 1, null)),
                new Unencodable("PUBLISH topic name over 65,535 bytes [MQTT-4.7.3-3]", V5, publish(tooLong, null, null)),
                new Unencodable("PUBLISH topic name with U+0000 [MQTT-1.5.4-2]", V5, publish("a\u0000b", null, null)),
                new Unencodable("PUBLISH topic name with an unpaired surrogate [MQTT-1.5.4-1]", V5,
                        publish("a\uD800", null, null)),
                new Unencodable("PUBLISH subscription identifier 0 (3.3.2.3.8)", V5,
                        new PublishPacket(false, Qos.AT_MOST_ONCE, false, "t", 0, null, null, null, null, null, null,
                                List.of(), List.of(0), null)),
                new Unencodable("PUBLISH payload format indicator 2 (3.3.2.3.2)", V5,
                        new PublishPacket(false, Qos.AT_MOST_ONCE, false, "t", 0, null, 2, null, null, null, null,
                                List.of(), List.of(), null)),
                new Unencodable("user property name with U+0000 [MQTT-1.5.7-1]", V5,
                        new PubAckPacket(1, dev.tern.mqtt.reason.PubAckReasonCode.SUCCESS, null,
                                List.of(dev.tern.mqtt.message.UserProperty.of("a\u0000", "b")))),
                new Unencodable("CONNECT receive maximum 0 (3.1.2.11.3)", V5, connect5(0, null, null, null, null)),
                new Unencodable("CONNECT maximum packet size 0 (3.1.2.11.4)", V5, connect5(null, 0L, null, null, null)),
                new Unencodable("CONNECT request problem information 2 (3.1.2.11.7)", V5,
                        connect5(null, null, 2, null, null)),
                new Unencodable("CONNECT authentication data without method (3.1.2.11.10)", V5,
                        connect5(null, null, null, null, ByteBuffer.wrap(new byte[] {1}))),
                new Unencodable("CONNECT password without user name [MQTT-3.1.2-22]", V311,
                        new ConnectPacket(V311, "c", true, 0, null, ByteBuffer.wrap(new byte[] {1}), null, null, null,
                                null, null, null, null, null, null, List.of())),
                new Unencodable("CONNECT zero-byte client identifier with clean session 0 [MQTT-3.1.3-7]", V311,
                        ConnectPacket.basic(V311, "", false, 0)),
                new Unencodable("CONNECT will topic with '#' [MQTT-4.7.0-1]", V5,
                        new ConnectPacket(V5, "c", true, 0, null, null,
                                dev.tern.mqtt.netty.internal.packet.WillMessage.of("w/#", null, Qos.AT_MOST_ONCE,
                                        false), null, null, null, null, null, null, null, null, List.of())),
                new Unencodable("SUBSCRIBE filter 'a/#/b' [MQTT-4.7.1-1]", V5, subscribe("a/#/b", false)),
                new Unencodable("SUBSCRIBE filter 'a+' [MQTT-4.7.1-3]", V311, subscribe("a+", false)),
                new Unencodable("SUBSCRIBE empty filter [MQTT-4.7.3-1]", V5, subscribe("", false)),
                new Unencodable("SUBSCRIBE no local on a shared subscription [MQTT-3.8.3-4]", V5,
                        subscribe("$share/g/t", true)),
                new Unencodable("SUBSCRIBE shared subscription without a ShareName [MQTT-4.8.2-1]", V5,
                        subscribe("$share//t", false)),
                new Unencodable("SUBSCRIBE subscription identifier 0 (3.8.2.1.2)", V5,
                        new SubscribePacket(1, List.of(SubscriptionRequest.of("t", Qos.AT_MOST_ONCE)), 0, List.of())),
                new Unencodable("UNSUBSCRIBE empty filter [MQTT-4.7.3-1]", V5,
                        new UnsubscribePacket(1, List.of(""), List.of())),
                new Unencodable("CONNACK 0x8A banned has no 3.1.1 return code (3.2.2.3)", V311,
                        ConnAckPacket.of(false, ConnAckReasonCode.BANNED)),
                new Unencodable("SUBACK 0x87 has no 3.1.1 return code [MQTT-3.9.3-2]", V311,
                        new SubAckPacket(1, List.of(dev.tern.mqtt.reason.SubAckReasonCode.NOT_AUTHORIZED), null,
                                List.of())),
                new Unencodable("AUTH does not exist in 3.1.1", V311,
                        new AuthPacket(dev.tern.mqtt.reason.AuthReasonCode.SUCCESS, null, null, null, List.of())),
                new Unencodable("AUTH with properties but no authentication method (3.15.2.2.2)", V5,
                        new AuthPacket(dev.tern.mqtt.reason.AuthReasonCode.CONTINUE_AUTHENTICATION, null, null, "r",
                                List.of())),
                // Beyond the test engineer's list: the rest of what the decoder rejects, and what 3.1.1 cannot say.
                new Unencodable("PUBLISH topic name 'a/+/b' [MQTT-3.3.2-2]", V311, publish("a/+/b", null, null)),
                new Unencodable("PUBLISH topic name with '#' after a topic alias [MQTT-3.3.2-2]", V5,
                        publish("a/#", 1, null)),
                new Unencodable("PUBLISH empty response topic [MQTT-4.7.3-1]", V5, publish("t", null, "")),
                new Unencodable("CONNECT request response information 2 (3.1.2.11.6)", V5,
                        new ConnectPacket(V5, "c", true, 0, null, null, null, null, null, null, null, 2, null, null,
                                null, List.of())),
                new Unencodable("CONNECT will topic with '+' [MQTT-4.7.1-1]", V311,
                        new ConnectPacket(V311, "c", true, 0, null, null, will("+/w", null, null), null, null, null,
                                null, null, null, null, null, List.of())),
                new Unencodable("CONNECT empty will topic [MQTT-4.7.3-1]", V5, connectWithWill(will("", null, null))),
                new Unencodable("CONNECT will response topic with '+' [MQTT-3.3.2-14]", V5,
                        connectWithWill(will("w", "r/+", null))),
                new Unencodable("CONNECT will payload format indicator 2 (3.1.3.2.3)", V5,
                        connectWithWill(will("w", null, 2))),
                new Unencodable("SUBSCRIBE filter 'a#' [MQTT-4.7.1-2]", V311, subscribe("a#", false)),
                new Unencodable("SUBSCRIBE shared subscription '$share/g+/t' [MQTT-4.8.2-2]", V5,
                        subscribe("$share/g+/t", false)),
                new Unencodable("SUBSCRIBE shared subscription '$share/g/' without a filter [MQTT-4.8.2-1]", V5,
                        subscribe("$share/g/", false)),
                new Unencodable("SUBSCRIBE shared subscription '$share/g' without '/' [MQTT-4.8.2-1]", V5,
                        subscribe("$share/g", false)),
                new Unencodable("SUBSCRIBE second filter '+x' [MQTT-4.7.1-2]", V5,
                        new SubscribePacket(1, List.of(SubscriptionRequest.of("ok/#", Qos.AT_MOST_ONCE),
                                SubscriptionRequest.of("+x", Qos.AT_MOST_ONCE)), null, List.of())),
                new Unencodable("UNSUBSCRIBE filter 'a/#/b' [MQTT-4.7.1-1]", V311,
                        new UnsubscribePacket(1, List.of("a/#/b"), List.of())),
                new Unencodable("UNSUBSCRIBE shared subscription without a ShareName [MQTT-4.8.2-1]", V5,
                        new UnsubscribePacket(1, List.of("$share//t"), List.of())),
                new Unencodable("CONNACK maximum QoS 2 (3.2.2.3.4)", V5,
                        new ConnAckPacket(false, ConnAckReasonCode.SUCCESS, null, null, 2, null, null, null, null,
                                null, List.of(), null, null, null, null, null, null, null, null)),
                // MQTT 3.1.1 acknowledgements and DISCONNECT carry no reason code: the plain packet means success,
                // and a 3.1.1 DISCONNECT discards the Will ([MQTT-3.14.4-3]), the opposite of 0x04.
                new Unencodable("PUBACK 0x87 not authorized: a 3.1.1 PUBACK means success", V311,
                        new PubAckPacket(1, PubAckReasonCode.NOT_AUTHORIZED, null, List.of())),
                new Unencodable("PUBREC 0x80 unspecified error: a 3.1.1 PUBREC means success", V311,
                        new PubRecPacket(1, PubRecReasonCode.UNSPECIFIED_ERROR, null, List.of())),
                new Unencodable("PUBREL 0x92 packet identifier not found: a 3.1.1 PUBREL means success", V311,
                        new PubRelPacket(1, PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null, List.of())),
                new Unencodable("PUBCOMP 0x92 packet identifier not found: a 3.1.1 PUBCOMP means success", V311,
                        new PubCompPacket(1, PubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null, List.of())),
                new Unencodable("UNSUBACK 0x87 not authorized: a 3.1.1 UNSUBACK means success", V311,
                        new UnsubAckPacket(1, List.of(UnsubAckReasonCode.SUCCESS, UnsubAckReasonCode.NOT_AUTHORIZED),
                                null, List.of())),
                new Unencodable("DISCONNECT 0x04 with will message: a 3.1.1 DISCONNECT discards the will", V311,
                        DisconnectPacket.of(DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)),
                new Unencodable("DISCONNECT 0x80 unspecified error: 3.1.1 closes without DISCONNECT", V311,
                        DisconnectPacket.of(DisconnectReasonCode.UNSPECIFIED_ERROR)),
                new Unencodable("DISCONNECT 0x82 protocol error: 3.1.1 closes without DISCONNECT", V311,
                        DisconnectPacket.of(DisconnectReasonCode.PROTOCOL_ERROR)));
    }

    private static WillMessage will(String topic, String responseTopic, Integer payloadFormatIndicator) {
        return new WillMessage(topic, null, Qos.AT_MOST_ONCE, false, null, payloadFormatIndicator, null, null,
                responseTopic, null, List.of());
    }

    private static ConnectPacket connectWithWill(WillMessage will) {
        return new ConnectPacket(V5, "c", true, 0, null, null, will, null, null, null, null, null, null, null, null,
                List.of());
    }

    private static SubscribePacket subscribe(String filter, boolean noLocal) {
        return new SubscribePacket(1, List.of(new SubscriptionRequest(filter, Qos.AT_LEAST_ONCE, noLocal, false,
                dev.tern.mqtt.message.RetainHandling.SEND_ON_SUBSCRIBE)), null, List.of());
    }

    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithTheExactReasonCode(Case malformed) {
        ByteBuf in = Unpooled.wrappedBuffer(malformed.bytes());
        MqttPacketDecoder decoder = new MqttPacketDecoder(malformed.version(), malformed.maximumPacketSize());
        MqttDecodeException e = assertThrows(MqttDecodeException.class, () -> decoder.decode(in),
                () -> "decoding " + hex(malformed.bytes()));
        assertEquals(malformed.expected(), e.reasonCode(), () -> "reason for " + hex(malformed.bytes())
                + ", message: " + e.getMessage());
    }

    /** Fed one byte at a time, a malformed packet gives null (reader index unmoved) until it fails the same way. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsTheSameWayWhenBytesArriveOneByOne(Case malformed) {
        MqttPacketDecoder decoder = new MqttPacketDecoder(malformed.version(), malformed.maximumPacketSize());
        ByteBuf in = Unpooled.buffer();
        for (byte b : malformed.bytes()) {
            in.writeByte(b);
            MqttPacket decoded;
            try {
                decoded = decoder.decode(in);
            } catch (MqttDecodeException e) {
                assertEquals(malformed.expected(), e.reasonCode(), e::getMessage);
                return;
            }
            assertNull(decoded, () -> "a prefix of a malformed packet decoded: " + hex(in));
            assertEquals(0, in.readerIndex(), "reader index moved while waiting for more bytes");
        }
        fail("never rejected: " + hex(malformed.bytes()));
    }

    @Test
    void tableHasAtLeastFiftyDistinctCases() {
        List<Case> cases = cases();
        Set<String> names = new HashSet<>();
        Set<String> inputs = new HashSet<>();
        for (Case c : cases) {
            assertTrue(names.add(c.toString()), "duplicate case name " + c);
            assertTrue(inputs.add(c.version() + hex(c.bytes()) + c.maximumPacketSize()), "duplicate input " + c);
        }
        assertTrue(cases.size() >= 50, "only " + cases.size() + " cases");
    }

    /** Every proper prefix of every valid vector needs more bytes: null, with the reader index left alone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tern.mqtt.netty.internal.codec.Vector#all")
    void everyProperPrefixOfAValidPacketNeedsMoreBytes(Vector vector) {
        if (!vector.decodes()) {
            return;
        }
        byte[] bytes = vector.bytes();
        MqttPacketDecoder decoder = new MqttPacketDecoder(vector.version(), VectorChecks.MAXIMUM_PACKET_SIZE);
        for (int length = 0; length < bytes.length; length++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(bytes, 0, length);
            assertNull(decoder.decode(prefix), "prefix of " + length + " bytes");
            assertEquals(0, prefix.readerIndex(), "reader index after a prefix of " + length + " bytes");
        }
        ByteBuf whole = Unpooled.wrappedBuffer(bytes);
        assertEquals(vector.packet(), decoder.decode(whole), "the same decoder decodes the whole packet");
    }

    /** Prefixes inside a larger buffer: the decoder reads from the reader index, not from 0. */
    @Test
    void prefixesAfterAConsumedPacketNeedMoreBytes() {
        byte[] first = Mqtt5VectorsTest.pingResp().bytes();
        byte[] second = Mqtt5VectorsTest.publishQos2WithEveryProperty().bytes();
        MqttPacketDecoder decoder = new MqttPacketDecoder(V5, VectorChecks.MAXIMUM_PACKET_SIZE);
        for (int length = 0; length < second.length; length++) {
            ByteBuf in = Unpooled.wrappedBuffer(concat(first, java.util.Arrays.copyOf(second, length)));
            assertNotNull(decoder.decode(in));
            assertEquals(first.length, in.readerIndex());
            assertNull(decoder.decode(in), "prefix of " + length + " bytes");
            assertEquals(first.length, in.readerIndex());
        }
    }

    @Test
    void packetOfExactlyTheMaximumSizeIsAccepted() {
        // 2-byte fixed header + 98 = 100 bytes: topic "a" (3) + property length (1) + 94-byte payload.
        byte[] packet = concat(bytes(0x30, 0x62, 0x00, 0x01, 'a', 0x00), repeat('p', 94));
        assertEquals(100, packet.length);
        MqttPacket decoded = new MqttPacketDecoder(V5, 100).decode(Unpooled.wrappedBuffer(packet));
        assertEquals(PublishPacket.of("a", Qos.AT_MOST_ONCE, false, 0, ByteBuffer.wrap(repeat('p', 94))), decoded);

        byte[] tooBig = concat(bytes(0x30, 0x63, 0x00, 0x01, 'a', 0x00), repeat('p', 95));
        MqttDecodeException e = assertThrows(MqttDecodeException.class,
                () -> new MqttPacketDecoder(V5, 100).decode(Unpooled.wrappedBuffer(tooBig)));
        assertEquals(TOO_LARGE, e.reasonCode());
    }

    @Test
    void sizeLimitCountsTheWholeFixedHeader() {
        // Remaining length 127 takes one byte (packet 128 bytes); 128 takes two (packet 131 bytes).
        MqttDecodeException e = assertThrows(MqttDecodeException.class,
                () -> new MqttPacketDecoder(V311, 130).decode(Unpooled.wrappedBuffer(bytes(0x30, 0x80, 0x01))));
        assertEquals(TOO_LARGE, e.reasonCode());
        assertNull(new MqttPacketDecoder(V311, 131).decode(Unpooled.wrappedBuffer(bytes(0x30, 0x80, 0x01))));
    }

    /** The encoder refuses what the sender MUST NOT send, so that no such packet leaves the client. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unencodable")
    void encoderRefusesWhatMustNotBeSent(Unencodable bad) {
        assertRefused(bad);
    }

    /** Topic names and filters, valid and not, for the agreement tests below. */
    static List<String> topicStrings() {
        return List.of("a", "a/b", "/", "//", "a/", "$SYS/x", " ", "\u00e9/\u20ac", "+", "#", "+/+", "a/+/c",
                "a/#", "/#", "+/#", "#/", "a#", "a+", "+a", "a/#/b", "a/b+/c", "##", "++", "",
                "$share/g/t", "$share/g/#", "$share/g/+/x", "$share//t", "$share/g", "$share/g/", "$share/g+/t",
                "$share/g#/t", "$share/", "$share", "$sharex/g/t");
    }

    /**
     * The encoder refuses a topic filter exactly when the decoder rejects it, in both versions and in SUBSCRIBE and
     * UNSUBSCRIBE: both call Topics, so the rules cannot drift apart.
     */
    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("topicStrings")
    void encoderAndDecoderAgreeOnTopicFilters(String filter) {
        for (MqttVersion version : MqttVersion.values()) {
            byte[] utf8 = filter.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int props = version == V5 ? 1 : 0;
            byte[] subscribe = concat(bytes(0x82, 2 + props + 2 + utf8.length + 1, 0x00, 0x01),
                    version == V5 ? bytes(0x00) : bytes(), bytes(0x00, utf8.length), utf8, bytes(0x01));
            byte[] unsubscribe = concat(bytes(0xA2, 2 + props + 2 + utf8.length, 0x00, 0x01),
                    version == V5 ? bytes(0x00) : bytes(), bytes(0x00, utf8.length), utf8);
            assertAgree(new SubscribePacket(1, List.of(SubscriptionRequest.of(filter, Qos.AT_LEAST_ONCE)), null,
                    List.of()), subscribe, version);
            assertAgree(new UnsubscribePacket(1, List.of(filter), List.of()), unsubscribe, version);
        }
    }

    /** The same for topic names, in PUBLISH and as the will topic of CONNECT. */
    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("topicStrings")
    void encoderAndDecoderAgreeOnTopicNames(String topic) {
        for (MqttVersion version : MqttVersion.values()) {
            byte[] utf8 = topic.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int props = version == V5 ? 1 : 0;
            byte[] publish = concat(bytes(0x30, 2 + utf8.length + props, 0x00, utf8.length), utf8,
                    version == V5 ? bytes(0x00) : bytes());
            assertAgree(publish(topic, null, null), publish, version);
            byte[] connect = concat(bytes(0x10, 10 + props + 3 + props + 2 + utf8.length + 2,
                    0x00, 0x04, 'M', 'Q', 'T', 'T', version.protocolLevel(), 0x06, 0x00, 0x00),
                    version == V5 ? bytes(0x00) : bytes(),            // properties
                    bytes(0x00, 0x01, 'c'),                            // client identifier
                    version == V5 ? bytes(0x00) : bytes(),            // will properties
                    bytes(0x00, utf8.length), utf8, bytes(0x00, 0x00)); // will topic, empty will payload
            assertAgree(new ConnectPacket(version, "c", true, 0, null, null,
                    WillMessage.of(topic, null, Qos.AT_MOST_ONCE, false), null, null, null, null, null, null, null,
                    null, List.of()), connect, version);
        }
    }

    /** Decodes {@code bytes}; the encoder must refuse {@code packet} if and only if that fails, and agree if not. */
    private static void assertAgree(MqttPacket packet, byte[] bytes, MqttVersion version) {
        MqttPacket decoded;
        try {
            decoded = new MqttPacketDecoder(version, NO_LIMIT).decode(Unpooled.wrappedBuffer(bytes));
        } catch (MqttDecodeException e) {
            assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(packet, version),
                    () -> version + ": the decoder rejects " + packet + " (" + e.getMessage() + "), the encoder not");
            return;
        }
        assertEquals(packet, decoded, () -> version + ": decoding " + hex(bytes));
        ByteBuf encoded = MqttPacketEncoder.encode(UnpooledByteBufAllocator.DEFAULT, packet, version);
        try {
            assertEquals(hex(bytes), hex(encoded), () -> version + ": encoding " + packet);
        } finally {
            encoded.release();
        }
    }

    private static void assertRefused(Unencodable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encode(UnpooledByteBufAllocator.DEFAULT, bad.packet(), bad.version()).release(),
                "encode");
        assertNotNull(e.getMessage(), "the refusal says why");
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(bad.packet(), bad.version()),
                "encodedSize");
    }
}
