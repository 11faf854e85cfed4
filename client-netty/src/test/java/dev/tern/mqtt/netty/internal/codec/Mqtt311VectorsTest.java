package dev.tern.mqtt.netty.internal.codec;

import static dev.tern.mqtt.netty.internal.codec.TestBytes.buffer;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.bytes;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.concat;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.repeat;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.utf8;
import static dev.tern.mqtt.netty.internal.codec.Vector.both;
import static dev.tern.mqtt.netty.internal.codec.Vector.encodeOnly;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.RetainHandling;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import dev.tern.mqtt.netty.internal.packet.PingRespPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;
import dev.tern.mqtt.netty.internal.packet.WillMessage;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.PubRecReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;

import java.util.EnumSet;
import java.util.List;

/**
 * Byte-exact MQTT 3.1.1 vectors for all 14 packet types, written by hand from the OASIS MQTT Version 3.1.1
 * specification (section 2.2 for the fixed header, chapter 3 for each packet). A 3.1.1 packet has no properties
 * and no reason codes beyond the CONNACK return code and SUBACK return codes; the encode-only vectors show that the
 * MQTT 5.0 fields of our version-free model are left out when the negotiated version is 3.1.1.
 */
class Mqtt311VectorsTest extends VectorTable {

    private static final MqttVersion V311 = MqttVersion.MQTT_3_1_1;

    static List<Vector> vectors() {
        return List.of(
                connectMinimal(), connectEveryField(), connectEmptyClientId(), connectWillQos1UserNameOnly(),
                connectDropsMqtt5Fields(),
                connAck(0x00, false, ConnAckReasonCode.SUCCESS),
                connAck(0x00, true, ConnAckReasonCode.SUCCESS),
                connAck(0x01, false, ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION),
                connAck(0x02, false, ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID),
                connAck(0x03, false, ConnAckReasonCode.SERVER_UNAVAILABLE),
                connAck(0x04, false, ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD),
                connAck(0x05, false, ConnAckReasonCode.NOT_AUTHORIZED),
                connAckDropsProperties(),
                publishQos0(), publishQos1DupRetain(), publishQos2TwoByteRemainingLength(), publishUtf8Topic(),
                publishDropsMqtt5Properties(),
                pubAck(), pubAckDropsProperties(), pubAckSuccessCode(), pubRec(), pubRecSuccessCode(), pubRel(),
                pubComp(),
                subscribeTwoFilters(), subscribeDropsMqtt5Options(),
                subAck(),
                unsubscribe(), unsubscribeDropsUserProperties(),
                unsubAck(), unsubAckDropsReasonCodes(), unsubAckSuccessCodes(),
                pingReq(), pingResp(),
                disconnect(), disconnectDropsProperties());
    }

    Mqtt311VectorsTest() {
        super(V311, EnumSet.complementOf(EnumSet.of(PacketType.AUTH)), 14);
    }

    @Override
    List<Vector> table() {
        return vectors();
    }

    @Override
    List<Vector> otherVersionTable() {
        return Mqtt5VectorsTest.vectors();
    }

    // ---------------------------------------------------------------------------------------------------------
    // CONNECT (section 3.1): protocol name, level 4, connect flags, keep alive; payload client identifier, will
    // topic, will message, user name, password. Flags: bit 7 user name, 6 password, 5 will retain, 4-3 will QoS,
    // 2 will flag, 1 clean session, 0 reserved.
    // ---------------------------------------------------------------------------------------------------------

    static Vector connectMinimal() {
        return both("CONNECT minimal: clean session, keep alive 60", V311, bytes(
                0x10,                               // CONNECT
                0x10,                               // remaining length 16
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x04,                               // protocol level 4
                0x02,                               // connect flags: clean session
                0x00, 0x3C,                         // keep alive 60 s
                0x00, 0x04, 't', 'e', 'r', 'n'),    // client identifier "tern"
                ConnectPacket.basic(V311, "tern", true, 60));
    }

    static Vector connectEveryField() {
        return both("CONNECT with retained QoS 2 will, user name, password, keep alive 65535", V311, bytes(
                0x10,                               // CONNECT
                0x1F,                               // remaining length 31
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x04,                               // protocol level 4
                0xF6,                               // flags: user name, password, will retain, will QoS 2,
                                                    //        will flag, clean session (1111 0110)
                0xFF, 0xFF,                         // keep alive 65535 s
                0x00, 0x01, 'c',                    // client identifier "c"
                0x00, 0x01, 'w',                    // will topic "w"
                0x00, 0x03, 'b', 'y', 'e',          // will message "bye"
                0x00, 0x04, 'u', 's', 'e', 'r',     // user name "user"
                0x00, 0x02, 0x01, 0x02),            // password 01 02
                new ConnectPacket(V311, "c", true, 65535, "user", buffer(0x01, 0x02),
                        WillMessage.of("w", utf8("bye"), Qos.EXACTLY_ONCE, true),
                        null, null, null, null, null, null, null, null, List.of()));
    }

    static Vector connectEmptyClientId() {
        return both("CONNECT zero-byte client identifier with clean session 1 (3.1.3-7)", V311, bytes(
                0x10,                               // CONNECT
                0x0C,                               // remaining length 12
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x04,                               // protocol level 4
                0x02,                               // flags: clean session
                0x00, 0x00,                         // keep alive 0
                0x00, 0x00),                        // client identifier ""
                ConnectPacket.basic(V311, "", true, 0));
    }

    static Vector connectWillQos1UserNameOnly() {
        return both("CONNECT clean session 0, QoS 1 will with empty message, user name only", V311, bytes(
                0x10,                               // CONNECT
                0x18,                               // remaining length 24
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x04,                               // protocol level 4
                0x8C,                               // flags: user name, will QoS 1, will flag (1000 1100)
                0x00, 0x0A,                         // keep alive 10 s
                0x00, 0x02, 'i', 'd',               // client identifier "id"
                0x00, 0x03, 't', '/', '1',          // will topic "t/1"
                0x00, 0x00,                         // will message: zero bytes
                0x00, 0x01, 'u'),                   // user name "u"
                new ConnectPacket(V311, "id", false, 10, "u", null,
                        WillMessage.of("t/1", null, Qos.AT_LEAST_ONCE, false),
                        null, null, null, null, null, null, null, null, List.of()));
    }

    static Vector connectDropsMqtt5Fields() {
        return encodeOnly("CONNECT: 5.0 properties and will properties are not written", V311, bytes(
                0x10, 0x13,                         // CONNECT, remaining length 19
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x04,                               // protocol level 4
                0x06,                               // flags: will QoS 0, will flag, clean session
                0x00, 0x3C,                         // keep alive 60
                0x00, 0x01, 'c',                    // client identifier "c"
                0x00, 0x01, 'w',                    // will topic "w"
                0x00, 0x01, '!'),                   // will message "!"
                new ConnectPacket(V311, "c", true, 60, null, null,
                        new WillMessage("w", utf8("!"), Qos.AT_MOST_ONCE, false, 10L, 1, 20L, "text/plain", "r",
                                buffer(0x01), List.of(UserProperty.of("w", "p"))),
                        3600L, 10, 4096L, 5, 1, 0, null, null, List.of(UserProperty.of("a", "b"))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // CONNACK (section 3.2): acknowledge flags (bit 0 session present), return code 0..5.
    // ---------------------------------------------------------------------------------------------------------

    static Vector connAck(int returnCode, boolean sessionPresent, ConnAckReasonCode reasonCode) {
        return both("CONNACK return code " + returnCode + (sessionPresent ? ", session present" : "")
                + " <-> " + reasonCode, V311, bytes(
                0x20,                               // CONNACK
                0x02,                               // remaining length 2
                sessionPresent ? 0x01 : 0x00,       // acknowledge flags
                returnCode),                        // connect return code
                ConnAckPacket.of(sessionPresent, reasonCode));
    }

    static Vector connAckDropsProperties() {
        return encodeOnly("CONNACK: 5.0 properties are not written", V311, bytes(
                0x20, 0x02,                         // CONNACK, remaining length 2
                0x00,                               // session present 0
                0x00),                              // return code 0 accepted
                new ConnAckPacket(false, ConnAckReasonCode.SUCCESS, 10L, 10, 1, 1, 1000L, "id", 3, "ok",
                        List.of(UserProperty.of("a", "b")), 1, 1, 1, 30, "ri", null, null, null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PUBLISH (section 3.3): topic name, packet identifier when QoS > 0, payload.
    // ---------------------------------------------------------------------------------------------------------

    static Vector publishQos0() {
        return both("PUBLISH QoS 0", V311, bytes(
                0x30,                               // PUBLISH, DUP 0, QoS 0, RETAIN 0
                0x07,                               // remaining length 7
                0x00, 0x03, 'a', '/', 'b',          // topic name "a/b"
                'h', 'i'),                          // payload "hi"
                PublishPacket.of("a/b", Qos.AT_MOST_ONCE, false, 0, utf8("hi")));
    }

    static Vector publishQos1DupRetain() {
        return both("PUBLISH QoS 1 with DUP and RETAIN", V311, bytes(
                0x3B,                               // PUBLISH, DUP 1, QoS 01, RETAIN 1
                0x08,                               // remaining length 8
                0x00, 0x03, 'a', '/', 'b',          // topic name "a/b"
                0x00, 0x01,                         // packet identifier 1
                'x'),                               // payload "x"
                PublishPacket.of("a/b", Qos.AT_LEAST_ONCE, true, 1, utf8("x")).withDup());
    }

    static Vector publishQos2TwoByteRemainingLength() {
        return both("PUBLISH QoS 2, 300-byte payload, remaining length 305 in two bytes", V311, concat(bytes(
                0x34,                               // PUBLISH, QoS 2
                0xB1, 0x02,                         // remaining length 305 = 0x31 + 2*128
                0x00, 0x01, 'a',                    // topic name "a"
                0xFF, 0xFF),                        // packet identifier 65535
                repeat(0x5A, 300)),                 // payload: 300 x 'Z'
                PublishPacket.of("a", Qos.EXACTLY_ONCE, false, 65535, utf8("Z".repeat(300))));
    }

    static Vector publishUtf8Topic() {
        return both("PUBLISH topic with multi-byte UTF-8 and U+FEFF kept as is [MQTT-1.5.3-3], empty payload",
                V311, bytes(
                0x30,                               // PUBLISH QoS 0
                0x0C,                               // remaining length 12
                0x00, 0x0A,                         // topic name length 10
                0xE6, 0xB8, 0xA9,                   //   U+6E29
                '/',                                //   separator
                0xC3, 0xA9,                         //   U+00E9
                '*',                                //   '*' (0x2A), not a wildcard
                0xEF, 0xBB, 0xBF),                  //   U+FEFF, must not be stripped
                PublishPacket.of("\u6E29/\u00E9*\uFEFF", Qos.AT_MOST_ONCE, false, 0, null));
    }

    static Vector publishDropsMqtt5Properties() {
        return encodeOnly("PUBLISH: 5.0 properties are not written", V311, bytes(
                0x32,                               // PUBLISH QoS 1
                0x08,                               // remaining length 8
                0x00, 0x03, 'a', '/', 'b',          // topic name "a/b"
                0x00, 0x02,                         // packet identifier 2
                'p'),                               // payload "p"
                new PublishPacket(false, Qos.AT_LEAST_ONCE, false, "a/b", 2, utf8("p"), 1, 60L, null, "resp",
                        buffer(0x09), List.of(UserProperty.of("k", "v")), List.of(3), "text/plain"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PUBACK, PUBREC, PUBREL, PUBCOMP (sections 3.4-3.7): packet identifier only, remaining length 2.
    // ---------------------------------------------------------------------------------------------------------

    static Vector pubAck() {
        return both("PUBACK", V311, bytes(
                0x40,                               // PUBACK
                0x02,                               // remaining length 2
                0x00, 0x01),                        // packet identifier 1
                PubAckPacket.of(1));
    }

    static Vector pubAckDropsProperties() {
        return encodeOnly("PUBACK: reason string and user properties are not written", V311, bytes(
                0x40, 0x02,                         // PUBACK, remaining length 2
                0x00, 0x09),                        // packet identifier 9
                new PubAckPacket(9, PubAckReasonCode.SUCCESS, "fine", List.of(UserProperty.of("a", "b"))));
    }

    /** A success code other than 0x00 means what the plain 3.1.1 PUBACK means; errors are refused (RoundTripTest). */
    static Vector pubAckSuccessCode() {
        return encodeOnly("PUBACK: 0x10 no matching subscribers, a success code, is written as the plain PUBACK", V311,
                bytes(
                0x40, 0x02,                         // PUBACK, remaining length 2
                0x00, 0x07),                        // packet identifier 7
                new PubAckPacket(7, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, null, List.of()));
    }

    static Vector pubRec() {
        return both("PUBREC", V311, bytes(
                0x50,                               // PUBREC
                0x02,                               // remaining length 2
                0x12, 0x34),                        // packet identifier 0x1234
                PubRecPacket.of(0x1234));
    }

    static Vector pubRecSuccessCode() {
        return encodeOnly("PUBREC: 0x10 no matching subscribers, a success code, is written as the plain PUBREC", V311,
                bytes(
                0x50, 0x02,                         // PUBREC, remaining length 2
                0x00, 0x08),                        // packet identifier 8
                new PubRecPacket(8, PubRecReasonCode.NO_MATCHING_SUBSCRIBERS, null, List.of()));
    }

    static Vector pubRel() {
        return both("PUBREL (reserved flags 0010)", V311, bytes(
                0x62,                               // PUBREL, flags 0010
                0x02,                               // remaining length 2
                0x12, 0x34),                        // packet identifier 0x1234
                PubRelPacket.of(0x1234));
    }

    static Vector pubComp() {
        return both("PUBCOMP", V311, bytes(
                0x70,                               // PUBCOMP
                0x02,                               // remaining length 2
                0xFF, 0xFE),                        // packet identifier 65534
                PubCompPacket.of(0xFFFE));
    }

    // ---------------------------------------------------------------------------------------------------------
    // SUBSCRIBE (section 3.8), SUBACK (3.9), UNSUBSCRIBE (3.10), UNSUBACK (3.11).
    // ---------------------------------------------------------------------------------------------------------

    static Vector subscribeTwoFilters() {
        return both("SUBSCRIBE two filters at QoS 1 and 2", V311, bytes(
                0x82,                               // SUBSCRIBE, flags 0010
                0x0E,                               // remaining length 14
                0x00, 0x01,                         // packet identifier 1
                0x00, 0x03, 'a', '/', 'b',          // topic filter "a/b"
                0x01,                               //   requested QoS 1
                0x00, 0x03, 'c', '/', '#',          // topic filter "c/#"
                0x02),                              //   requested QoS 2
                new SubscribePacket(1, List.of(SubscriptionRequest.of("a/b", Qos.AT_LEAST_ONCE),
                        SubscriptionRequest.of("c/#", Qos.EXACTLY_ONCE)), null, List.of()));
    }

    static Vector subscribeDropsMqtt5Options() {
        return encodeOnly("SUBSCRIBE: no local, retain as published, retain handling, subscription identifier "
                + "and user properties are not written", V311, bytes(
                0x82,                               // SUBSCRIBE
                0x08,                               // remaining length 8
                0x00, 0x01,                         // packet identifier 1
                0x00, 0x03, 'a', '/', 'b',          // topic filter "a/b"
                0x01),                              //   requested QoS 1 (upper six bits reserved, 0)
                new SubscribePacket(1, List.of(new SubscriptionRequest("a/b", Qos.AT_LEAST_ONCE, true, true,
                        RetainHandling.DO_NOT_SEND)), 5, List.of(UserProperty.of("a", "b"))));
    }

    static Vector subAck() {
        return both("SUBACK return codes 0, 1, 2 and failure 0x80", V311, bytes(
                0x90,                               // SUBACK
                0x06,                               // remaining length 6
                0x00, 0x01,                         // packet identifier 1
                0x00, 0x01, 0x02,                   // granted QoS 0, 1, 2
                0x80),                              // failure
                new SubAckPacket(1, List.of(SubAckReasonCode.GRANTED_QOS_0, SubAckReasonCode.GRANTED_QOS_1,
                        SubAckReasonCode.GRANTED_QOS_2, SubAckReasonCode.UNSPECIFIED_ERROR), null, List.of()));
    }

    static Vector unsubscribe() {
        return both("UNSUBSCRIBE two filters", V311, bytes(
                0xA2,                               // UNSUBSCRIBE, flags 0010
                0x0A,                               // remaining length 10
                0x00, 0x02,                         // packet identifier 2
                0x00, 0x03, 'a', '/', 'b',          // topic filter "a/b"
                0x00, 0x01, 'c'),                   // topic filter "c"
                new UnsubscribePacket(2, List.of("a/b", "c"), List.of()));
    }

    static Vector unsubscribeDropsUserProperties() {
        return encodeOnly("UNSUBSCRIBE: user properties are not written", V311, bytes(
                0xA2, 0x05,                         // UNSUBSCRIBE, remaining length 5
                0x00, 0x03,                         // packet identifier 3
                0x00, 0x01, '#'),                   // topic filter "#"
                new UnsubscribePacket(3, List.of("#"), List.of(UserProperty.of("a", "b"))));
    }

    static Vector unsubAck() {
        return both("UNSUBACK (no reason codes in 3.1.1)", V311, bytes(
                0xB0,                               // UNSUBACK
                0x02,                               // remaining length 2
                0x00, 0x02),                        // packet identifier 2
                new UnsubAckPacket(2, List.of(), null, List.of()));
    }

    static Vector unsubAckDropsReasonCodes() {
        return encodeOnly("UNSUBACK: reason codes and properties are not written", V311, bytes(
                0xB0, 0x02,                         // UNSUBACK, remaining length 2
                0x00, 0x02),                        // packet identifier 2
                new UnsubAckPacket(2, List.of(UnsubAckReasonCode.SUCCESS), "r", List.of(UserProperty.of("a", "b"))));
    }

    static Vector unsubAckSuccessCodes() {
        return encodeOnly("UNSUBACK: success codes 0x00 and 0x11 no subscription existed are written as the plain "
                + "UNSUBACK", V311, bytes(
                0xB0, 0x02,                         // UNSUBACK, remaining length 2
                0x00, 0x03),                        // packet identifier 3
                new UnsubAckPacket(3, List.of(UnsubAckReasonCode.SUCCESS, UnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED),
                        null, List.of()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PINGREQ (3.12), PINGRESP (3.13), DISCONNECT (3.14): fixed header only.
    // ---------------------------------------------------------------------------------------------------------

    static Vector pingReq() {
        return both("PINGREQ", V311, bytes(0xC0, 0x00), PingReqPacket.INSTANCE);
    }

    static Vector pingResp() {
        return both("PINGRESP", V311, bytes(0xD0, 0x00), PingRespPacket.INSTANCE);
    }

    static Vector disconnect() {
        return both("DISCONNECT", V311, bytes(
                0xE0,                               // DISCONNECT
                0x00),                              // remaining length 0
                DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION));
    }

    static Vector disconnectDropsProperties() {
        return encodeOnly("DISCONNECT: session expiry, reason string and user properties are not written", V311,
                bytes(0xE0, 0x00),
                new DisconnectPacket(DisconnectReasonCode.NORMAL_DISCONNECTION, 0L, "bye",
                        List.of(UserProperty.of("a", "b")), null));
    }
}
