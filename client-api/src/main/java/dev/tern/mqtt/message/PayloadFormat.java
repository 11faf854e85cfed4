package dev.tern.mqtt.message;

/** The MQTT 5.0 payload format indicator (section 3.3.2.3.2): whether a payload is unspecified bytes or UTF-8 text. */
public enum PayloadFormat {
    /** The payload is unspecified bytes (wire value 0). */
    UNSPECIFIED(0),
    /** The payload is UTF-8 encoded character data (wire value 1); a receiver may check it. */
    UTF_8(1);

    private final int code;

    PayloadFormat(int code) {
        this.code = code;
    }

    /** The value on the wire: 0 or 1. */
    public int code() {
        return code;
    }

    /**
     * Returns the payload format for a wire value.
     *
     * @throws IllegalArgumentException if {@code code} is not 0 or 1
     */
    public static PayloadFormat fromCode(int code) {
        if (code == 0) {
            return UNSPECIFIED;
        }
        if (code == 1) {
            return UTF_8;
        }
        throw new IllegalArgumentException("payload format indicator must be 0 or 1, was " + code);
    }
}
