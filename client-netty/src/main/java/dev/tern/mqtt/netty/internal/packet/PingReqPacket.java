package dev.tern.mqtt.netty.internal.packet;

/** PINGREQ (MQTT 5.0 section 3.12): no variable header, no payload. */
public enum PingReqPacket implements MqttPacket {
    INSTANCE;

    @Override
    public PacketType type() {
        return PacketType.PINGREQ;
    }
}
