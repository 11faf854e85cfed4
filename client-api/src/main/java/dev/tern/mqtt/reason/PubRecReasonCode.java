package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of a PUBREC packet (MQTT 5.0 section 3.5.2.1).
 */
public enum PubRecReasonCode implements ReasonCode {
    /** The message is accepted; the QoS 2 exchange goes on. */
    SUCCESS(0x00),
    /** The message is accepted but there are no subscribers. */
    NO_MATCHING_SUBSCRIBERS(0x10),
    /** The receiver does not accept the publish and none of the other codes apply. */
    UNSPECIFIED_ERROR(0x80),
    /** The publish is valid but the receiver is not willing to accept it. */
    IMPLEMENTATION_SPECIFIC_ERROR(0x83),
    /** The publish is not authorized. */
    NOT_AUTHORIZED(0x87),
    /** The topic name is well formed but not accepted. */
    TOPIC_NAME_INVALID(0x90),
    /** The packet identifier is already in use. */
    PACKET_IDENTIFIER_IN_USE(0x91),
    /** An implementation or administrative limit has been exceeded. */
    QUOTA_EXCEEDED(0x97),
    /** The payload does not match its payload format indicator. */
    PAYLOAD_FORMAT_INVALID(0x99);

    private static final PubRecReasonCode[] BY_CODE = new PubRecReasonCode[256];

    static {
        for (PubRecReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    PubRecReasonCode(int code) {
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
    public static Optional<PubRecReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
