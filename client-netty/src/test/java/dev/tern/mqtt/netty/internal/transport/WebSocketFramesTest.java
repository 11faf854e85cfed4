package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.codec.MqttDecoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MQTT packets split across, and joined from, WebSocket binary frames (MQTT 5.0 section 6.0). */
class WebSocketFramesTest {

    private static PublishPacket publish(String topic, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        return new PublishPacket(false, Qos.AT_LEAST_ONCE, false, topic, 7, ByteBuffer.wrap(payload), null, null,
                null, null, null, List.of(), List.of(), null);
    }

    private static List<WebSocketFrame> written(EmbeddedChannel ch) {
        List<WebSocketFrame> frames = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            frames.add((WebSocketFrame) o);
        }
        return frames;
    }

    @Test
    void aPacketLongerThanTheMaximumFrameGoesOutAsBinaryThenContinuationFrames() {
        EmbeddedChannel out = new EmbeddedChannel(new WebSocketFrames(16), new MqttEncoderHandler(MqttVersion.MQTT_5_0));
        out.writeOutbound(publish("a/b", 100));
        List<WebSocketFrame> frames = written(out);
        assertTrue(frames.size() >= 7, "about 108 bytes in frames of 16: " + frames.size());
        assertInstanceOf(BinaryWebSocketFrame.class, frames.get(0));
        for (int i = 0; i < frames.size(); i++) {
            WebSocketFrame f = frames.get(i);
            assertTrue(f.content().readableBytes() <= 16);
            assertEquals(i == frames.size() - 1, f.isFinalFragment(), "only the last frame is final");
            if (i > 0) {
                assertInstanceOf(ContinuationWebSocketFrame.class, f);
            }
        }

        // the receiving side joins the fragments into the one packet
        EmbeddedChannel in = new EmbeddedChannel(new WebSocketFrames(16),
                new MqttDecoderHandler(MqttVersion.MQTT_5_0, 1 << 20));
        for (WebSocketFrame f : frames) {
            in.writeInbound(f);
        }
        PublishPacket decoded = in.readInbound();
        assertEquals("a/b", decoded.topic());
        assertEquals(100, decoded.payload().remaining());
        assertEquals(99, decoded.payload().get(99));
        assertNull(in.readInbound());
    }

    @Test
    void aShortPacketIsOneFinalBinaryFrame() {
        EmbeddedChannel out = new EmbeddedChannel(new WebSocketFrames(1024),
                new MqttEncoderHandler(MqttVersion.MQTT_5_0));
        out.writeOutbound(PingReqPacket.INSTANCE);
        List<WebSocketFrame> frames = written(out);
        assertEquals(1, frames.size());
        assertInstanceOf(BinaryWebSocketFrame.class, frames.get(0));
        assertTrue(frames.get(0).isFinalFragment());
        assertEquals(2, frames.get(0).content().readableBytes());
        frames.get(0).release();
    }

    @Test
    void oneFrameHoldingTwoPacketsAndAHalfIsDecodedAsThoseTwoThenTheRest() {
        EmbeddedChannel encoder = new EmbeddedChannel(new MqttEncoderHandler(MqttVersion.MQTT_5_0));
        encoder.writeOutbound(publish("x", 3), publish("y", 4), publish("z", 5));
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = encoder.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        int cut = all.readableBytes() - 4; // the third packet's last 4 bytes come in a later frame
        EmbeddedChannel in = new EmbeddedChannel(new WebSocketFrames(1024),
                new MqttDecoderHandler(MqttVersion.MQTT_5_0, 1 << 20));
        in.writeInbound(new BinaryWebSocketFrame(all.readRetainedSlice(cut)));
        assertEquals("x", ((PublishPacket) in.readInbound()).topic());
        assertEquals("y", ((PublishPacket) in.readInbound()).topic());
        assertNull(in.readInbound(), "the third packet is not complete yet");
        in.writeInbound(new BinaryWebSocketFrame(all.readRetainedSlice(4)));
        assertEquals("z", ((PublishPacket) in.readInbound()).topic());
        all.release();
    }

    @Test
    void aTextFrameClosesTheConnection() {
        EmbeddedChannel in = new EmbeddedChannel(new WebSocketFrames(1024),
                new MqttDecoderHandler(MqttVersion.MQTT_5_0, 1 << 20));
        try {
            in.writeInbound(new TextWebSocketFrame("hello"));
        } catch (RuntimeException expected) {
            assertTrue(expected.getMessage().contains("text frame"), expected.getMessage());
        }
        assertFalse(in.isOpen(), "MQTT-6.0.0-1: a text frame closes the network connection");
        assertNull(in.readInbound());
    }
}
