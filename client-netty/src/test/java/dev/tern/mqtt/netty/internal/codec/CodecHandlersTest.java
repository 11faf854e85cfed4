package dev.tern.mqtt.netty.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.DisconnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PingRespPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.reason.AuthReasonCode;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.WrappedByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@link MqttDecoderHandler} and {@link MqttEncoderHandler} on an {@link EmbeddedChannel}. */
class CodecHandlersTest {

    private static final MqttVersion V5 = MqttVersion.MQTT_5_0;
    private static final MqttVersion V311 = MqttVersion.MQTT_3_1_1;

    /** Records what reaches the end of the inbound pipeline, so EmbeddedChannel does not rethrow it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> packets = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            packets.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    private static List<MqttPacket> samplePackets() {
        return List.of(
                new ConnAckPacket(false, ConnAckReasonCode.SUCCESS, 30L, 10, 1, 1, 1024L, "id", 3, null,
                        List.of(UserProperty.of("k", "v")), null, null, null, 20, null, null, null, null),
                PublishPacket.of("a/b", Qos.AT_LEAST_ONCE, false, 1, ByteBuffer.wrap(new byte[300])),
                PubAckPacket.of(7),
                new SubAckPacket(8, List.of(SubAckReasonCode.GRANTED_QOS_1), "ok", List.of()),
                PingRespPacket.INSTANCE,
                new AuthPacket(AuthReasonCode.CONTINUE_AUTHENTICATION, "m", null, null, List.of()),
                DisconnectPacket.of(DisconnectReasonCode.SERVER_SHUTTING_DOWN));
    }

    private static ByteBuf encodeAll(List<MqttPacket> packets, MqttVersion version) {
        ByteBuf all = Unpooled.buffer();
        for (MqttPacket packet : packets) {
            ByteBuf one = MqttPacketEncoder.encode(UnpooledByteBufAllocator.DEFAULT, packet, version);
            all.writeBytes(one);
            one.release();
        }
        return all;
    }

    @Test
    void decodesPacketsDeliveredOneByteAtATime() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoderHandler(V5, 1 << 20), recorder);
        ByteBuf all = encodeAll(samplePackets(), V5);
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertEquals(samplePackets(), recorder.packets);
        assertTrue(recorder.errors.isEmpty());
        assertFalse(channel.finish());
    }

    @Test
    void decodesSeveralPacketsFromOneBuffer() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoderHandler(V5, 1 << 20), recorder);
        channel.writeInbound(encodeAll(samplePackets(), V5));
        assertEquals(samplePackets(), recorder.packets);
        assertTrue(recorder.errors.isEmpty());
        assertFalse(channel.finish());
    }

    @Test
    void malformedPacketStopsDecodingAndReading() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoderHandler(V5, 1 << 20), recorder);
        ByteBuf input = encodeAll(List.of(PubAckPacket.of(1)), V5);
        input.writeBytes(new byte[] {0x62, 0x02, 0x00, 0x01}); // PUBREL with its required flags 0010
        input.writeBytes(new byte[] {0x60, 0x02, 0x00, 0x02}); // PUBREL with flags 0000: malformed
        ByteBuf after = encodeAll(List.of(PubAckPacket.of(3)), V5);
        input.writeBytes(after);
        channel.writeInbound(input);

        assertEquals(2, recorder.packets.size(), "packets before the malformed one are delivered");
        assertEquals(1, recorder.errors.size());
        MqttDecodeException error = assertInstanceOf(MqttDecodeException.class, recorder.errors.get(0));
        assertEquals(DisconnectReasonCode.MALFORMED_PACKET, error.reasonCode());
        assertFalse(channel.config().isAutoRead(), "reading stops");

        // Whatever still arrives is released and dropped.
        after.readerIndex(0);
        channel.writeInbound(after);
        assertEquals(0, after.refCnt());
        assertEquals(2, recorder.packets.size());
        assertEquals(1, recorder.errors.size());
        assertFalse(channel.finish());
    }

    @Test
    void oversizedPacketFailsFromItsFixedHeader() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoderHandler(V5, 1024), recorder);
        // PUBLISH announcing 268,435,455 bytes: only the 5-byte fixed header is sent.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}));
        assertTrue(recorder.packets.isEmpty());
        MqttDecodeException error = assertInstanceOf(MqttDecodeException.class, recorder.errors.get(0));
        assertEquals(DisconnectReasonCode.PACKET_TOO_LARGE, error.reasonCode());
        assertFalse(channel.finish());
    }

    @Test
    void versionAndMaximumPacketSizeCanChange() {
        Recorder recorder = new Recorder();
        MqttDecoderHandler decoder = new MqttDecoderHandler(V311, 1 << 20);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        channel.writeInbound(encodeAll(List.of(PubAckPacket.of(1)), V311));
        decoder.setVersion(V5);
        decoder.setMaximumPacketSize(3);
        channel.writeInbound(encodeAll(List.of(PubAckPacket.of(2)), V5));
        assertEquals(List.of(PubAckPacket.of(1)), recorder.packets);
        assertEquals(DisconnectReasonCode.PACKET_TOO_LARGE,
                ((MqttDecodeException) recorder.errors.get(0)).reasonCode());
        assertFalse(channel.finish());
    }

    @Test
    void encoderWritesExactBytesForTheCurrentVersion() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V311);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        PubAckPacket ack = new PubAckPacket(5, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, null, List.of());
        channel.writeOutbound(ack);
        ByteBuf v311 = channel.readOutbound();
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x40, 0x02, 0x00, 0x05}), v311);
        v311.release();

        encoder.setVersion(V5);
        channel.writeOutbound(ack);
        ByteBuf v5 = channel.readOutbound();
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x40, 0x03, 0x00, 0x05, 0x10}), v5);
        v5.release();
        assertFalse(channel.finish());
    }

    @Test
    void encoderThenDecoderOnOneChannel() {
        Recorder recorder = new Recorder();
        EmbeddedChannel sender = new EmbeddedChannel(new MqttEncoderHandler(V5));
        EmbeddedChannel receiver = new EmbeddedChannel(new MqttDecoderHandler(V5, 1 << 20), recorder);
        for (MqttPacket packet : samplePackets()) {
            sender.writeOutbound(packet);
        }
        ByteBuf chunk;
        while ((chunk = sender.readOutbound()) != null) {
            receiver.writeInbound(chunk);
        }
        assertEquals(samplePackets(), recorder.packets);
        assertFalse(sender.finish());
        assertFalse(receiver.finish());
    }

    @Test
    void unencodablePacketFailsTheWriteOnly() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V311));
        ChannelFuture future = channel.writeOneOutbound(
                new AuthPacket(AuthReasonCode.SUCCESS, "m", null, null, List.of()));
        channel.flushOutbound();
        assertInstanceOf(IllegalArgumentException.class, future.cause());
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void otherMessagesPassThroughTheEncoder() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V5));
        ByteBuf raw = Unpooled.copiedBuffer("raw", StandardCharsets.US_ASCII);
        channel.writeOutbound(raw);
        ByteBuf out = channel.readOutbound();
        assertSame(raw, out);
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void packetsWrittenBeforeAFlushGoOutAsOneBufferWithTheSameBytes() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V5));
        List<ChannelFuture> writes = new ArrayList<>();
        for (MqttPacket packet : samplePackets()) {
            writes.add(channel.write(packet));
        }
        assertNull(channel.readOutbound(), "nothing passed on before the flush");
        assertFalse(writes.get(0).isDone());
        channel.flush();
        ByteBuf out = channel.readOutbound();
        ByteBuf expected = encodeAll(samplePackets(), V5);
        assertEquals(expected, out);
        assertNull(channel.readOutbound(), "one buffer");
        writes.forEach(w -> assertTrue(w.isSuccess()));
        expected.release();
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void anUnencodablePacketAmongOthersFailsAloneAndTheRestGoOut() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V311));
        ChannelFuture before = channel.write(PubAckPacket.of(1));
        ChannelFuture bad = channel.write(new AuthPacket(AuthReasonCode.SUCCESS, "m", null, null, List.of()));
        ChannelFuture after = channel.write(PubAckPacket.of(2));
        channel.flush();
        assertInstanceOf(IllegalArgumentException.class, bad.cause());
        ByteBuf out = channel.readOutbound();
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x40, 0x02, 0x00, 0x01, 0x40, 0x02, 0x00, 0x02}), out);
        out.release();
        assertTrue(before.isSuccess());
        assertTrue(after.isSuccess());
        assertFalse(channel.finish());
    }

    @Test
    void aMessageThatIsNotAPacketKeepsItsPlaceInTheOrder() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V311));
        channel.write(PubAckPacket.of(1));
        ByteBuf raw = Unpooled.copiedBuffer("raw", StandardCharsets.US_ASCII);
        channel.write(raw);
        channel.write(PubAckPacket.of(2));
        channel.flush();
        ByteBuf first = channel.readOutbound();
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x40, 0x02, 0x00, 0x01}), first);
        assertSame(raw, channel.readOutbound());
        ByteBuf third = channel.readOutbound();
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x40, 0x02, 0x00, 0x02}), third);
        first.release();
        raw.release();
        third.release();
        assertFalse(channel.finish());
    }

    @Test
    void gatheredBytesArePassedOnWithoutAFlushOnceTheBoundIsReached() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V5));
        PublishPacket big = PublishPacket.of("a/b", Qos.AT_MOST_ONCE, false, 0,
                ByteBuffer.wrap(new byte[MqttEncoderHandler.MAX_GATHERED]));
        channel.write(big);
        // passed on to the channel's outbound buffer at once, where it waits for the socket's flush
        assertTrue(channel.unsafe().outboundBuffer().totalPendingWriteBytes() > MqttEncoderHandler.MAX_GATHERED);
        channel.flush();
        ByteBuf out = channel.readOutbound();
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void packetsNeverFlushedFailTheirWritesWhenTheChannelCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEncoderHandler(V5));
        ChannelFuture write = channel.write(PubAckPacket.of(1));
        channel.close();
        assertInstanceOf(java.nio.channels.ClosedChannelException.class, write.cause());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    @Test
    void appendedPacketsKeepTheirPlaceAmongPipelineWrites() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V311);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.write(PubAckPacket.of(1));
        assertTrue(encoder.append(PubAckPacket.of(2)));
        channel.write(PubAckPacket.of(3));
        channel.flush();
        ByteBuf out = channel.readOutbound();
        assertEquals(encodeAll(List.of(PubAckPacket.of(1), PubAckPacket.of(2), PubAckPacket.of(3)), V311), out);
        assertNull(channel.readOutbound(), "one buffer");
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void anAppendedPublishHasTheGivenIdAndDupAndOtherwiseThePacketsBytes() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        PublishPacket mapped = new PublishPacket(false, Qos.EXACTLY_ONCE, true, "a/b", 1,
                ByteBuffer.wrap(new byte[] {1, 2, 3}), 1, 30L, null, "r/t", ByteBuffer.wrap(new byte[] {9}),
                List.of(UserProperty.of("k", "v")), List.of(), "text/plain");
        assertTrue(encoder.appendPublish(mapped, 0x1234, true));
        channel.flush();
        ByteBuf out = channel.readOutbound();
        PublishPacket sent = new PublishPacket(true, Qos.EXACTLY_ONCE, true, "a/b", 0x1234, mapped.payload(), 1, 30L,
                null, "r/t", mapped.correlationData(), mapped.userProperties(), List.of(), "text/plain");
        assertEquals(encodeAll(List.of(sent), V5), out);
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void anAppendedPublishThatCannotBeEncodedLeavesNothingBehind() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        PublishPacket qos0 = PublishPacket.of("a", Qos.AT_MOST_ONCE, false, 0, ByteBuffer.wrap(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> encoder.appendPublish(qos0, 0, true), "DUP on QoS 0");
        PublishPacket qos1 = PublishPacket.of("a", Qos.AT_LEAST_ONCE, false, 1, ByteBuffer.wrap(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> encoder.appendPublish(qos1, 0, false), "no packet id");
        encoder.append(PubAckPacket.of(4));
        channel.flush();
        ByteBuf out = channel.readOutbound();
        assertEquals(encodeAll(List.of(PubAckPacket.of(4)), V5), out);
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void preparedPublishesKeepTheirPlaceAndBytesWhileTheGatheredBufferGrowsUnderThem() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        List<MqttPacket> expected = new ArrayList<>();
        // 300-byte PUBLISH among 4-byte PUBACKs and a 2,000-byte PUBLISH through the other path: the 1 KB buffer
        // grows under both, so the encoder's remembered backing array must follow it
        for (int i = 1; i <= 40; i++) {
            ByteBuffer payload = ByteBuffer.wrap(new byte[290]);
            payload.put(0, (byte) i);
            int size = MqttPacketEncoder.encodedPublishSize("a/b", Qos.AT_LEAST_ONCE, 290, V5);
            byte[] prepared = MqttPacketEncoder.encodePublish("a/b", Qos.AT_LEAST_ONCE, false, payload, size, V5);
            boolean dup = i % 3 == 0;
            assertTrue(encoder.appendPublish(prepared, i, dup));
            expected.add(new PublishPacket(dup, Qos.AT_LEAST_ONCE, false, "a/b", i, payload, null, null, null, null,
                    null, List.of(), List.of(), null));
            if (i % 5 == 0) {
                PublishPacket big = PublishPacket.of("c", Qos.AT_MOST_ONCE, false, 0, ByteBuffer.wrap(new byte[2000]));
                assertTrue(encoder.append(big));
                expected.add(big);
            } else {
                assertTrue(encoder.append(PubAckPacket.of(i)));
                expected.add(PubAckPacket.of(i));
            }
        }
        channel.flush();
        ByteBuf out = channel.readOutbound();
        assertEquals(encodeAll(expected, V5), out);
        assertNull(channel.readOutbound(), "one buffer");
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void aPreparedPublishThatCannotBeSentLeavesNothingBehind() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        ByteBuffer payload = ByteBuffer.wrap(new byte[1]);
        byte[] qos0 = MqttPacketEncoder.encodePublish("a", Qos.AT_MOST_ONCE, false, payload,
                MqttPacketEncoder.encodedPublishSize("a", Qos.AT_MOST_ONCE, 1, V5), V5);
        byte[] qos1 = MqttPacketEncoder.encodePublish("a", Qos.AT_LEAST_ONCE, false, payload,
                MqttPacketEncoder.encodedPublishSize("a", Qos.AT_LEAST_ONCE, 1, V5), V5);
        encoder.append(PubAckPacket.of(3));
        assertThrows(IllegalArgumentException.class, () -> encoder.appendPublish(qos0, 0, true), "DUP on QoS 0");
        assertThrows(IllegalArgumentException.class, () -> encoder.appendPublish(qos1, 0, false), "no packet id");
        encoder.append(PubAckPacket.of(4));
        channel.flush();
        ByteBuf out = channel.readOutbound();
        assertEquals(encodeAll(List.of(PubAckPacket.of(3), PubAckPacket.of(4)), V5), out);
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void gatheredWrittenCompletesWhenTheNextAppendedPacketIsWritten() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        ChannelFuture first = encoder.gatheredWritten();
        encoder.append(PubAckPacket.of(1));
        assertSame(first, encoder.gatheredWritten(), "one promise per gathered buffer");
        encoder.append(PubAckPacket.of(2));
        assertFalse(first.isDone());
        channel.flush();
        assertTrue(first.isSuccess());
        ByteBuf out = channel.readOutbound();
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void nothingIsAppendedOnceTheEncoderLeftThePipeline() {
        MqttEncoderHandler encoder = new MqttEncoderHandler(V5);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.close();
        assertFalse(encoder.append(PubAckPacket.of(1)));
        assertNull(encoder.gatheredWritten());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    @Test
    void decodesThroughALeakDetectorsWrapper() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoderHandler(V5, 1 << 20), recorder);
        ByteBuf all = encodeAll(samplePackets(), V5);
        ByteBuf wrapped = new WrappedByteBuf(all) { }; // as the leak detector wraps a sampled buffer
        channel.writeInbound(wrapped);
        assertEquals(samplePackets(), recorder.packets);
        assertEquals(0, all.refCnt(), "released through the wrapper");
        assertFalse(channel.finish());
    }

    @Test
    void aPacketThatChangesTheVersionAppliesToThoseAfterItInTheSameRead() {
        MqttDecoderHandler decoder = new MqttDecoderHandler(V311, 1 << 20);
        List<Object> packets = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                packets.add(msg);
                if (msg instanceof ConnAckPacket) {
                    decoder.setVersion(V5);
                }
            }
        });
        ByteBuf input = encodeAll(List.of(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS)), V311);
        PubAckPacket v5Only = new PubAckPacket(7, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS, null, List.of());
        ByteBuf ack = encodeAll(List.of(v5Only), V5);
        input.writeBytes(ack);
        ack.release();
        channel.writeInbound(input);
        assertEquals(List.of(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS), v5Only), packets);
        assertFalse(channel.finish());
    }

    @Test
    void aReceiverGetsThePacketsDirectlyAndErrorsStillGoDownThePipeline() {
        Recorder recorder = new Recorder();
        List<MqttPacket> received = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoderHandler(V5, 1 << 20, received::add), recorder);
        ByteBuf all = encodeAll(samplePackets(), V5);
        ByteBuf first = all.readRetainedSlice(all.readableBytes() / 2); // a packet cut in two reads
        channel.writeInbound(first);
        channel.writeInbound(all);
        assertEquals(samplePackets(), received);
        assertTrue(recorder.packets.isEmpty(), "nothing went down the pipeline");

        ByteBuf bad = encodeAll(List.of(PubAckPacket.of(9)), V5);
        bad.writeBytes(new byte[] {0x60, 0x02, 0x00, 0x02}); // PUBREL with flags 0000: malformed
        channel.writeInbound(bad);
        assertEquals(PubAckPacket.of(9), received.get(received.size() - 1), "the packet before the bad one");
        assertInstanceOf(MqttDecodeException.class, recorder.errors.get(0));
        assertFalse(channel.finish());
    }

    @Test
    void plainAcknowledgementsDecodeAsTheGeneralPathDecodesThem() {
        for (MqttVersion version : MqttVersion.values()) {
            MqttPacketDecoder decoder = new MqttPacketDecoder(version, 1 << 20);
            List<MqttPacket> acks = List.of(PubAckPacket.of(1), PubRecPacket.of(0xFFFF), PubRelPacket.of(300),
                    PubCompPacket.of(7));
            ByteBuf in = encodeAll(acks, version);
            for (MqttPacket expected : acks) {
                assertEquals(expected, decoder.decode(in));
            }
            assertFalse(in.isReadable());
            in.release();
            // what the shortcut must leave to the general path, which refuses it
            for (byte[] bad : new byte[][] {{0x40, 0x02, 0x00, 0x00}, {0x60, 0x02, 0x00, 0x01}}) {
                ByteBuf b = Unpooled.wrappedBuffer(bad);
                assertThrows(MqttDecodeException.class, () -> decoder.decode(b), version + " " + bad[0]);
            }
            MqttPacketDecoder tiny = new MqttPacketDecoder(version, 3);
            ByteBuf b = Unpooled.wrappedBuffer(new byte[] {0x40, 0x02, 0x00, 0x01});
            assertEquals(DisconnectReasonCode.PACKET_TOO_LARGE,
                    assertThrows(MqttDecodeException.class, () -> tiny.decode(b)).reasonCode());
        }
    }

    @Test
    void plainAcknowledgementsAreFourBytesInBothVersionsAndOthersTakeTheGeneralPath() {
        for (MqttVersion version : MqttVersion.values()) {
            ByteBuf out = Unpooled.buffer();
            MqttPacketEncoder.encodeInto(out, PubAckPacket.of(1), version);
            MqttPacketEncoder.encodeInto(out, PubRecPacket.of(2), version);
            MqttPacketEncoder.encodeInto(out, PubRelPacket.of(0x0103), version);
            MqttPacketEncoder.encodeInto(out, PubCompPacket.of(4), version);
            assertEquals(Unpooled.wrappedBuffer(new byte[] {0x40, 2, 0, 1, 0x50, 2, 0, 2, 0x62, 2, 1, 3, 0x70, 2, 0, 4}),
                    out);
        }
        ByteBuf withReason = Unpooled.buffer();
        MqttPacketEncoder.encodeInto(withReason, new PubAckPacket(5, PubAckReasonCode.SUCCESS, "fine", List.of()), V5);
        assertEquals(MqttPacketEncoder.encodedSize(new PubAckPacket(5, PubAckReasonCode.SUCCESS, "fine", List.of()),
                V5), withReason.readableBytes());
        assertTrue(withReason.readableBytes() > 4);
        assertThrows(IllegalArgumentException.class, () -> MqttPacketEncoder.encodeInto(Unpooled.buffer(),
                new PubAckPacket(5, PubAckReasonCode.NOT_AUTHORIZED, null, List.of()), V311), "3.1.1 has no codes");
    }
}
