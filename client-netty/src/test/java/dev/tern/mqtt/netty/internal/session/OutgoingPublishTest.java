package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutgoingPublishTest {

    private static final Publish MESSAGE = Publish.builder().topic("t").payload("x").build();

    @Test
    void withoutARelayTheFutureCompletesOnTheDecidingThread() {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f);
        PublishResult result = new PublishResult(MESSAGE, null, null, List.of());
        op.succeed(result);
        assertSame(result, f.join());
    }

    @Test
    void withARelayTheFutureCompletesOnlyWhenTheRelayRunsIt() {
        List<Runnable> relayed = new ArrayList<>();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f, relayed::add);
        IllegalStateException cause = new IllegalStateException("gone");
        op.fail(cause);
        assertFalse(f.isDone(), "not on the deciding thread");
        assertEquals(1, relayed.size());
        relayed.get(0).run();
        assertTrue(f.isCompletedExceptionally());
        assertSame(cause, f.handle((r, e) -> e).join());
    }

    @Test
    void aMessageWithAnExpiryCountsItFromPublish() {
        Publish expiring = Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(10L).build();
        long before = System.currentTimeMillis();
        OutgoingPublish op = new OutgoingPublish(expiring, new CompletableFuture<>());
        long after = System.currentTimeMillis();
        long created = op.stored().createdAtEpochMillis();
        assertTrue(created >= before && created <= after, "read at publish(): " + created);
        assertEquals(1L, op.remainingExpiry(created + 9_000));
        assertEquals(-1L, op.remainingExpiry(created + 10_000), "expired 10 s after publish()");
    }

    @Test
    void aMessageWithoutAnExpiryIsTimedWhenFirstStoredAndKeepsThatTime() {
        Publish plain = Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build();
        long published = System.currentTimeMillis();
        OutgoingPublish op = new OutgoingPublish(plain, new CompletableFuture<>());
        while (System.currentTimeMillis() < published + 2) {
            Thread.onSpinWait(); // until the clock moved on: a clock read at publish() would be older than 'before'
        }
        long before = System.currentTimeMillis();
        long created = op.stored().createdAtEpochMillis();
        assertTrue(created >= before && created <= System.currentTimeMillis(), "read when stored: " + created);
        assertEquals(created, op.stored().createdAtEpochMillis(), "the same for every later store write");
        assertNull(op.remainingExpiry(Long.MAX_VALUE), "no expiry");
    }

    @Test
    void theFirstOutcomeWins() {
        List<Runnable> relayed = new ArrayList<>();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f, relayed::add);
        PublishResult result = new PublishResult(MESSAGE, null, null, List.of());
        op.succeed(result);
        op.fail(new IllegalStateException("too late"));
        assertEquals(1, relayed.size(), "handed to the relay once");
        relayed.get(0).run();
        assertSame(result, f.join());
    }

    @Test
    void aPreparedMessageIsSizedAsItsMappedPacketWithoutTheSizerAndOtherVersionsByTheSizer() {
        Publish withProperties = Publish.builder().topic("a/b").payload("hello").qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(30L).contentType("text/plain").userProperty("k", "v").build();
        Publish plainQos1 = Publish.builder().topic("a/\u00e9").payload(new byte[300]).qos(Qos.AT_LEAST_ONCE)
                .retain(true).build();
        for (Publish m : List.of(MESSAGE, plainQos1, withProperties)) {
            int id = m.qos() == Qos.AT_MOST_ONCE ? 0 : 1;
            for (MqttVersion version : MqttVersion.values()) {
                OutgoingPublish op = new OutgoingPublish(m, new CompletableFuture<>());
                op.prepare(version);
                PublishPacket mapped = PacketMapper.publish(m, id, version);
                assertEquals(MqttPacketEncoder.encodedSize(mapped, version),
                        op.encodedSize(version, p -> {
                            throw new AssertionError("the sizer was asked for a prepared version");
                        }), m + " " + version);
                MqttVersion other = version == MqttVersion.MQTT_5_0 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5_0;
                List<MqttPacket> asked = new ArrayList<>();
                assertEquals(7, op.encodedSize(other, p -> {
                    asked.add(p);
                    return 7;
                }));
                assertEquals(List.of(PacketMapper.publish(m, id, other)), asked, m + " in " + other);
                assertTrue(op.sendsAsMapped(version));
                assertEquals(!PacketMapper.sendsProperties(m, version), op.plain(version));
            }
        }
    }

    @Test
    void aSmallPlainMessageIsEncodedAheadForItsVersionAndTakenOnce() {
        Publish plainQos1 = Publish.builder().topic("a/b").payload("hello").qos(Qos.AT_LEAST_ONCE).retain(true)
                .build();
        for (MqttVersion version : MqttVersion.values()) {
            OutgoingPublish op = new OutgoingPublish(plainQos1, new CompletableFuture<>());
            op.prepare(version);
            op.encodeAhead();
            MqttVersion other = version == MqttVersion.MQTT_5_0 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5_0;
            assertNull(op.takePreparedPacket(other, false), "encoded for " + version + " only");
            byte[] packet = op.takePreparedPacket(version, false);
            ByteBuf expected = Unpooled.buffer();
            MqttPacketEncoder.encodeInto(expected, PacketMapper.publish(plainQos1, 1, version), version);
            expected.setShort(expected.readableBytes() - 5 - (version == MqttVersion.MQTT_5_0 ? 3 : 2), 0);
            assertEquals(expected, Unpooled.wrappedBuffer(packet), "packet identifier 0, no DUP, in " + version);
            assertNull(op.takePreparedPacket(version, false), "taken once: a resend encodes from the fields");

            op.prepare(version);
            op.encodeAhead();
            op.dropPreparedPacket();
            assertNull(op.takePreparedPacket(version, false), "dropped when it waits offline");
            op.prepare(version);
            op.encodeAhead();
            op.requeue();
            assertNull(op.takePreparedPacket(version, false), "dropped when it is requeued as new");
        }
    }

    @Test
    void messagesWithPropertiesAndLargeOnesAreNotEncodedAhead() {
        Publish withProperties = Publish.builder().topic("a/b").payload("hello").qos(Qos.AT_LEAST_ONCE)
                .contentType("text/plain").build();
        Publish large = Publish.builder().topic("a/b").payload(new byte[OutgoingPublish.PREPARED_MAX_BYTES])
                .build();
        OutgoingPublish op = new OutgoingPublish(withProperties, new CompletableFuture<>());
        op.prepare(MqttVersion.MQTT_5_0);
        op.encodeAhead();
        assertNull(op.takePreparedPacket(MqttVersion.MQTT_5_0, false));
        op.prepare(MqttVersion.MQTT_3_1_1); // 3.1.1 leaves the properties out: a plain PUBLISH
        op.encodeAhead();
        assertTrue(op.takePreparedPacket(MqttVersion.MQTT_3_1_1, false) != null);
        op = new OutgoingPublish(large, new CompletableFuture<>());
        op.prepare(MqttVersion.MQTT_5_0);
        op.encodeAhead();
        assertNull(op.takePreparedPacket(MqttVersion.MQTT_5_0, false), "over " + OutgoingPublish.PREPARED_MAX_BYTES);
        assertEquals(MqttPacketEncoder.encodedPublishSize("a/b", Qos.AT_MOST_ONCE, OutgoingPublish.PREPARED_MAX_BYTES,
                MqttVersion.MQTT_5_0), op.encodedSize(MqttVersion.MQTT_5_0, p -> 0), "still sized ahead");
    }
}
