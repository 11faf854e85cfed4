package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of an UNSUBACK packet, one per topic filter (MQTT 5.0 section 3.11.3). MQTT 3.1.1 UNSUBACK carries none.
 */
public enum UnsubAckReasonCode implements ReasonCode {
    /** The subscription is deleted. */
    SUCCESS(0x00),
    /** No matching topic filter is in use by the client. */
    NO_SUBSCRIPTION_EXISTED(0x11),
    /** The unsubscribe could not be completed. */
    UNSPECIFIED_ERROR(0x80),
    /** The unsubscribe is valid but the server does not accept it. */
    IMPLEMENTATION_SPECIFIC_ERROR(0x83),
    /** The client is not authorized to unsubscribe. */
    NOT_AUTHORIZED(0x87),
    /** The topic filter is well formed but not allowed for this client. */
    TOPIC_FILTER_INVALID(0x8F),
    /** The packet identifier is already in use. */
    PACKET_IDENTIFIER_IN_USE(0x91);

    private static final UnsubAckReasonCode[] BY_CODE = new UnsubAckReasonCode[256];

    static {
        for (UnsubAckReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    UnsubAckReasonCode(int code) {
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
    public static Optional<UnsubAckReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
