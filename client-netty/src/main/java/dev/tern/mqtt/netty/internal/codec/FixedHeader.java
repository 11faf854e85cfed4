package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.PacketType;

/**
 * Byte 1 of the fixed header: the packet type in the high nibble and its flags in the low nibble
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901022">MQTT 5.0 sections 2.1.2
 * and 2.1.3</a>, MQTT 3.1.1 sections 2.2.1 and 2.2.2). All violations here are MALFORMED_PACKET: section 2.1.3 says
 * "If invalid flags are received it is a Malformed Packet", and a reserved type cannot be parsed at all.
 */
final class FixedHeader {

    private FixedHeader() {
    }

    /** The fixed-header byte of a packet type whose flags are fixed (all but PUBLISH). */
    static int firstByte(PacketType type) {
        return type.value() << 4 | requiredFlags(type);
    }

    /**
     * The packet type of a first byte, after checking its flags.
     *
     * @throws MqttDecodeException MALFORMED_PACKET for type 0, type 15 on MQTT 3.1.1, reserved flags not as
     *         listed ([MQTT-2.1.3-1]; PUBREL [MQTT-3.6.1-1], SUBSCRIBE [MQTT-3.8.1-1], UNSUBSCRIBE [MQTT-3.10.1-1]
     *         require 0010), PUBLISH QoS 3 ([MQTT-3.3.1-4]: "If a Server or Client receives a PUBLISH packet which
     *         has both QoS bits set to 1 it is a Malformed Packet") and DUP on QoS 0 ([MQTT-3.3.1-2], invalid flags)
     */
    static PacketType type(int firstByte, MqttVersion version) {
        int value = firstByte >> 4;
        int flags = firstByte & 0x0F;
        PacketType type = PacketType.fromValue(value);
        if (type == null) {
            throw MqttDecodeException.malformed("reserved packet type 0");
        }
        if (type == PacketType.AUTH && version != MqttVersion.MQTT_5_0) {
            throw MqttDecodeException.malformed("reserved packet type 15 in MQTT 3.1.1");
        }
        if (type == PacketType.PUBLISH) {
            int qos = (flags >> 1) & 0x03;
            if (qos == 3) {
                throw MqttDecodeException.malformed("PUBLISH with QoS 3");
            }
            if (qos == 0 && (flags & 0x08) != 0) {
                throw MqttDecodeException.malformed("PUBLISH with DUP set on QoS 0");
            }
            return type;
        }
        if (flags != requiredFlags(type)) {
            throw MqttDecodeException.malformed(
                    String.format("%s with reserved flags 0x%X (must be 0x%X)", type, flags, requiredFlags(type)));
        }
        return type;
    }

    private static int requiredFlags(PacketType type) {
        switch (type) {
            case PUBREL:
            case SUBSCRIBE:
            case UNSUBSCRIBE:
                return 0x02;
            default:
                return 0x00;
        }
    }
}
