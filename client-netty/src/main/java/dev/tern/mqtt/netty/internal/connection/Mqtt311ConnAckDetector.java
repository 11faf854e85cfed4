package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.reason.ConnAckReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.function.Consumer;

/**
 * Recognises a broker that answers an MQTT 5.0 CONNECT with an MQTT 3.1.1 CONNACK refusal, such as Aedes's
 * {@code 20 02 00 01} (return code 1, unacceptable protocol version). The MQTT 5.0 decoder cannot read it: a 5.0
 * CONNACK always has a property length, so its remaining length is at least 3, and 0x01 is no 5.0 reason code.
 *
 * <p>Sits in front of the decoder from the 5.0 CONNECT until the first bytes of the answer have been seen. If they
 * are exactly a 3.1.1 CONNACK ({@code 20 02 00 rc}, rc 1 to 5), it swallows them and reports the refusal with the
 * reason code that stands for the return code; anything else goes on to the decoder untouched. Either way it then
 * leaves the pipeline. One instance per channel; runs on the channel's event loop.
 */
final class Mqtt311ConnAckDetector extends ByteToMessageDecoder {

    /** The name in the pipeline. */
    static final String NAME = "mqtt-311-connack-detector";

    /** The 3.1.1 CONNACK return codes 0..5 (3.1.1 section 3.2.2.3) as MQTT 5.0 reason codes. */
    private static final ConnAckReasonCode[] RETURN_CODES = {
        ConnAckReasonCode.SUCCESS,
        ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
        ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
        ConnAckReasonCode.SERVER_UNAVAILABLE,
        ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD,
        ConnAckReasonCode.NOT_AUTHORIZED,
    };

    private final Consumer<ConnAckReasonCode> refused;

    /** @param refused told the reason code of a 3.1.1 refusal; called at most once, on the event loop */
    Mqtt311ConnAckDetector(Consumer<ConnAckReasonCode> refused) {
        this.refused = refused;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return;
        }
        int start = in.readerIndex();
        if (in.getUnsignedByte(start) != 0x20 || in.getUnsignedByte(start + 1) != 0x02) {
            ctx.pipeline().remove(this); // what is buffered goes on to the decoder
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int flags = in.getUnsignedByte(start + 2);
        int returnCode = in.getUnsignedByte(start + 3);
        if (flags != 0 || returnCode < 1 || returnCode >= RETURN_CODES.length) {
            ctx.pipeline().remove(this); // not a 3.1.1 refusal: the decoder reports it as malformed
            return;
        }
        in.skipBytes(4);
        ctx.pipeline().remove(this);
        refused.accept(RETURN_CODES[returnCode]);
    }
}
