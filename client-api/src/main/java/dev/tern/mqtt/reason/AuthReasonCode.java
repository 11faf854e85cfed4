package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of an AUTH packet (MQTT 5.0 section 3.15.2.1).
 */
public enum AuthReasonCode implements ReasonCode {
    /** Authentication is successful. */
    SUCCESS(0x00),
    /** Continue the authentication with another step. */
    CONTINUE_AUTHENTICATION(0x18),
    /** Initiate a re-authentication. */
    RE_AUTHENTICATE(0x19);

    private static final AuthReasonCode[] BY_CODE = new AuthReasonCode[256];

    static {
        for (AuthReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    AuthReasonCode(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * Looks up a reason code by its numeric value.
     *
     * @param code the value on the wire
     * @return the reason code, or empty if {@code code} is not defined for this packet type
     */
    public static Optional<AuthReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
