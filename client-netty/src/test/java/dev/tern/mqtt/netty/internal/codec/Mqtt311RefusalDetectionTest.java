package dev.tern.mqtt.netty.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link MqttDecoderHandler} watching the first bytes of the server's answer to an MQTT 5.0 CONNECT for an MQTT 3.1.1
 * CONNACK refusal ({@code 20 02 00 rc}, rc 1 to 5), as Aedes sends: reported and consumed; anything else is decoded
 * as usual.
 */
class Mqtt311RefusalDetectionTest {

    private final List<MqttPacket> packets = new ArrayList<>();
    private final List<ConnAckReasonCode> refusals = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new MqttDecoderHandler(MqttVersion.MQTT_5_0, 1 << 20, packets::add, refusals::add),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    errors.add(cause);
                }
            });

    private static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer(values.length);
        for (int v : values) {
            buf.writeByte(v);
        }
        return buf;
    }

    private static ByteBuf encoded(MqttPacket packet) {
        return MqttPacketEncoder.encode(UnpooledByteBufAllocator.DEFAULT, packet, MqttVersion.MQTT_5_0);
    }

    @Test
    void a311RefusalIsReportedWithTheReasonCodeItStandsFor() {
        channel.writeInbound(bytes(0x20, 0x02, 0x00, 0x01));
        assertEquals(List.of(ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION), refusals);
        assertTrue(packets.isEmpty());
        assertTrue(errors.isEmpty(), "not reported as malformed");
    }

    @Test
    void a311RefusalArrivingByteByByteIsStillRecognised() {
        for (int b : new int[] {0x20, 0x02, 0x00, 0x05}) {
            channel.writeInbound(bytes(b));
        }
        assertEquals(List.of(ConnAckReasonCode.NOT_AUTHORIZED), refusals);
        assertTrue(errors.isEmpty());
    }

    @Test
    void a50ConnAckIsDecodedAsUsual() {
        ConnAckPacket ack = ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS);
        channel.writeInbound(encoded(ack));
        assertEquals(List.of(ack), packets);
        assertTrue(refusals.isEmpty());
    }

    @Test
    void onlyTheFirstBytesAreWatched() {
        // a 5.0 refusal first, then bytes that would look like a 3.1.1 refusal had they come first
        ConnAckPacket ack = ConnAckPacket.of(false, ConnAckReasonCode.NOT_AUTHORIZED);
        channel.writeInbound(encoded(ack));
        channel.writeInbound(bytes(0x20, 0x02, 0x00, 0x01));
        assertEquals(ack, packets.get(0));
        assertTrue(refusals.isEmpty());
        assertEquals(1, errors.size(), "a 3.1.1 CONNACK later on is an error for the 5.0 decoder");
        assertInstanceOf(MqttDecodeException.class, errors.get(0));
    }

    @Test
    void a311AcceptanceOrAReservedReturnCodeIsNoRefusalButMalformed() {
        channel.writeInbound(bytes(0x20, 0x02, 0x00, 0x00)); // return code 0: a 3.1.1 broker accepting 5.0?
        assertTrue(refusals.isEmpty());
        assertEquals(1, errors.size());
        assertInstanceOf(MqttDecodeException.class, errors.get(0));
    }

    @Test
    void otherFirstPacketsAreDecodedAsUsual() {
        channel.writeInbound(encoded(PubAckPacket.of(9)));
        assertEquals(List.of(PubAckPacket.of(9)), packets);
        assertTrue(refusals.isEmpty());
    }
}
