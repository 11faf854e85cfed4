package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttPacketDecoder;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outgoing flow on a channel with the real encoder, as a client has: the session then appends its packets to the
 * encoder directly (see {@link PacketOutput}). What the encoder writes is decoded back into packets at the head of
 * the pipeline, so the test reads packets and checks the bytes' meaning. ClientSessionTest covers the flows on a
 * channel without an encoder.
 */
class SessionOverTheCodecTest {

    private static final MqttVersion V5 = MqttVersion.MQTT_5_0;
    private static final ServerLimits LIMITS = new ServerLimits(10, Qos.EXACTLY_ONCE, true, 10_000, 0, true, true,
            true);

    /** Decodes what the encoder wrote back into packets, counting the buffers (socket writes, as it were). */
    private static final class DecodeWhatIsWritten extends ChannelOutboundHandlerAdapter {
        private final MqttPacketDecoder decoder = new MqttPacketDecoder(V5, 1 << 20);
        int buffers;
        boolean failWrites;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ByteBuf bytes = (ByteBuf) msg;
            buffers++;
            if (failWrites) {
                bytes.release();
                promise.setFailure(new java.io.IOException("broken pipe"));
                return;
            }
            List<MqttPacket> packets = new ArrayList<>();
            MqttPacket p;
            while ((p = decoder.decode(bytes)) != null) {
                packets.add(p);
            }
            assertFalse(bytes.isReadable(), "whole packets only");
            bytes.release();
            for (MqttPacket packet : packets) {
                ctx.write(packet);
            }
            promise.setSuccess();
        }
    }

    private final ClientSession session;
    private EmbeddedChannel channel;
    private DecodeWhatIsWritten wire;

    SessionOverTheCodecTest() {
        session = new ClientSession(new EmbeddedChannel().eventLoop(), new SessionListener() {
            @Override
            public void deliver(Publish message, Runnable acknowledgement) {
            }

            @Override
            public void protocolError(DisconnectReasonCode reasonCode, String message) {
                throw new AssertionError(message);
            }
        });
    }

    private void connect(boolean sessionPresent, int topicAliasMaximum) {
        connect(sessionPresent, topicAliasMaximum, 10_000);
    }

    private void connect(boolean sessionPresent, int topicAliasMaximum, long maximumPacketSize) {
        wire = new DecodeWhatIsWritten();
        channel = new EmbeddedChannel(wire, new MqttEncoderHandler(V5));
        ServerLimits limits = new ServerLimits(LIMITS.receiveMaximum(), Qos.EXACTLY_ONCE, true, maximumPacketSize,
                topicAliasMaximum, true, true, true);
        session.attach(channel, V5, limits, sessionPresent, p -> MqttPacketEncoder.encodedSize(p, V5), 10, 0);
    }

    private CompletableFuture<PublishResult> publish(String topic, Qos qos) {
        return publish(Publish.builder().topic(topic).payload(topic).qos(qos).build());
    }

    private CompletableFuture<PublishResult> publish(Publish message) {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(message, f);
        op.prepare(V5); // as the publishing thread does
        op.encodeAhead(); // as PublishIntake.submit does, while it pays
        session.publish(op);
        return f;
    }

    private <T> T out(Class<T> type) {
        Object o = channel.readOutbound();
        assertInstanceOf(type, o, "next packet out");
        return type.cast(o);
    }

    @Test
    void publishesGoOutWithTheirOwnIdsInOrderAmongOtherWrites() {
        connect(false, 0);
        CompletableFuture<PublishResult> a = publish("a", Qos.AT_LEAST_ONCE);
        channel.writeAndFlush(PingReqPacket.INSTANCE); // a write through the pipeline keeps its place
        CompletableFuture<PublishResult> b = publish("b", Qos.EXACTLY_ONCE);
        PublishPacket pa = out(PublishPacket.class);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
        PublishPacket pb = out(PublishPacket.class);
        assertEquals("a", pa.topic());
        assertEquals(Qos.AT_LEAST_ONCE, pa.qos());
        assertEquals("b", pb.topic());
        assertEquals(Qos.EXACTLY_ONCE, pb.qos());
        assertFalse(pa.dup() || pb.dup());
        assertTrue(pa.packetId() != pb.packetId() && pa.packetId() > 0 && pb.packetId() > 0);
        assertEquals("a", java.nio.charset.StandardCharsets.UTF_8.decode(pa.payload()).toString());

        session.onPubAck(PubAckPacket.of(pa.packetId()));
        assertTrue(a.isDone() && !a.isCompletedExceptionally());
        session.onPubRec(PubRecPacket.of(pb.packetId()));
        assertEquals(pb.packetId(), out(PubRelPacket.class).packetId());
        session.onPubComp(PubCompPacket.of(pb.packetId()));
        assertTrue(b.isDone() && !b.isCompletedExceptionally());
        assertNull(channel.readOutbound());
    }

    @Test
    void aResumedSessionResendsWithDupAndPubRelInTheOriginalOrder() {
        connect(false, 0);
        publish("a", Qos.AT_LEAST_ONCE);
        publish("b", Qos.EXACTLY_ONCE);
        publish("c", Qos.AT_LEAST_ONCE);
        int idA = out(PublishPacket.class).packetId();
        int idB = out(PublishPacket.class).packetId();
        int idC = out(PublishPacket.class).packetId();
        session.onPubRec(PubRecPacket.of(idB));
        assertEquals(idB, out(PubRelPacket.class).packetId());
        channel.close();
        session.detach(new MqttConnectionLostException("cut", MqttConnectionLostException.ClosedBy.NETWORK, null,
                null, null));

        connect(true, 0);
        PublishPacket resentA = out(PublishPacket.class);
        assertEquals(idA, resentA.packetId());
        assertTrue(resentA.dup());
        assertEquals(idB, out(PubRelPacket.class).packetId());
        PublishPacket resentC = out(PublishPacket.class);
        assertEquals(idC, resentC.packetId());
        assertTrue(resentC.dup());
        assertEquals("c", resentC.topic());
        assertNull(channel.readOutbound());
    }

    @Test
    void aBatchOfPublishesIsOneBufferPerFlush() {
        connect(false, 0);
        session.detach(null); // offline: the next ones wait in the buffer
        for (int i = 0; i < 5; i++) {
            publish("t" + i, Qos.AT_LEAST_ONCE);
        }
        connect(false, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals("t" + i, out(PublishPacket.class).topic());
        }
        assertEquals(1, wire.buffers, "sent together after the connection came");
    }

    @Test
    void qos0CompletesWhenWritten() {
        connect(false, 0);
        CompletableFuture<PublishResult> f = publish("z", Qos.AT_MOST_ONCE);
        assertEquals(Qos.AT_MOST_ONCE, out(PublishPacket.class).qos());
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void topicAliasesAndExpiryStillApply() {
        connect(false, 5);
        publish("x", Qos.AT_LEAST_ONCE);
        publish("x", Qos.AT_LEAST_ONCE);
        publish(Publish.builder().topic("y").payload("y").qos(Qos.AT_LEAST_ONCE).messageExpiryInterval(60L).build());
        PublishPacket first = out(PublishPacket.class);
        PublishPacket second = out(PublishPacket.class);
        PublishPacket third = out(PublishPacket.class);
        assertEquals("x", first.topic());
        assertEquals(1, first.topicAlias());
        assertEquals("", second.topic(), "the alias stands for the topic");
        assertEquals(1, second.topicAlias());
        assertEquals(60L, third.messageExpiryInterval());
    }

    @Test
    void messagesWithAndWithoutPropertiesShareTheLeastRecentlyUsedAliases() {
        connect(false, 2);
        publish("a", Qos.AT_MOST_ONCE);
        publish(Publish.builder().topic("b").payload("b").qos(Qos.AT_LEAST_ONCE).userProperty("k", "v").build());
        publish("a", Qos.EXACTLY_ONCE);
        publish("c", Qos.AT_LEAST_ONCE);
        publish(Publish.builder().topic("b").payload("b").qos(Qos.AT_MOST_ONCE).contentType("text").build());
        publish("c", Qos.AT_MOST_ONCE);
        String[] topics = {"a", "b", "", "c", "b", ""};
        int[] aliases = {1, 2, 1, 2, 1, 2};
        String[] payloads = {"a", "b", "a", "c", "b", "c"};
        for (int i = 0; i < topics.length; i++) {
            PublishPacket p = out(PublishPacket.class);
            assertEquals(topics[i], p.topic(), "message " + i);
            assertEquals(aliases[i], p.topicAlias(), "message " + i);
            assertEquals(payloads[i], java.nio.charset.StandardCharsets.UTF_8.decode(p.payload()).toString());
        }
        assertNull(channel.readOutbound());
    }

    @Test
    void aResendAfterReconnectStartsTheAliasesAfresh() {
        connect(false, 5);
        publish("x", Qos.AT_LEAST_ONCE);
        publish("x", Qos.EXACTLY_ONCE);
        PublishPacket first = out(PublishPacket.class);
        PublishPacket second = out(PublishPacket.class);
        assertEquals("", second.topic(), "known on the first connection");
        channel.close();
        session.detach(new MqttConnectionLostException("cut", MqttConnectionLostException.ClosedBy.NETWORK, null,
                null, null));

        connect(true, 5);
        PublishPacket resentFirst = out(PublishPacket.class);
        PublishPacket resentSecond = out(PublishPacket.class);
        assertTrue(resentFirst.dup() && resentSecond.dup());
        assertEquals(first.packetId(), resentFirst.packetId());
        assertEquals(second.packetId(), resentSecond.packetId());
        assertEquals("x", resentFirst.topic(), "a new connection knows no alias: the topic in full");
        assertEquals(1, resentFirst.topicAlias());
        assertEquals("", resentSecond.topic());
        assertEquals(1, resentSecond.topicAlias());
        assertEquals(Qos.EXACTLY_ONCE, resentSecond.qos());
        assertNull(channel.readOutbound());
    }

    @Test
    void aMessageThatAnAliasWouldTakeOverTheMaximumPacketSizeGoesWithoutOne() {
        connect(false, 5, 10_000);
        // QoS 1 to "big" with 9,988 bytes: 9,999 bytes encoded, 10,002 with a new alias
        CompletableFuture<PublishResult> big = publish(Publish.builder().topic("big").payload(new byte[9_988])
                .qos(Qos.AT_LEAST_ONCE).build());
        PublishPacket sent = out(PublishPacket.class);
        assertEquals(9_999, MqttPacketEncoder.encodedSize(sent, V5));
        assertEquals("big", sent.topic());
        assertNull(sent.topicAlias(), "no alias: it would not fit");
        publish("big", Qos.AT_LEAST_ONCE);
        PublishPacket small = out(PublishPacket.class);
        assertEquals("big", small.topic(), "no alias was taken for the large one");
        assertEquals(1, small.topicAlias());
        session.onPubAck(PubAckPacket.of(sent.packetId()));
        assertTrue(big.isDone() && !big.isCompletedExceptionally());
    }

    @Test
    void aMessageEncodedAheadIsSentFromThoseBytesWithoutAliasesAndTheyAreDroppedWithThem() {
        for (int topicAliasMaximum : new int[] {0, 5}) {
            connect(false, topicAliasMaximum);
            OutgoingPublish op = new OutgoingPublish(Publish.builder().topic("x").payload("x").build(),
                    new CompletableFuture<>()); // QoS 0: nothing left in flight for the next connection
            op.prepare(V5);
            op.encodeAhead();
            session.publish(op);
            PublishPacket sent = out(PublishPacket.class);
            assertEquals("x", sent.topic());
            assertEquals(op.packetId(), sent.packetId());
            assertEquals(topicAliasMaximum == 0 ? null : 1, sent.topicAlias());
            assertEquals(topicAliasMaximum == 0 ? OutgoingPublish.AheadVerdict.USED
                    : OutgoingPublish.AheadVerdict.WASTED, op.aheadVerdict());
            assertNull(op.takePreparedPacket(V5, false), "not kept once sent");
            channel.close();
            session.detach(new MqttConnectionLostException("cut", MqttConnectionLostException.ClosedBy.NETWORK,
                    null, null, null));
        }
    }

    @Test
    void aMessageNotEncodedAheadIsSentFromItsFieldsAndSaysItWouldHaveUsedTheBytes() {
        connect(false, 0);
        OutgoingPublish op = new OutgoingPublish(Publish.builder().topic("x").payload("x").build(),
                new CompletableFuture<>());
        op.prepare(V5);
        session.publish(op);
        assertEquals("x", out(PublishPacket.class).topic());
        assertEquals(OutgoingPublish.AheadVerdict.WANTED, op.aheadVerdict());
    }

    @Test
    void aFlushHeldBackByConsolidationCarriesLaterPublishesAndIsAskedForOnce() {
        wire = new DecodeWhatIsWritten();
        int[] flushesAskedFor = {0};
        channel = new EmbeddedChannel(wire, new MqttEncoderHandler(V5), new FlushConsolidationHandler(1024, true),
                new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushesAskedFor[0]++;
                        ctx.flush();
                    }
                });
        session.attach(channel, V5, LIMITS, false, p -> MqttPacketEncoder.encodedSize(p, V5), 10, 0);
        channel.pipeline().fireChannelRead("a read"); // flush consolidation holds flushes until the read ends
        flushesAskedFor[0] = 0;
        for (int i = 0; i < 5; i++) {
            publish("t" + i, Qos.AT_LEAST_ONCE);
        }
        assertEquals(1, flushesAskedFor[0], "the first flush asked for is still on its way: no need to ask again");
        assertNull(channel.readOutbound());
        channel.pipeline().fireChannelReadComplete();
        for (int i = 0; i < 5; i++) {
            assertEquals("t" + i, out(PublishPacket.class).topic());
        }
        assertEquals(1, wire.buffers, "one flush carried all five");
        publish("later", Qos.AT_LEAST_ONCE);
        channel.runPendingTasks();
        assertEquals("later", out(PublishPacket.class).topic(), "a new flush was asked for");
        assertEquals(2, flushesAskedFor[0]);
        channel.pipeline().fireChannelRead("another read");
        publish("in the next read", Qos.AT_LEAST_ONCE);
        assertEquals(3, flushesAskedFor[0], "the earlier flush arrived: asked for again");
        channel.pipeline().fireChannelReadComplete();
        assertEquals("in the next read", out(PublishPacket.class).topic());
        assertEquals("a read", channel.readInbound());
        assertEquals("another read", channel.readInbound());
    }

    @Test
    void qos0MessagesOfOneBufferCompleteWhenItIsWritten() {
        wire = new DecodeWhatIsWritten();
        channel = new EmbeddedChannel(wire, new MqttEncoderHandler(V5), new FlushConsolidationHandler(1024, true));
        session.attach(channel, V5, LIMITS, false, p -> MqttPacketEncoder.encodedSize(p, V5), 10, 0);
        channel.pipeline().fireChannelRead("a read");
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(publish("q" + i, Qos.AT_MOST_ONCE));
        }
        futures.forEach(f -> assertFalse(f.isDone(), "not written yet"));
        channel.pipeline().fireChannelReadComplete();
        futures.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally()));
        assertEquals(1, wire.buffers);
        assertEquals("a read", channel.readInbound());
    }

    @Test
    void qos0MessagesFailWhenTheirWriteFails() {
        connect(false, 0);
        wire.failWrites = true;
        CompletableFuture<PublishResult> f = publish("q", Qos.AT_MOST_ONCE);
        assertTrue(f.isCompletedExceptionally());
        assertTrue(f.handle((r, e) -> e.getMessage()).join().contains("could not be written"));
        wire.failWrites = false;
        CompletableFuture<PublishResult> g = publish("q", Qos.AT_MOST_ONCE);
        assertTrue(g.isDone() && !g.isCompletedExceptionally(), "the next write is a new one");
    }
}
