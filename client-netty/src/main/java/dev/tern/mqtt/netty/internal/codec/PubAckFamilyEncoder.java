package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.reason.ReasonCode;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Encodes PUBACK, PUBREC, PUBREL and PUBCOMP
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901121">MQTT 5.0 sections 3.4
 * to 3.7</a>, MQTT 3.1.1 sections 3.4 to 3.7) in the shortest form that carries the packet: 2 bytes for SUCCESS
 * without properties, 3 for another reason code without properties, otherwise reason code and properties. MQTT
 * 3.1.1 has only the packet identifier, which says success: a success reason code is sent as that, an error code
 * is refused ({@link Mqtt311ReturnCodes#checkPlainAck}), and the properties are left out.
 */
final class PubAckFamilyEncoder {

    private PubAckFamilyEncoder() {
    }

    /**
     * Writes a success acknowledgement without properties, 4 bytes the same in both versions, and returns true; returns
     * false, writing nothing, for any other packet. Why: these are most of the packets a client writes besides
     * PUBLISH (PUBREL per QoS 2 message, PUBACK per QoS 1 message received), and the general path (null checks,
     * two dispatches on the type, sizing the properties twice) cost several times the four bytes.
     */
    static boolean writePlain(ByteBuf out, MqttPacket packet) {
        int first;
        int packetId;
        ReasonCode reasonCode;
        String reasonString;
        List<UserProperty> userProperties;
        if (packet instanceof PubRelPacket p) {
            first = 0x62;
            packetId = p.packetId();
            reasonCode = p.reasonCode();
            reasonString = p.reasonString();
            userProperties = p.userProperties();
        } else if (packet instanceof PubAckPacket p) {
            first = 0x40;
            packetId = p.packetId();
            reasonCode = p.reasonCode();
            reasonString = p.reasonString();
            userProperties = p.userProperties();
        } else if (packet instanceof PubRecPacket p) {
            first = 0x50;
            packetId = p.packetId();
            reasonCode = p.reasonCode();
            reasonString = p.reasonString();
            userProperties = p.userProperties();
        } else if (packet instanceof PubCompPacket p) {
            first = 0x70;
            packetId = p.packetId();
            reasonCode = p.reasonCode();
            reasonString = p.reasonString();
            userProperties = p.userProperties();
        } else {
            return false;
        }
        if (reasonCode.code() != 0 || reasonString != null || !userProperties.isEmpty()) {
            return false;
        }
        out.ensureWritable(4);
        out.writeByte(first);
        out.writeByte(2);
        out.writeShort(packetId);
        return true;
    }

    static int remainingLength(MqttVersion version, PacketType type, ReasonCode reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        if (version != MqttVersion.MQTT_5_0) {
            Mqtt311ReturnCodes.checkPlainAck(type.name(), reasonCode);
            return 2;
        }
        int propertiesLength = AckProperties.length(reasonString, userProperties);
        if (propertiesLength > 0) {
            return 3 + PropertySizer.withLengthPrefix(propertiesLength);
        }
        return reasonCode.code() == 0 ? 2 : 3;
    }

    static void write(ByteBuf out, MqttVersion version, int packetId, ReasonCode reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        out.writeShort(packetId);
        if (version != MqttVersion.MQTT_5_0) {
            return;
        }
        int code = reasonCode.code();
        int propertiesLength = AckProperties.length(reasonString, userProperties);
        if (propertiesLength == 0 && code == 0) {
            return;
        }
        out.writeByte(code);
        if (propertiesLength > 0) {
            AckProperties.write(out, propertiesLength, reasonString, userProperties);
        }
    }
}
