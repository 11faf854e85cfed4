package dev.tern.mqtt;

/** The MQTT protocol version a client speaks. One API serves both; the version is an option. */
public enum MqttVersion {
    /** MQTT 3.1.1 (OASIS Standard, protocol level 4). */
    MQTT_3_1_1(4),
    /** MQTT 5.0 (OASIS Standard, protocol level 5). */
    MQTT_5_0(5);

    private final int protocolLevel;

    MqttVersion(int protocolLevel) {
        this.protocolLevel = protocolLevel;
    }

    /** The protocol level byte sent in CONNECT: 4 for 3.1.1, 5 for 5.0. */
    public int protocolLevel() {
        return protocolLevel;
    }
}
