package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.exceptions.MqttTransportException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.List;

/**
 * MQTT bytes in WebSocket binary frames (MQTT 5.0 section 6.0). Outgoing: each buffer of encoded packets goes out
 * as one binary frame, or, if longer than the maximum frame size, as a binary frame followed by continuation frames.
 * Incoming: the payloads of binary and continuation frames are passed on as they are, so the MQTT decoder (which
 * accumulates bytes) joins a packet split over frames and splits a frame holding several packets. A text frame
 * closes the connection [MQTT-6.0.0-1]. Ping, pong and close frames are handled before this codec.
 */
final class WebSocketFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    private final int maxFrameSize;

    WebSocketFrames(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        int length = msg.readableBytes();
        if (length <= maxFrameSize) {
            out.add(new BinaryWebSocketFrame(msg.retain()));
            return;
        }
        int offset = msg.readerIndex();
        int end = offset + length;
        boolean first = true;
        while (offset < end) {
            int size = Math.min(maxFrameSize, end - offset);
            ByteBuf part = msg.retainedSlice(offset, size);
            offset += size;
            boolean fin = offset == end;
            out.add(first ? new BinaryWebSocketFrame(fin, 0, part) : new ContinuationWebSocketFrame(fin, 0, part));
            first = false;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else if (frame instanceof TextWebSocketFrame) {
            ctx.fireExceptionCaught(new MqttTransportException(
                    "the server sent a WebSocket text frame; MQTT uses binary frames only", null));
            ctx.close();
        }
    }
}
