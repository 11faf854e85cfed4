package dev.tern.mqtt.netty.internal.packet;

/** PINGRESP (MQTT 5.0 section 3.13): no variable header, no payload. */
public enum PingRespPacket implements MqttPacket {
    INSTANCE;

    @Override
    public PacketType type() {
        return PacketType.PINGRESP;
    }
}
