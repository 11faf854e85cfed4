package dev.tern.mqtt.message;

/** The quality of service of a message delivery (MQTT 5.0 section 4.3). */
public enum Qos {
    /** At most once: the message is sent once and never acknowledged. */
    AT_MOST_ONCE(0),
    /** At least once: the message is resent until a PUBACK arrives, so it may be delivered more than once. */
    AT_LEAST_ONCE(1),
    /** Exactly once: a four-step exchange (PUBLISH, PUBREC, PUBREL, PUBCOMP) delivers the message once. */
    EXACTLY_ONCE(2);

    private static final Qos[] BY_CODE = values();

    private final int code;

    Qos(int code) {
        this.code = code;
    }

    /** The QoS as it appears on the wire: 0, 1 or 2. */
    public int code() {
        return code;
    }

    /**
     * Returns the QoS for a wire value.
     *
     * @throws IllegalArgumentException if {@code code} is not 0, 1 or 2
     */
    public static Qos fromCode(int code) {
        if (code < 0 || code > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + code);
        }
        return BY_CODE[code];
    }
}
