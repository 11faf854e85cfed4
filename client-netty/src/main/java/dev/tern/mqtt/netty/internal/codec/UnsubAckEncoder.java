package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.reason.UnsubAckReasonCode;

import io.netty.buffer.ByteBuf;

/**
 * Encodes UNSUBACK (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901187">MQTT 5.0
 * section 3.11</a>, MQTT 3.1.1 section 3.11). On 3.1.1 only the packet identifier is written, which says every
 * filter was processed: an error reason code is refused there ({@link Mqtt311ReturnCodes#checkPlainAck}).
 */
final class UnsubAckEncoder {

    private UnsubAckEncoder() {
    }

    static int remainingLength(UnsubAckPacket packet, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0) {
            for (UnsubAckReasonCode reasonCode : packet.reasonCodes()) {
                Mqtt311ReturnCodes.checkPlainAck("UNSUBACK", reasonCode);
            }
            return 2;
        }
        if (packet.reasonCodes().isEmpty()) {
            throw new IllegalArgumentException("an MQTT 5.0 UNSUBACK needs one reason code per topic filter");
        }
        return 2 + PropertySizer.withLengthPrefix(AckProperties.length(packet.reasonString(), packet.userProperties()))
                + packet.reasonCodes().size();
    }

    static void write(ByteBuf out, UnsubAckPacket packet, MqttVersion version) {
        out.writeShort(packet.packetId());
        if (version != MqttVersion.MQTT_5_0) {
            return;
        }
        AckProperties.write(out, AckProperties.length(packet.reasonString(), packet.userProperties()),
                packet.reasonString(), packet.userProperties());
        for (UnsubAckReasonCode reasonCode : packet.reasonCodes()) {
            out.writeByte(reasonCode.code());
        }
    }
}
