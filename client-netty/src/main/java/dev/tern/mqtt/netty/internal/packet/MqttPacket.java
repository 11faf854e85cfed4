package dev.tern.mqtt.netty.internal.packet;

/** One MQTT control packet, independent of the protocol version. */
public sealed interface MqttPacket permits ConnectPacket, ConnAckPacket, PublishPacket, PubAckPacket, PubRecPacket,
        PubRelPacket, PubCompPacket, SubscribePacket, SubAckPacket, UnsubscribePacket, UnsubAckPacket, PingReqPacket,
        PingRespPacket, DisconnectPacket, AuthPacket {

    /** The packet type, from the first four bits of the fixed header. */
    PacketType type();
}
