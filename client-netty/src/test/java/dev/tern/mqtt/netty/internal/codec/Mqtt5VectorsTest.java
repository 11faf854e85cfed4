package dev.tern.mqtt.netty.internal.codec;

import static dev.tern.mqtt.netty.internal.codec.TestBytes.buffer;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.bytes;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.concat;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.repeat;
import static dev.tern.mqtt.netty.internal.codec.TestBytes.utf8;
import static dev.tern.mqtt.netty.internal.codec.Vector.both;
import static dev.tern.mqtt.netty.internal.codec.Vector.decodeOnly;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.RetainHandling;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
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
import dev.tern.mqtt.reason.AuthReasonCode;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.PubCompReasonCode;
import dev.tern.mqtt.reason.PubRecReasonCode;
import dev.tern.mqtt.reason.PubRelReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;

import java.util.EnumSet;
import java.util.List;

/**
 * Byte-exact MQTT 5.0 vectors for all 15 packet types, each written by hand from the OASIS MQTT Version 5.0
 * specification (chapter 2 for the fixed header, Variable Byte Integers and properties; chapter 3 for each packet).
 * Every byte was counted by hand: nothing here comes from our encoder. Each vector is checked both ways by the
 * tests of {@link VectorTable}: encode(packet) gives exactly the bytes, and decode(bytes) gives exactly the packet.
 */
class Mqtt5VectorsTest extends VectorTable {

    private static final MqttVersion V5 = MqttVersion.MQTT_5_0;

    static List<Vector> vectors() {
        return List.of(
                connectMinimal(), connectEmptyClientIdNoCleanStart(), connectWithEveryProperty(),
                connectWithWillAndCredentials(), connectPasswordWithoutUserName(), connectRepeatedUserProperties(),
                connectWillQos2WithoutWillProperties(), connectTwoBytePropertyLength(),
                connAckSuccess(), connAckSessionPresent(), connAckRefused(), connAckWithEveryProperty(),
                connAckServerMovedWithReference(),
                publishQos0(), publishQos1DupRetainEmptyPayload(), publishQos2WithEveryProperty(),
                publishTopicAliasWithEmptyTopic(), publishTwoByteRemainingLength(), publishMultiByteUtf8Topic(),
                pubAckShortForm(), pubAckReasonCodeOnly(), pubAckWithProperties(), pubAckSuccessWithReasonString(),
                pubAckSuccessReasonCodeWritten(), pubAckSuccessEmptyPropertyLength(),
                pubRecShortForm(), pubRecReasonCodeOnly(), pubRecWithUserProperty(), pubRecSuccessEmptyProperties(),
                pubRelShortForm(), pubRelReasonCodeOnly(), pubRelWithReasonString(),
                pubCompShortForm(), pubCompReasonCodeOnly(), pubCompWithProperties(),
                subscribeOneFilter(), subscribeEveryOptionWithIdentifierAndUserProperty(),
                subAckGrantedQos(), subAckFailuresWithReasonString(),
                unsubscribeTwoFilters(), unsubscribeRepeatedUserProperties(),
                unsubAckSuccess(), unsubAckFailuresWithProperties(),
                pingReq(), pingResp(),
                disconnectShortest(), disconnectReasonCodeOnly(), disconnectWithEveryProperty(),
                disconnectNormalReasonCodeWritten(), disconnectNormalEmptyProperties(),
                authShortest(), authContinueWithMethodAndData(), authReauthenticateWithReasonString());
    }

    Mqtt5VectorsTest() {
        super(V5, EnumSet.allOf(PacketType.class), 15);
    }

    @Override
    List<Vector> table() {
        return vectors();
    }

    @Override
    List<Vector> otherVersionTable() {
        return Mqtt311VectorsTest.vectors();
    }

    // ---------------------------------------------------------------------------------------------------------
    // CONNECT (section 3.1). Variable header: protocol name, version, connect flags, keep alive, properties.
    // Connect flags: bit 7 user name, 6 password, 5 will retain, 4-3 will QoS, 2 will flag, 1 clean start,
    // 0 reserved.
    // ---------------------------------------------------------------------------------------------------------

    static Vector connectMinimal() {
        return both("CONNECT minimal: clean start, keep alive 60, no properties", V5, bytes(
                0x10,                               // CONNECT, flags 0000
                0x11,                               // remaining length 17
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x02,                               // connect flags: clean start
                0x00, 0x3C,                         // keep alive 60 s
                0x00,                               // property length 0
                0x00, 0x04, 't', 'e', 'r', 'n'),    // client identifier "tern"
                ConnectPacket.basic(V5, "tern", true, 60));
    }

    static Vector connectEmptyClientIdNoCleanStart() {
        return both("CONNECT empty client identifier, clean start 0, keep alive 0", V5, bytes(
                0x10,                               // CONNECT
                0x0D,                               // remaining length 13
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x00,                               // connect flags: none
                0x00, 0x00,                         // keep alive 0 (off)
                0x00,                               // property length 0
                0x00, 0x00),                        // client identifier "" (3.1.3.1: server may assign one)
                ConnectPacket.basic(V5, "", false, 0));
    }

    static Vector connectWithEveryProperty() {
        return both("CONNECT with every CONNECT property, in ascending identifier order", V5, bytes(
                0x10,                               // CONNECT
                0x39,                               // remaining length 57
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x02,                               // connect flags: clean start
                0x00, 0x1E,                         // keep alive 30 s
                0x28,                               // property length 40
                0x11, 0x00, 0x00, 0x0E, 0x10,       //   session expiry interval 3600
                0x15, 0x00, 0x05, 'S', 'C', 'R', 'A', 'M', //   authentication method "SCRAM"
                0x16, 0x00, 0x02, 0x01, 0x02,       //   authentication data 01 02
                0x17, 0x00,                         //   request problem information 0
                0x19, 0x01,                         //   request response information 1
                0x21, 0x00, 0x14,                   //   receive maximum 20
                0x22, 0x00, 0x0A,                   //   topic alias maximum 10
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, '1', //   user property a=1
                0x27, 0x00, 0x10, 0x00, 0x00,       //   maximum packet size 1048576
                0x00, 0x04, 't', 'e', 'r', 'n'),    // client identifier "tern"
                new ConnectPacket(V5, "tern", true, 30, null, null, null, 3600L, 20, 1_048_576L, 10, 1, 0,
                        "SCRAM", buffer(0x01, 0x02), List.of(UserProperty.of("a", "1"))));
    }

    static Vector connectWithWillAndCredentials() {
        return both("CONNECT with will (every will property), user name and password", V5, bytes(
                0x10,                               // CONNECT
                0x3E,                               // remaining length 62
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0xEE,                               // flags: user name, password, will retain, will QoS 1,
                                                    //        will flag, clean start (1110 1110)
                0x00, 0x0A,                         // keep alive 10 s
                0x00,                               // property length 0
                0x00, 0x01, 'c',                    // client identifier "c"
                0x1F,                               // will property length 31
                0x01, 0x01,                         //   payload format indicator 1 (UTF-8)
                0x02, 0x00, 0x00, 0x00, 0x3C,       //   message expiry interval 60
                0x03, 0x00, 0x01, 't',              //   content type "t"
                0x08, 0x00, 0x01, 'r',              //   response topic "r"
                0x09, 0x00, 0x01, 0xAB,             //   correlation data AB
                0x18, 0x00, 0x00, 0x00, 0x05,       //   will delay interval 5
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', //   user property k=v
                0x00, 0x03, 'w', '/', 't',          // will topic "w/t"
                0x00, 0x02, 'h', 'i',               // will payload "hi"
                0x00, 0x01, 'u',                    // user name "u"
                0x00, 0x02, 'p', 'w'),              // password "pw"
                new ConnectPacket(V5, "c", true, 10, "u", utf8("pw"),
                        new WillMessage("w/t", utf8("hi"), Qos.AT_LEAST_ONCE, true, 5L, 1, 60L, "t", "r",
                                buffer(0xAB), List.of(UserProperty.of("k", "v"))),
                        null, null, null, null, null, null, null, null, List.of()));
    }

    static Vector connectPasswordWithoutUserName() {
        return both("CONNECT password without user name (allowed in 5.0, 3.1.2.9)", V5, bytes(
                0x10,                               // CONNECT
                0x12,                               // remaining length 18
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x42,                               // flags: password, clean start
                0x00, 0x00,                         // keep alive 0
                0x00,                               // property length 0
                0x00, 0x01, 'p',                    // client identifier "p"
                0x00, 0x02, 0x00, 0xFF),            // password 00 FF (binary data)
                new ConnectPacket(V5, "p", true, 0, null, buffer(0x00, 0xFF), null, null, null, null, null, null,
                        null, null, null, List.of()));
    }

    static Vector connectRepeatedUserProperties() {
        return both("CONNECT user properties: same name twice, order kept", V5, bytes(
                0x10,                               // CONNECT
                0x23,                               // remaining length 35
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x02,                               // flags: clean start
                0x00, 0x00,                         // keep alive 0
                0x15,                               // property length 21
                0x26, 0x00, 0x01, 'n', 0x00, 0x01, '1', //   user property n=1
                0x26, 0x00, 0x01, 'n', 0x00, 0x01, '2', //   user property n=2
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, '3', //   user property a=3 (not sorted by name)
                0x00, 0x01, 'x'),                   // client identifier "x"
                new ConnectPacket(V5, "x", true, 0, null, null, null, null, null, null, null, null, null, null,
                        null, List.of(UserProperty.of("n", "1"), UserProperty.of("n", "2"),
                                UserProperty.of("a", "3"))));
    }

    static Vector connectWillQos2WithoutWillProperties() {
        return both("CONNECT will QoS 2, not retained, empty will payload, no will properties", V5, bytes(
                0x10,                               // CONNECT
                0x14,                               // remaining length 20
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x16,                               // flags: will QoS 2 (bits 4-3 = 10), will flag, clean start
                0x00, 0x05,                         // keep alive 5
                0x00,                               // property length 0
                0x00, 0x01, 'w',                    // client identifier "w"
                0x00,                               // will property length 0
                0x00, 0x01, 'a',                    // will topic "a"
                0x00, 0x00),                        // will payload: zero bytes
                new ConnectPacket(V5, "w", true, 5, null, null,
                        WillMessage.of("a", null, Qos.EXACTLY_ONCE, false),
                        null, null, null, null, null, null, null, null, List.of()));
    }

    static Vector connectTwoBytePropertyLength() {
        return both("CONNECT property length and remaining length above 127 (two-byte VBI)", V5, concat(bytes(
                0x10,                               // CONNECT
                0x97, 0x01,                         // remaining length 151 = 0x17 + 1*128
                0x00, 0x04, 'M', 'Q', 'T', 'T',     // protocol name
                0x05,                               // protocol version 5
                0x02,                               // flags: clean start
                0x00, 0x00,                         // keep alive 0
                0x88, 0x01,                         // property length 136 = 0x08 + 1*128
                0x26, 0x00, 0x01, 'k',              //   user property name "k"
                0x00, 0x82),                        //   value length 130
                repeat('v', 130),                   //   value "vvv...v"
                bytes(0x00, 0x01, 'v')),            // client identifier "v"
                new ConnectPacket(V5, "v", true, 0, null, null, null, null, null, null, null, null, null, null,
                        null, List.of(UserProperty.of("k", "v".repeat(130)))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // CONNACK (section 3.2): acknowledge flags, reason code, properties. No short form.
    // ---------------------------------------------------------------------------------------------------------

    static Vector connAckSuccess() {
        return both("CONNACK success, no properties", V5, bytes(
                0x20,                               // CONNACK
                0x03,                               // remaining length 3
                0x00,                               // acknowledge flags: session present 0
                0x00,                               // reason code 0x00 success
                0x00),                              // property length 0
                ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
    }

    static Vector connAckSessionPresent() {
        return both("CONNACK session present", V5, bytes(
                0x20, 0x03,                         // CONNACK, remaining length 3
                0x01,                               // acknowledge flags: session present 1
                0x00,                               // success
                0x00),                              // property length 0
                ConnAckPacket.of(true, ConnAckReasonCode.SUCCESS));
    }

    static Vector connAckRefused() {
        return both("CONNACK refused: 0x87 not authorized", V5, bytes(
                0x20, 0x03,                         // CONNACK, remaining length 3
                0x00,                               // session present 0 (required with an error, 3.2.2-6)
                0x87,                               // reason code 0x87 not authorized
                0x00),                              // property length 0
                ConnAckPacket.of(false, ConnAckReasonCode.NOT_AUTHORIZED));
    }

    static Vector connAckWithEveryProperty() {
        return both("CONNACK with every CONNACK property, in ascending identifier order", V5, bytes(
                0x20,                               // CONNACK
                0x44,                               // remaining length 68
                0x00,                               // session present 0
                0x00,                               // success
                0x41,                               // property length 65
                0x11, 0xFF, 0xFF, 0xFF, 0xFF,       //   session expiry interval 4294967295 (never)
                0x12, 0x00, 0x03, 'i', 'd', '1',    //   assigned client identifier "id1"
                0x13, 0x00, 0x78,                   //   server keep alive 120
                0x15, 0x00, 0x01, 'M',              //   authentication method "M"
                0x16, 0x00, 0x01, 0x01,             //   authentication data 01
                0x1A, 0x00, 0x02, 'r', 'i',         //   response information "ri"
                0x1C, 0x00, 0x02, 's', '2',         //   server reference "s2"
                0x1F, 0x00, 0x02, 'o', 'k',         //   reason string "ok"
                0x21, 0x00, 0x64,                   //   receive maximum 100
                0x22, 0x00, 0x05,                   //   topic alias maximum 5
                0x24, 0x01,                         //   maximum QoS 1
                0x25, 0x00,                         //   retain available 0
                0x26, 0x00, 0x01, 'x', 0x00, 0x01, 'y', //   user property x=y
                0x27, 0x00, 0x01, 0x00, 0x00,       //   maximum packet size 65536
                0x28, 0x00,                         //   wildcard subscription available 0
                0x29, 0x01,                         //   subscription identifiers available 1
                0x2A, 0x00),                        //   shared subscription available 0
                new ConnAckPacket(false, ConnAckReasonCode.SUCCESS, 4_294_967_295L, 100, 1, 0, 65_536L, "id1", 5,
                        "ok", List.of(UserProperty.of("x", "y")), 0, 1, 0, 120, "ri", "s2", "M", buffer(0x01)));
    }

    static Vector connAckServerMovedWithReference() {
        return both("CONNACK 0x9D server moved with server reference", V5, bytes(
                0x20,                               // CONNACK
                0x0B,                               // remaining length 11
                0x00,                               // session present 0
                0x9D,                               // reason code 0x9D server moved
                0x08,                               // property length 8
                0x1C, 0x00, 0x05, 'h', 'o', 's', 't', '2'), //   server reference "host2"
                new ConnAckPacket(false, ConnAckReasonCode.SERVER_MOVED, null, null, null, null, null, null, null,
                        null, List.of(), null, null, null, null, null, "host2", null, null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PUBLISH (section 3.3). Fixed header flags: bit 3 DUP, bits 2-1 QoS, bit 0 RETAIN.
    // Variable header: topic name, packet identifier (QoS > 0 only), properties. Then the payload.
    // ---------------------------------------------------------------------------------------------------------

    static Vector publishQos0() {
        return both("PUBLISH QoS 0, no properties", V5, bytes(
                0x30,                               // PUBLISH, DUP 0, QoS 0, RETAIN 0
                0x08,                               // remaining length 8
                0x00, 0x03, 'a', '/', 'b',          // topic name "a/b"
                0x00,                               // property length 0 (no packet identifier at QoS 0)
                'h', 'i'),                          // payload "hi"
                PublishPacket.of("a/b", Qos.AT_MOST_ONCE, false, 0, utf8("hi")));
    }

    static Vector publishQos1DupRetainEmptyPayload() {
        return both("PUBLISH QoS 1, DUP and RETAIN set, zero-length payload", V5, bytes(
                0x3B,                               // PUBLISH, DUP 1, QoS 01, RETAIN 1 (0011 1011)
                0x08,                               // remaining length 8
                0x00, 0x03, 'a', '/', 'b',          // topic name "a/b"
                0x00, 0x0A,                         // packet identifier 10
                0x00),                              // property length 0; payload empty
                PublishPacket.of("a/b", Qos.AT_LEAST_ONCE, true, 10, null).withDup());
    }

    static Vector publishQos2WithEveryProperty() {
        return both("PUBLISH QoS 2 with every PUBLISH property, three subscription identifiers, repeated user "
                + "property", V5, bytes(
                0x34,                               // PUBLISH, QoS 2 (0011 0100)
                0x41,                               // remaining length 65
                0x00, 0x01, 't',                    // topic name "t"
                0xFF, 0xFF,                         // packet identifier 65535
                0x39,                               // property length 57
                0x01, 0x01,                         //   payload format indicator 1
                0x02, 0x00, 0x00, 0x01, 0x2C,       //   message expiry interval 300
                0x03, 0x00, 0x04, 'j', 's', 'o', 'n', //   content type "json"
                0x08, 0x00, 0x05, 'r', 'e', '/', 's', 'p', //   response topic "re/sp"
                0x09, 0x00, 0x03, 0x01, 0x02, 0x03, //   correlation data 01 02 03
                0x0B, 0x01,                         //   subscription identifier 1
                0x0B, 0xC8, 0x01,                   //   subscription identifier 200 = 0x48 + 1*128
                0x0B, 0xFF, 0xFF, 0xFF, 0x7F,       //   subscription identifier 268435455 (the largest)
                0x23, 0x00, 0x07,                   //   topic alias 7
                0x26, 0x00, 0x01, 'k', 0x00, 0x02, 'v', '1', //   user property k=v1
                0x26, 0x00, 0x01, 'k', 0x00, 0x02, 'v', '2', //   user property k=v2
                '{', '}'),                          // payload "{}"
                new PublishPacket(false, Qos.EXACTLY_ONCE, false, "t", 65535, utf8("{}"), 1, 300L, 7, "re/sp",
                        buffer(0x01, 0x02, 0x03), List.of(UserProperty.of("k", "v1"), UserProperty.of("k", "v2")),
                        List.of(1, 200, 268_435_455), "json"));
    }

    static Vector publishTopicAliasWithEmptyTopic() {
        return both("PUBLISH with topic alias and zero-length topic name (3.3.2.3.4)", V5, bytes(
                0x30,                               // PUBLISH QoS 0
                0x07,                               // remaining length 7
                0x00, 0x00,                         // topic name "" (stands in the alias)
                0x03,                               // property length 3
                0x23, 0x00, 0x01,                   //   topic alias 1
                'x'),                               // payload "x"
                new PublishPacket(false, Qos.AT_MOST_ONCE, false, "", 0, utf8("x"), null, null, 1, null, null,
                        List.of(), List.of(), null));
    }

    static Vector publishTwoByteRemainingLength() {
        return both("PUBLISH with 200-byte payload: remaining length 206 in two bytes", V5, concat(bytes(
                0x30,                               // PUBLISH QoS 0
                0xCE, 0x01,                         // remaining length 206 = 0x4E + 1*128
                0x00, 0x03, 'b', 'i', 'g',          // topic name "big"
                0x00),                              // property length 0
                repeat('x', 200)),                  // payload: 200 x 'x'
                PublishPacket.of("big", Qos.AT_MOST_ONCE, false, 0, utf8("x".repeat(200))));
    }

    static Vector publishMultiByteUtf8Topic() {
        return both("PUBLISH topic with 2-, 3- and 4-byte UTF-8 and a U+FEFF kept as is (1.5.4-3)", V5, bytes(
                0x30,                               // PUBLISH QoS 0
                0x10,                               // remaining length 16
                0x00, 0x0D,                         // topic name length 13
                0xC3, 0xBC,                         //   U+00FC (u umlaut)
                0xE2, 0x82, 0xAC,                   //   U+20AC (euro sign)
                0xF0, 0x9D, 0x84, 0x9E,             //   U+1D11E (musical symbol G clef)
                '/',                                //   separator
                0xEF, 0xBB, 0xBF,                   //   U+FEFF, must not be stripped
                0x00),                              // property length 0; payload empty
                PublishPacket.of("\u00FC\u20AC\uD834\uDD1E/\uFEFF", Qos.AT_MOST_ONCE, false, 0, null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PUBACK / PUBREC / PUBREL / PUBCOMP (sections 3.4-3.7): packet identifier, reason code, properties.
    // Remaining length 2: success, no properties. Remaining length 3: reason code, no properties.
    // ---------------------------------------------------------------------------------------------------------

    static Vector pubAckShortForm() {
        return both("PUBACK success, short form (remaining length 2)", V5, bytes(
                0x40,                               // PUBACK
                0x02,                               // remaining length 2
                0x00, 0x01),                        // packet identifier 1; reason 0x00 implied
                PubAckPacket.of(1));
    }

    static Vector pubAckReasonCodeOnly() {
        return both("PUBACK 0x10 no matching subscribers, reason code without properties", V5, bytes(
                0x40,                               // PUBACK
                0x03,                               // remaining length 3
                0x12, 0x34,                         // packet identifier 0x1234
                0x10),                              // reason code 0x10 no matching subscribers
                new PubAckPacket(0x1234, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, null, List.of()));
    }

    static Vector pubAckWithProperties() {
        return both("PUBACK 0x87 with reason string and user property", V5, bytes(
                0x40,                               // PUBACK
                0x14,                               // remaining length 20
                0x00, 0x05,                         // packet identifier 5
                0x87,                               // reason code 0x87 not authorized
                0x10,                               // property length 16
                0x1F, 0x00, 0x06, 'd', 'e', 'n', 'i', 'e', 'd', //   reason string "denied"
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b'), //   user property a=b
                new PubAckPacket(5, PubAckReasonCode.NOT_AUTHORIZED, "denied", List.of(UserProperty.of("a", "b"))));
    }

    static Vector pubAckSuccessWithReasonString() {
        return both("PUBACK success with a reason string: the full form", V5, bytes(
                0x40,                               // PUBACK
                0x09,                               // remaining length 9
                0x00, 0x02,                         // packet identifier 2
                0x00,                               // reason code success
                0x05,                               // property length 5
                0x1F, 0x00, 0x02, 'o', 'k'),        //   reason string "ok"
                new PubAckPacket(2, PubAckReasonCode.SUCCESS, "ok", List.of()));
    }

    static Vector pubAckSuccessReasonCodeWritten() {
        return decodeOnly("PUBACK success with the reason code written (remaining length 3)", V5, bytes(
                0x40, 0x03,                         // PUBACK, remaining length 3
                0x00, 0x01,                         // packet identifier 1
                0x00),                              // reason code success, no property length (3.4.2.2.1)
                PubAckPacket.of(1));
    }

    static Vector pubAckSuccessEmptyPropertyLength() {
        return decodeOnly("PUBACK success with a zero property length (remaining length 4)", V5, bytes(
                0x40, 0x04,                         // PUBACK, remaining length 4
                0x00, 0x01,                         // packet identifier 1
                0x00,                               // reason code success
                0x00),                              // property length 0
                PubAckPacket.of(1));
    }

    static Vector pubRecShortForm() {
        return both("PUBREC success, short form", V5, bytes(
                0x50,                               // PUBREC
                0x02,                               // remaining length 2
                0x00, 0x07),                        // packet identifier 7
                PubRecPacket.of(7));
    }

    static Vector pubRecReasonCodeOnly() {
        return both("PUBREC 0x91 packet identifier in use, reason code only", V5, bytes(
                0x50, 0x03,                         // PUBREC, remaining length 3
                0x00, 0x07,                         // packet identifier 7
                0x91),                              // reason code 0x91 packet identifier in use
                new PubRecPacket(7, PubRecReasonCode.PACKET_IDENTIFIER_IN_USE, null, List.of()));
    }

    static Vector pubRecWithUserProperty() {
        return both("PUBREC 0x97 quota exceeded with two user properties", V5, bytes(
                0x50,                               // PUBREC
                0x12,                               // remaining length 18
                0x80, 0x00,                         // packet identifier 32768
                0x97,                               // reason code 0x97 quota exceeded
                0x0E,                               // property length 14
                0x26, 0x00, 0x01, 'q', 0x00, 0x01, '1', //   user property q=1
                0x26, 0x00, 0x01, 'q', 0x00, 0x01, '1'), //   user property q=1 again (duplicates allowed)
                new PubRecPacket(0x8000, PubRecReasonCode.QUOTA_EXCEEDED, null,
                        List.of(UserProperty.of("q", "1"), UserProperty.of("q", "1"))));
    }

    static Vector pubRecSuccessEmptyProperties() {
        return decodeOnly("PUBREC success with reason code and zero property length", V5, bytes(
                0x50, 0x04,                         // PUBREC, remaining length 4
                0x00, 0x07,                         // packet identifier 7
                0x00,                               // success
                0x00),                              // property length 0
                PubRecPacket.of(7));
    }

    static Vector pubRelShortForm() {
        return both("PUBREL success, short form", V5, bytes(
                0x62,                               // PUBREL, reserved flags 0010
                0x02,                               // remaining length 2
                0xAB, 0xCD),                        // packet identifier 0xABCD
                PubRelPacket.of(0xABCD));
    }

    static Vector pubRelReasonCodeOnly() {
        return both("PUBREL 0x92 packet identifier not found, reason code only", V5, bytes(
                0x62, 0x03,                         // PUBREL, remaining length 3
                0x00, 0x01,                         // packet identifier 1
                0x92),                              // reason code 0x92 packet identifier not found
                new PubRelPacket(1, PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null, List.of()));
    }

    static Vector pubRelWithReasonString() {
        return both("PUBREL 0x92 with reason string", V5, bytes(
                0x62,                               // PUBREL
                0x0A,                               // remaining length 10
                0x00, 0x01,                         // packet identifier 1
                0x92,                               // reason code 0x92
                0x06,                               // property length 6
                0x1F, 0x00, 0x03, 'g', 'o', 'n'),   //   reason string "gon"
                new PubRelPacket(1, PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND, "gon", List.of()));
    }

    static Vector pubCompShortForm() {
        return both("PUBCOMP success, short form", V5, bytes(
                0x70,                               // PUBCOMP
                0x02,                               // remaining length 2
                0x01, 0x00),                        // packet identifier 256
                PubCompPacket.of(256));
    }

    static Vector pubCompReasonCodeOnly() {
        return both("PUBCOMP 0x92 packet identifier not found, reason code only", V5, bytes(
                0x70, 0x03,                         // PUBCOMP, remaining length 3
                0x01, 0x00,                         // packet identifier 256
                0x92),                              // reason code 0x92
                new PubCompPacket(256, PubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null, List.of()));
    }

    static Vector pubCompWithProperties() {
        return both("PUBCOMP success with reason string and user property", V5, bytes(
                0x70,                               // PUBCOMP
                0x0F,                               // remaining length 15
                0x01, 0x00,                         // packet identifier 256
                0x00,                               // success
                0x0B,                               // property length 11
                0x1F, 0x00, 0x01, 'd',              //   reason string "d"
                0x26, 0x00, 0x01, 'e', 0x00, 0x01, 'f'), //   user property e=f
                new PubCompPacket(256, PubCompReasonCode.SUCCESS, "d", List.of(UserProperty.of("e", "f"))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // SUBSCRIBE (section 3.8): packet identifier, properties, then topic filter + options pairs.
    // Options: bits 1-0 maximum QoS, bit 2 no local, bit 3 retain as published, bits 5-4 retain handling.
    // ---------------------------------------------------------------------------------------------------------

    static Vector subscribeOneFilter() {
        return both("SUBSCRIBE one filter at QoS 1", V5, bytes(
                0x82,                               // SUBSCRIBE, reserved flags 0010
                0x09,                               // remaining length 9
                0x00, 0x0A,                         // packet identifier 10
                0x00,                               // property length 0
                0x00, 0x03, 'a', '/', 'b',          // topic filter "a/b"
                0x01),                              // options: QoS 1
                new SubscribePacket(10, List.of(SubscriptionRequest.of("a/b", Qos.AT_LEAST_ONCE)), null,
                        List.of()));
    }

    static Vector subscribeEveryOptionWithIdentifierAndUserProperty() {
        return both("SUBSCRIBE three filters with every option, subscription identifier 128, user property", V5,
                bytes(
                0x82,                               // SUBSCRIBE
                0x24,                               // remaining length 36
                0x01, 0x02,                         // packet identifier 258
                0x0A,                               // property length 10
                0x0B, 0x80, 0x01,                   //   subscription identifier 128 = 0x00 + 1*128
                0x26, 0x00, 0x01, 'u', 0x00, 0x01, 'v', //   user property u=v
                0x00, 0x01, '#',                    // topic filter "#"
                0x02,                               //   options: QoS 2
                0x00, 0x03, '+', '/', 'x',          // topic filter "+/x"
                0x2C,                               //   options: retain handling 2, RAP, no local, QoS 0
                0x00, 0x0A, '$', 's', 'h', 'a', 'r', 'e', '/', 'g', '/', 't', // topic filter "$share/g/t"
                0x11),                              //   options: retain handling 1, QoS 1
                new SubscribePacket(258, List.of(
                        new SubscriptionRequest("#", Qos.EXACTLY_ONCE, false, false,
                                RetainHandling.SEND_ON_SUBSCRIBE),
                        new SubscriptionRequest("+/x", Qos.AT_MOST_ONCE, true, true, RetainHandling.DO_NOT_SEND),
                        new SubscriptionRequest("$share/g/t", Qos.AT_LEAST_ONCE, false, false,
                                RetainHandling.SEND_IF_NEW_SUBSCRIPTION)),
                        128, List.of(UserProperty.of("u", "v"))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // SUBACK (section 3.9): packet identifier, properties, one reason code per filter.
    // ---------------------------------------------------------------------------------------------------------

    static Vector subAckGrantedQos() {
        return both("SUBACK granted QoS 0, 1, 2", V5, bytes(
                0x90,                               // SUBACK
                0x06,                               // remaining length 6
                0x00, 0x0A,                         // packet identifier 10
                0x00,                               // property length 0
                0x00, 0x01, 0x02),                  // granted QoS 0, 1, 2
                new SubAckPacket(10, List.of(SubAckReasonCode.GRANTED_QOS_0, SubAckReasonCode.GRANTED_QOS_1,
                        SubAckReasonCode.GRANTED_QOS_2), null, List.of()));
    }

    static Vector subAckFailuresWithReasonString() {
        return both("SUBACK every failure code, with reason string", V5, bytes(
                0x90,                               // SUBACK
                0x12,                               // remaining length 18
                0x00, 0x0B,                         // packet identifier 11
                0x06,                               // property length 6
                0x1F, 0x00, 0x03, 'n', 'o', '!',    //   reason string "no!"
                0x80, 0x83, 0x87, 0x8F, 0x91,       // unspecified, implementation specific, not authorized,
                                                    // topic filter invalid, packet identifier in use
                0x97, 0x9E, 0xA1, 0xA2),            // quota exceeded, shared / subscription identifiers /
                                                    // wildcard subscriptions not supported
                new SubAckPacket(11, List.of(SubAckReasonCode.UNSPECIFIED_ERROR,
                        SubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, SubAckReasonCode.NOT_AUTHORIZED,
                        SubAckReasonCode.TOPIC_FILTER_INVALID, SubAckReasonCode.PACKET_IDENTIFIER_IN_USE,
                        SubAckReasonCode.QUOTA_EXCEEDED, SubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
                        SubAckReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                        SubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED), "no!", List.of()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // UNSUBSCRIBE (section 3.10) and UNSUBACK (section 3.11).
    // ---------------------------------------------------------------------------------------------------------

    static Vector unsubscribeTwoFilters() {
        return both("UNSUBSCRIBE two filters", V5, bytes(
                0xA2,                               // UNSUBSCRIBE, reserved flags 0010
                0x0D,                               // remaining length 13
                0x00, 0x0C,                         // packet identifier 12
                0x00,                               // property length 0
                0x00, 0x03, 'a', '/', 'b',          // topic filter "a/b"
                0x00, 0x03, 'c', '/', '#'),         // topic filter "c/#"
                new UnsubscribePacket(12, List.of("a/b", "c/#"), List.of()));
    }

    static Vector unsubscribeRepeatedUserProperties() {
        return both("UNSUBSCRIBE with the same user property name twice", V5, bytes(
                0xA2,                               // UNSUBSCRIBE
                0x14,                               // remaining length 20
                0x00, 0x0D,                         // packet identifier 13
                0x0E,                               // property length 14
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, '1', //   user property k=1
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, '2', //   user property k=2
                0x00, 0x01, 'x'),                   // topic filter "x"
                new UnsubscribePacket(13, List.of("x"), List.of(UserProperty.of("k", "1"),
                        UserProperty.of("k", "2"))));
    }

    static Vector unsubAckSuccess() {
        return both("UNSUBACK success and no subscription existed", V5, bytes(
                0xB0,                               // UNSUBACK
                0x05,                               // remaining length 5
                0x00, 0x0C,                         // packet identifier 12
                0x00,                               // property length 0
                0x00, 0x11),                        // success, 0x11 no subscription existed
                new UnsubAckPacket(12, List.of(UnsubAckReasonCode.SUCCESS,
                        UnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED), null, List.of()));
    }

    static Vector unsubAckFailuresWithProperties() {
        return both("UNSUBACK every failure code, with reason string and user property", V5, bytes(
                0xB0,                               // UNSUBACK
                0x13,                               // remaining length 19
                0x00, 0x0D,                         // packet identifier 13
                0x0B,                               // property length 11
                0x1F, 0x00, 0x01, 'r',              //   reason string "r"
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b', //   user property a=b
                0x80, 0x83, 0x87, 0x8F, 0x91),      // unspecified, implementation specific, not authorized,
                                                    // topic filter invalid, packet identifier in use
                new UnsubAckPacket(13, List.of(UnsubAckReasonCode.UNSPECIFIED_ERROR,
                        UnsubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, UnsubAckReasonCode.NOT_AUTHORIZED,
                        UnsubAckReasonCode.TOPIC_FILTER_INVALID, UnsubAckReasonCode.PACKET_IDENTIFIER_IN_USE),
                        "r", List.of(UserProperty.of("a", "b"))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PINGREQ / PINGRESP (sections 3.12, 3.13): fixed header only.
    // ---------------------------------------------------------------------------------------------------------

    static Vector pingReq() {
        return both("PINGREQ", V5, bytes(
                0xC0,                               // PINGREQ
                0x00),                              // remaining length 0
                PingReqPacket.INSTANCE);
    }

    static Vector pingResp() {
        return both("PINGRESP", V5, bytes(
                0xD0,                               // PINGRESP
                0x00),                              // remaining length 0
                PingRespPacket.INSTANCE);
    }

    // ---------------------------------------------------------------------------------------------------------
    // DISCONNECT (section 3.14): reason code, properties. Remaining length 0 means 0x00 with no properties;
    // remaining length 1 means a reason code with no properties (3.14.2.2.1).
    // ---------------------------------------------------------------------------------------------------------

    static Vector disconnectShortest() {
        return both("DISCONNECT normal, remaining length 0", V5, bytes(
                0xE0,                               // DISCONNECT
                0x00),                              // remaining length 0: reason 0x00, no properties
                DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION));
    }

    static Vector disconnectReasonCodeOnly() {
        return both("DISCONNECT 0x04 with will message, reason code only", V5, bytes(
                0xE0,                               // DISCONNECT
                0x01,                               // remaining length 1
                0x04),                              // reason code 0x04 disconnect with will message
                DisconnectPacket.of(DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
    }

    static Vector disconnectWithEveryProperty() {
        return both("DISCONNECT 0x9C use another server with every DISCONNECT property", V5, bytes(
                0xE0,                               // DISCONNECT
                0x18,                               // remaining length 24
                0x9C,                               // reason code 0x9C use another server
                0x16,                               // property length 22
                0x11, 0x00, 0x00, 0x00, 0x00,       //   session expiry interval 0
                0x1C, 0x00, 0x01, 'x',              //   server reference "x"
                0x1F, 0x00, 0x03, 'b', 'y', 'e',    //   reason string "bye"
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b'), //   user property a=b
                new DisconnectPacket(DisconnectReasonCode.USE_ANOTHER_SERVER, 0L, "bye",
                        List.of(UserProperty.of("a", "b")), "x"));
    }

    static Vector disconnectNormalReasonCodeWritten() {
        return decodeOnly("DISCONNECT normal with the reason code written (remaining length 1)", V5, bytes(
                0xE0, 0x01,                         // DISCONNECT, remaining length 1
                0x00),                              // reason code 0x00
                DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION));
    }

    static Vector disconnectNormalEmptyProperties() {
        return decodeOnly("DISCONNECT normal with zero property length (remaining length 2)", V5, bytes(
                0xE0, 0x02,                         // DISCONNECT, remaining length 2
                0x00,                               // reason code 0x00
                0x00),                              // property length 0
                DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION));
    }

    // ---------------------------------------------------------------------------------------------------------
    // AUTH (section 3.15): reason code, properties. Remaining length 0 means success with no properties.
    // ---------------------------------------------------------------------------------------------------------

    static Vector authShortest() {
        return both("AUTH success, remaining length 0", V5, bytes(
                0xF0,                               // AUTH
                0x00),                              // remaining length 0: reason 0x00, no properties
                new AuthPacket(AuthReasonCode.SUCCESS, null, null, null, List.of()));
    }

    static Vector authContinueWithMethodAndData() {
        return both("AUTH 0x18 continue authentication with method and data", V5, bytes(
                0xF0,                               // AUTH
                0x10,                               // remaining length 16
                0x18,                               // reason code 0x18 continue authentication
                0x0E,                               // property length 14
                0x15, 0x00, 0x05, 'S', 'C', 'R', 'A', 'M', //   authentication method "SCRAM"
                0x16, 0x00, 0x03, 0x01, 0x02, 0x03), //   authentication data 01 02 03
                new AuthPacket(AuthReasonCode.CONTINUE_AUTHENTICATION, "SCRAM", buffer(0x01, 0x02, 0x03), null,
                        List.of()));
    }

    static Vector authReauthenticateWithReasonString() {
        return both("AUTH 0x19 re-authenticate with method, reason string and user property", V5, bytes(
                0xF0,                               // AUTH
                0x11,                               // remaining length 17
                0x19,                               // reason code 0x19 re-authenticate
                0x0F,                               // property length 15
                0x15, 0x00, 0x01, 'M',              //   authentication method "M"
                0x1F, 0x00, 0x01, 'r',              //   reason string "r"
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b'), //   user property a=b
                new AuthPacket(AuthReasonCode.RE_AUTHENTICATE, "M", null, "r", List.of(UserProperty.of("a", "b"))));
    }
}
