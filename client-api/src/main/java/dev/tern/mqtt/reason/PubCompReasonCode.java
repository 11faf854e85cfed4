package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of a PUBCOMP packet (MQTT 5.0 section 3.7.2.1).
 */
public enum PubCompReasonCode implements ReasonCode {
    /** The packet identifier is released. */
    SUCCESS(0x00),
    /** The packet identifier is not known to the receiver. */
    PACKET_IDENTIFIER_NOT_FOUND(0x92);

    private static final PubCompReasonCode[] BY_CODE = new PubCompReasonCode[256];

    static {
        for (PubCompReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    PubCompReasonCode(int code) {
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
    public static Optional<PubCompReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
