package dev.tern.mqtt.message;

/** Whether the server sends retained messages when a subscription is made (MQTT 5.0 section 3.8.3.1). */
public enum RetainHandling {
    /** Send retained messages at the time of the subscribe (the only behaviour in MQTT 3.1.1). */
    SEND_ON_SUBSCRIBE(0),
    /** Send retained messages only if the subscription did not already exist. */
    SEND_IF_NEW_SUBSCRIPTION(1),
    /** Never send retained messages for this subscription. */
    DO_NOT_SEND(2);

    private final int code;

    RetainHandling(int code) {
        this.code = code;
    }

    /** The value on the wire: 0, 1 or 2. */
    public int code() {
        return code;
    }

    /**
     * Returns the retain handling for a wire value.
     *
     * @throws IllegalArgumentException if {@code code} is not 0, 1 or 2
     */
    public static RetainHandling fromCode(int code) {
        if (code < 0 || code > 2) {
            throw new IllegalArgumentException("retain handling must be 0, 1 or 2, was " + code);
        }
        return values()[code];
    }
}
