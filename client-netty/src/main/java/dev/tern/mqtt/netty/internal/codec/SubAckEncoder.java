package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.reason.SubAckReasonCode;

import io.netty.buffer.ByteBuf;

/**
 * Encodes SUBACK (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901171">MQTT 5.0
 * section 3.9</a>, MQTT 3.1.1 section 3.9). On 3.1.1 only granted QoS 0-2 and UNSPECIFIED_ERROR (0x80) exist.
 */
final class SubAckEncoder {

    private SubAckEncoder() {
    }

    static int remainingLength(SubAckPacket packet, MqttVersion version) {
        if (packet.reasonCodes().isEmpty()) {
            throw new IllegalArgumentException("SUBACK needs one reason code per topic filter, at least one");
        }
        int size = 2 + packet.reasonCodes().size();
        if (version == MqttVersion.MQTT_5_0) {
            return size + PropertySizer.withLengthPrefix(
                    AckProperties.length(packet.reasonString(), packet.userProperties()));
        }
        for (SubAckReasonCode reasonCode : packet.reasonCodes()) {
            Mqtt311ReturnCodes.subAckReturnCode(reasonCode);
        }
        return size;
    }

    static void write(ByteBuf out, SubAckPacket packet, MqttVersion version) {
        out.writeShort(packet.packetId());
        if (version == MqttVersion.MQTT_5_0) {
            AckProperties.write(out, AckProperties.length(packet.reasonString(), packet.userProperties()),
                    packet.reasonString(), packet.userProperties());
        }
        for (SubAckReasonCode reasonCode : packet.reasonCodes()) {
            out.writeByte(reasonCode.code());
        }
    }
}
