package dev.tern.mqtt.netty.internal.codec;

/**
 * Where a property block appears: one per packet type that has properties, plus the will properties in the
 * CONNECT payload. Which identifiers each place allows is in the table of
 * <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901029">MQTT 5.0 section 2.2.2.2</a>.
 */
enum PropertyContext {
    CONNECT("CONNECT"),
    WILL("CONNECT will properties"),
    CONNACK("CONNACK"),
    PUBLISH("PUBLISH"),
    PUBACK("PUBACK"),
    PUBREC("PUBREC"),
    PUBREL("PUBREL"),
    PUBCOMP("PUBCOMP"),
    SUBSCRIBE("SUBSCRIBE"),
    SUBACK("SUBACK"),
    UNSUBSCRIBE("UNSUBSCRIBE"),
    UNSUBACK("UNSUBACK"),
    DISCONNECT("DISCONNECT"),
    AUTH("AUTH");

    private final String displayName;

    PropertyContext(String displayName) {
        this.displayName = displayName;
    }

    /** The bit of this context in {@link Property#contexts()}. */
    int bit() {
        return 1 << ordinal();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
