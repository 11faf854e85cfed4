package dev.tern.mqtt.netty.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.RetainHandling;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encode, then decode, every packet type in both versions, with all properties and with none. */
class RoundTripTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final MqttVersion V5 = MqttVersion.MQTT_5_0;
    private static final MqttVersion V311 = MqttVersion.MQTT_3_1_1;
    private static final List<UserProperty> USER_PROPERTIES = List.of(
            UserProperty.of("region", "eu"), UserProperty.of("zone", "b"), UserProperty.of("region", "us"));

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes, checks the size, decodes, and returns what came back; every buffer is released. */
    private static MqttPacket roundTrip(MqttPacket packet, MqttVersion version) {
        ByteBuf buf = MqttPacketEncoder.encode(ALLOC, packet, version);
        try {
            assertEquals(MqttPacketEncoder.encodedSize(packet, version), buf.readableBytes(), "encodedSize");
            assertEquals(buf.readableBytes(), buf.capacity(), "buffer sized exactly");
            MqttPacketDecoder decoder = new MqttPacketDecoder(version, Integer.MAX_VALUE);
            MqttPacket decoded = decoder.decode(buf);
            assertEquals(0, buf.readableBytes(), "decoder consumed the whole packet");
            return decoded;
        } finally {
            buf.release();
        }
    }

    private static void assertRoundTrip(MqttPacket packet, MqttVersion version) {
        assertEquals(packet, roundTrip(packet, version));
    }

    private static void assertRoundTripBoth(MqttPacket packet) {
        assertRoundTrip(packet, V5);
        assertRoundTrip(packet, V311);
    }

    // ---- CONNECT ----

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void connectMinimal(MqttVersion version) {
        assertRoundTrip(ConnectPacket.basic(version, "client-1", true, 60), version);
        assertRoundTrip(ConnectPacket.basic(version, "", false, 0), version);
    }

    @Test
    void connect311WithWillUserNameAndPassword() {
        ConnectPacket connect = new ConnectPacket(V311, "c", false, 65535, "user", bytes("secret"),
                WillMessage.of("will/topic", bytes("gone"), Qos.EXACTLY_ONCE, true),
                null, null, null, null, null, null, null, null, List.of());
        assertRoundTrip(connect, V311);
        // The decoder takes the version from the CONNECT itself, whatever it was configured with.
        assertRoundTrip(connect, V5);
    }

    @Test
    void connect5WithEveryProperty() {
        WillMessage will = new WillMessage("will/topic", bytes("bye"), Qos.AT_LEAST_ONCE, false, 30L, 1, 3600L,
                "text/plain", "reply/here", bytes("corr"), USER_PROPERTIES);
        ConnectPacket connect = new ConnectPacket(V5, "client-5", true, 30, "user", bytes("pw"), will,
                0xFFFF_FFFFL, 100, 1_000_000L, 10, 1, 0, "SCRAM-SHA-1", bytes("client-first"), USER_PROPERTIES);
        assertRoundTrip(connect, V5);
    }

    @Test
    void connect5PasswordWithoutUserName() {
        ConnectPacket connect = new ConnectPacket(V5, "c", true, 10, null, bytes("token"), null,
                null, null, null, null, null, null, null, null, List.of());
        assertRoundTrip(connect, V5);
    }

    @Test
    void connect311PasswordWithoutUserNameIsRejected() {
        ConnectPacket connect = new ConnectPacket(V311, "c", true, 10, null, bytes("token"), null,
                null, null, null, null, null, null, null, null, List.of());
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(connect, V311));
    }

    @Test
    void connect311DropsFiveOnlyFields() {
        ConnectPacket connect = new ConnectPacket(V311, "c", true, 10, null, null,
                new WillMessage("w", bytes("x"), Qos.AT_MOST_ONCE, false, 5L, 1, 2L, "ct", "rt", bytes("cd"),
                        USER_PROPERTIES),
                7L, 8, 9L, 10, 1, 1, "m", bytes("d"), USER_PROPERTIES);
        MqttPacket expected = new ConnectPacket(V311, "c", true, 10, null, null,
                WillMessage.of("w", bytes("x"), Qos.AT_MOST_ONCE, false),
                null, null, null, null, null, null, null, null, List.of());
        assertEquals(expected, roundTrip(connect, V311));
    }

    // ---- CONNACK ----

    @Test
    void connAckWithoutProperties() {
        assertRoundTripBoth(ConnAckPacket.of(true, ConnAckReasonCode.SUCCESS));
        assertRoundTripBoth(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
    }

    @Test
    void connAck5WithEveryProperty() {
        ConnAckPacket connAck = new ConnAckPacket(true, ConnAckReasonCode.SUCCESS, 120L, 20, 1, 1, 65536L,
                "assigned-id", 5, "welcome", USER_PROPERTIES, 1, 0, 1, 45, "response/base", "other.example:1883",
                "SCRAM-SHA-1", bytes("server-final"));
        assertRoundTrip(connAck, V5);
    }

    @Test
    void connAck5EveryReasonCode() {
        for (ConnAckReasonCode code : ConnAckReasonCode.values()) {
            assertRoundTrip(ConnAckPacket.of(false, code), V5);
        }
    }

    @Test
    void connAck311ReturnCodes() {
        List<ConnAckReasonCode> mapped = List.of(ConnAckReasonCode.SUCCESS,
                ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION, ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                ConnAckReasonCode.SERVER_UNAVAILABLE, ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD,
                ConnAckReasonCode.NOT_AUTHORIZED);
        for (int i = 0; i < mapped.size(); i++) {
            ConnAckPacket connAck = ConnAckPacket.of(false, mapped.get(i));
            ByteBuf buf = MqttPacketEncoder.encode(ALLOC, connAck, V311);
            assertEquals(i, buf.getByte(3), "return code of " + mapped.get(i));
            buf.release();
            assertRoundTrip(connAck, V311);
        }
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodedSize(ConnAckPacket.of(false, ConnAckReasonCode.BANNED), V311));
    }

    // ---- PUBLISH ----

    @Test
    void publishEveryQos() {
        assertRoundTripBoth(PublishPacket.of("a/b", Qos.AT_MOST_ONCE, false, 0, bytes("hello")));
        assertRoundTripBoth(PublishPacket.of("a/b", Qos.AT_LEAST_ONCE, true, 1, bytes("hello")));
        assertRoundTripBoth(PublishPacket.of("a/b", Qos.EXACTLY_ONCE, false, 65535, ByteBuffer.allocate(0))
                .withDup());
    }

    @Test
    void publish5WithEveryProperty() {
        PublishPacket publish = new PublishPacket(false, Qos.AT_LEAST_ONCE, true, "sensors/t1", 42,
                bytes("{\"t\":21.5}"), 1, 3600L, 7, "reply/t1", bytes("id-1"), USER_PROPERTIES,
                List.of(1, 200, 268_435_455), "application/json");
        assertRoundTrip(publish, V5);
    }

    @Test
    void publish5TopicAliasWithEmptyTopic() {
        PublishPacket publish = new PublishPacket(false, Qos.AT_MOST_ONCE, false, "", 0, bytes("x"), null, null, 3,
                null, null, List.of(), List.of(), null);
        assertRoundTrip(publish, V5);
    }

    @Test
    void publish311DropsProperties() {
        PublishPacket publish = new PublishPacket(false, Qos.AT_LEAST_ONCE, false, "t", 9, bytes("p"), 1, 10L, 2,
                "r", bytes("c"), USER_PROPERTIES, List.of(5), "ct");
        assertEquals(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 9, bytes("p")), roundTrip(publish, V311));
    }

    @Test
    void publishDoesNotConsumeCallerBuffers() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        ByteBuffer correlation = bytes("corr");
        PublishPacket publish = new PublishPacket(false, Qos.AT_MOST_ONCE, false, "t", 0, payload, null, null, null,
                null, correlation, List.of(), List.of(), null);
        ByteBuf first = MqttPacketEncoder.encode(ALLOC, publish, V5);
        ByteBuf second = MqttPacketEncoder.encode(ALLOC, publish, V5);
        assertEquals(first, second);
        assertEquals(4, publish.payload().remaining());
        assertEquals(0, payload.position());
        first.release();
        second.release();
    }

    @Test
    void publishLargePayloadAndMultiByteUtf8() {
        byte[] payload = new byte[200_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        assertRoundTripBoth(PublishPacket.of("h\u00e9/\u6c34/\uD83D\uDE00", Qos.AT_LEAST_ONCE, false, 3,
                ByteBuffer.wrap(payload)));
    }

    @Test
    void publishDupOnQos0IsRejected() {
        PublishPacket publish = new PublishPacket(true, Qos.AT_MOST_ONCE, false, "t", 0, null, null, null, null,
                null, null, List.of(), List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(publish, V5));
    }

    // ---- PUBACK, PUBREC, PUBREL, PUBCOMP ----

    @Test
    void acknowledgementsWithoutProperties() {
        assertRoundTripBoth(PubAckPacket.of(1));
        assertRoundTripBoth(PubRecPacket.of(2));
        assertRoundTripBoth(PubRelPacket.of(3));
        assertRoundTripBoth(PubCompPacket.of(65535));
    }

    @Test
    void acknowledgementsEveryReasonCodeWithAndWithoutProperties() {
        for (PubAckReasonCode code : PubAckReasonCode.values()) {
            assertRoundTrip(new PubAckPacket(7, code, null, List.of()), V5);
            assertRoundTrip(new PubAckPacket(7, code, "why", USER_PROPERTIES), V5);
        }
        for (PubRecReasonCode code : PubRecReasonCode.values()) {
            assertRoundTrip(new PubRecPacket(7, code, null, List.of()), V5);
            assertRoundTrip(new PubRecPacket(7, code, "why", USER_PROPERTIES), V5);
        }
        for (PubRelReasonCode code : PubRelReasonCode.values()) {
            assertRoundTrip(new PubRelPacket(7, code, null, List.of()), V5);
            assertRoundTrip(new PubRelPacket(7, code, null, USER_PROPERTIES), V5);
        }
        for (PubCompReasonCode code : PubCompReasonCode.values()) {
            assertRoundTrip(new PubCompPacket(7, code, null, List.of()), V5);
            assertRoundTrip(new PubCompPacket(7, code, "why", List.of()), V5);
        }
    }

    @Test
    void acknowledgementShortForms() {
        assertEquals(4, MqttPacketEncoder.encodedSize(PubAckPacket.of(1), V5));
        assertEquals(5, MqttPacketEncoder.encodedSize(
                new PubAckPacket(1, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, null, List.of()), V5));
        assertEquals(4, MqttPacketEncoder.encodedSize(
                new PubAckPacket(1, PubAckReasonCode.QUOTA_EXCEEDED, "x", USER_PROPERTIES), V311));
    }

    @Test
    void acknowledgement311DecodesAsSuccess() {
        assertEquals(PubRecPacket.of(9), roundTrip(new PubRecPacket(9, PubRecReasonCode.QUOTA_EXCEEDED, "no",
                USER_PROPERTIES), V311));
    }

    // ---- SUBSCRIBE, SUBACK ----

    @Test
    void subscribeWithoutProperties() {
        assertRoundTripBoth(new SubscribePacket(10, List.of(SubscriptionRequest.of("a/+/c", Qos.AT_MOST_ONCE),
                SubscriptionRequest.of("#", Qos.AT_LEAST_ONCE), SubscriptionRequest.of("x/y", Qos.EXACTLY_ONCE)),
                null, List.of()));
    }

    @Test
    void subscribe5WithEveryOptionAndProperty() {
        List<SubscriptionRequest> subscriptions = new ArrayList<>();
        for (RetainHandling handling : RetainHandling.values()) {
            subscriptions.add(new SubscriptionRequest("a/" + handling, Qos.EXACTLY_ONCE, true, true, handling));
            subscriptions.add(new SubscriptionRequest("b/" + handling, Qos.AT_MOST_ONCE, false, true, handling));
        }
        subscriptions.add(new SubscriptionRequest("$share/group/sensors/#", Qos.AT_LEAST_ONCE, false, false,
                RetainHandling.DO_NOT_SEND));
        assertRoundTrip(new SubscribePacket(11, subscriptions, 268_435_455, USER_PROPERTIES), V5);
    }

    @Test
    void subAck() {
        assertRoundTripBoth(new SubAckPacket(12, List.of(SubAckReasonCode.GRANTED_QOS_0,
                SubAckReasonCode.GRANTED_QOS_1, SubAckReasonCode.GRANTED_QOS_2, SubAckReasonCode.UNSPECIFIED_ERROR),
                null, List.of()));
        assertRoundTrip(new SubAckPacket(12, List.of(SubAckReasonCode.values()), "partly", USER_PROPERTIES), V5);
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                new SubAckPacket(1, List.of(SubAckReasonCode.QUOTA_EXCEEDED), null, List.of()), V311));
    }

    // ---- UNSUBSCRIBE, UNSUBACK ----

    @Test
    void unsubscribe() {
        assertRoundTripBoth(new UnsubscribePacket(13, List.of("a/b", "c/#", "+"), List.of()));
        assertRoundTrip(new UnsubscribePacket(13, List.of("a/b"), USER_PROPERTIES), V5);
    }

    @Test
    void unsubAck() {
        assertRoundTrip(new UnsubAckPacket(14, List.of(UnsubAckReasonCode.values()), null, List.of()), V5);
        assertRoundTrip(new UnsubAckPacket(14, List.of(UnsubAckReasonCode.SUCCESS), "done", USER_PROPERTIES), V5);
        assertRoundTrip(new UnsubAckPacket(14, List.of(), null, List.of()), V311);
        assertEquals(new UnsubAckPacket(14, List.of(), null, List.of()),
                roundTrip(new UnsubAckPacket(14, List.of(UnsubAckReasonCode.SUCCESS), "x", List.of()), V311));
    }

    // ---- PINGREQ, PINGRESP ----

    @Test
    void pings() {
        assertRoundTripBoth(PingReqPacket.INSTANCE);
        assertRoundTripBoth(PingRespPacket.INSTANCE);
        assertEquals(2, MqttPacketEncoder.encodedSize(PingReqPacket.INSTANCE, V5));
    }

    // ---- DISCONNECT ----

    @Test
    void disconnect() {
        assertRoundTripBoth(DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION));
        assertEquals(2, MqttPacketEncoder.encodedSize(
                DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION), V5));
        for (DisconnectReasonCode code : DisconnectReasonCode.values()) {
            assertRoundTrip(DisconnectPacket.of(code), V5);
        }
        assertRoundTrip(new DisconnectPacket(DisconnectReasonCode.SERVER_MOVED, 0L, "moved", USER_PROPERTIES,
                "other.example"), V5);
        assertEquals(DisconnectPacket.of(DisconnectReasonCode.NORMAL_DISCONNECTION),
                roundTrip(new DisconnectPacket(DisconnectReasonCode.SERVER_MOVED, 0L, "moved", USER_PROPERTIES,
                        "other.example"), V311));
    }

    // ---- AUTH ----

    @Test
    void auth() {
        assertRoundTrip(new AuthPacket(AuthReasonCode.SUCCESS, null, null, null, List.of()), V5);
        assertEquals(2, MqttPacketEncoder.encodedSize(
                new AuthPacket(AuthReasonCode.SUCCESS, null, null, null, List.of()), V5));
        for (AuthReasonCode code : AuthReasonCode.values()) {
            assertRoundTrip(new AuthPacket(code, "SCRAM-SHA-1", bytes("data"), "step", USER_PROPERTIES), V5);
            assertRoundTrip(new AuthPacket(code, "SCRAM-SHA-1", null, null, List.of()), V5);
        }
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                new AuthPacket(AuthReasonCode.SUCCESS, "m", null, null, List.of()), V311));
    }

    @Test
    void authWithoutMethodIsRejectedUnlessEmpty() {
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                new AuthPacket(AuthReasonCode.CONTINUE_AUTHENTICATION, null, null, null, List.of()), V5));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                new AuthPacket(AuthReasonCode.SUCCESS, null, null, "why", List.of()), V5));
    }

    @Test
    void protocolErrorsAreNotSent() {
        ConnectPacket dataWithoutMethod = new ConnectPacket(V5, "c", true, 10, null, null, null,
                null, null, null, null, null, null, null, bytes("d"), List.of());
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(dataWithoutMethod, V5));
        SubscribePacket noLocalShared = new SubscribePacket(1, List.of(new SubscriptionRequest("$share/g/t",
                Qos.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE)), null, List.of());
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(noLocalShared, V5));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(new PublishPacket(false,
                Qos.AT_MOST_ONCE, false, "t", 0, null, null, null, null, null, null, List.of(), List.of(0), null), V5));
    }

    @Test
    void valuesOutsideTheirWireTypeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(new DisconnectPacket(
                DisconnectReasonCode.NORMAL_DISCONNECTION, 0x1_0000_0000L, null, List.of(), null), V5));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(new PublishPacket(false,
                Qos.AT_MOST_ONCE, false, "t", 0, null, null, null, 65_536, null, null, List.of(), List.of(), null),
                V5));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(new PublishPacket(false,
                Qos.AT_MOST_ONCE, false, "t", 0, null, null, null, null, null, ByteBuffer.allocate(65_536),
                List.of(), List.of(), null), V5));
    }

    // ---- limits ----

    @Test
    void stringLimits() {
        String max = "a".repeat(65_535);
        assertRoundTripBoth(PublishPacket.of(max, Qos.AT_MOST_ONCE, false, 0, null));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                PublishPacket.of(max + "b", Qos.AT_MOST_ONCE, false, 0, null), V5));
        // 21,846 three-byte characters are 65,538 bytes, over the limit although only 21,846 chars.
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                PublishPacket.of("\u6c34".repeat(21_846), Qos.AT_MOST_ONCE, false, 0, null), V5));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                PublishPacket.of("a\u0000b", Qos.AT_MOST_ONCE, false, 0, null), V5));
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodedSize(
                PublishPacket.of("a\uD800b", Qos.AT_MOST_ONCE, false, 0, null), V5));
    }

    @Test
    void remainingLengthLimit() {
        // SUBSCRIBE with 4,096 long filters reaches the 268,435,455-byte limit while holding only two strings.
        String longFilter = "f".repeat(65_535);
        int perFilter = 2 + 65_535 + 1;
        List<SubscriptionRequest> subscriptions = new ArrayList<>();
        for (int i = 0; i < 4_095; i++) {
            subscriptions.add(SubscriptionRequest.of(longFilter, Qos.AT_MOST_ONCE));
        }
        int lastFilterLength = VariableByteInteger.MAX_VALUE - 3 - 4_095 * perFilter - 3;
        List<SubscriptionRequest> fits = new ArrayList<>(subscriptions);
        fits.add(SubscriptionRequest.of("f".repeat(lastFilterLength), Qos.AT_MOST_ONCE));
        assertEquals(VariableByteInteger.MAX_VALUE + 5,
                MqttPacketEncoder.encodedSize(new SubscribePacket(1, fits, null, List.of()), V5));
        List<SubscriptionRequest> tooMany = new ArrayList<>(subscriptions);
        tooMany.add(SubscriptionRequest.of("f".repeat(lastFilterLength + 1), Qos.AT_MOST_ONCE));
        assertThrows(IllegalArgumentException.class,
                () -> MqttPacketEncoder.encodedSize(new SubscribePacket(1, tooMany, null, List.of()), V5));
    }

    @Test
    void partialInputReturnsNullAndKeepsReaderIndex() {
        PublishPacket publish = new PublishPacket(false, Qos.AT_LEAST_ONCE, false, "a/b", 5, bytes("payload"), 1,
                null, null, null, null, USER_PROPERTIES, List.of(), null);
        ByteBuf full = MqttPacketEncoder.encode(ALLOC, publish, V5);
        MqttPacketDecoder decoder = new MqttPacketDecoder(V5, 1 << 20);
        for (int n = 0; n < full.readableBytes(); n++) {
            ByteBuf part = full.slice(0, n);
            assertNull(decoder.decode(part), "prefix of " + n + " bytes");
            assertEquals(0, part.readerIndex());
        }
        assertEquals(publish, decoder.decode(full));
        full.release();
    }
}
