package dev.tern.mqtt.netty.internal.packet;

/** MQTT control packet types (MQTT 5.0 section 2.1.2; AUTH exists only in 5.0). */
public enum PacketType {
    CONNECT(1), CONNACK(2), PUBLISH(3), PUBACK(4), PUBREC(5), PUBREL(6), PUBCOMP(7), SUBSCRIBE(8), SUBACK(9),
    UNSUBSCRIBE(10), UNSUBACK(11), PINGREQ(12), PINGRESP(13), DISCONNECT(14), AUTH(15);

    private static final PacketType[] BY_VALUE = new PacketType[16];

    static {
        for (PacketType type : values()) {
            BY_VALUE[type.value] = type;
        }
    }

    private final int value;

    PacketType(int value) {
        this.value = value;
    }

    /** The value in the upper four bits of the first byte. */
    public int value() {
        return value;
    }

    /** The type for a four-bit value, or null for 0 (reserved). */
    public static PacketType fromValue(int value) {
        return BY_VALUE[value & 0x0F];
    }
}
