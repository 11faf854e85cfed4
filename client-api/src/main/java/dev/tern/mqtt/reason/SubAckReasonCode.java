package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of a SUBACK packet, one per topic filter (MQTT 5.0 section 3.9.3). The MQTT 3.1.1 failure return code 0x80 maps to UNSPECIFIED_ERROR.
 */
public enum SubAckReasonCode implements ReasonCode {
    /** The subscription is accepted with maximum QoS 0. */
    GRANTED_QOS_0(0x00),
    /** The subscription is accepted with maximum QoS 1. */
    GRANTED_QOS_1(0x01),
    /** The subscription is accepted with maximum QoS 2. */
    GRANTED_QOS_2(0x02),
    /** The subscription is not accepted (also the MQTT 3.1.1 failure code). */
    UNSPECIFIED_ERROR(0x80),
    /** The subscription is valid but the server does not accept it. */
    IMPLEMENTATION_SPECIFIC_ERROR(0x83),
    /** The client is not authorized to make this subscription. */
    NOT_AUTHORIZED(0x87),
    /** The topic filter is well formed but not allowed for this client. */
    TOPIC_FILTER_INVALID(0x8F),
    /** The packet identifier is already in use. */
    PACKET_IDENTIFIER_IN_USE(0x91),
    /** An implementation or administrative limit has been exceeded. */
    QUOTA_EXCEEDED(0x97),
    /** The server does not support shared subscriptions for this client. */
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E),
    /** The server does not support subscription identifiers. */
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1),
    /** The server does not support wildcard subscriptions. */
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2);

    private static final SubAckReasonCode[] BY_CODE = new SubAckReasonCode[256];

    static {
        for (SubAckReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    SubAckReasonCode(int code) {
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
    public static Optional<SubAckReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
