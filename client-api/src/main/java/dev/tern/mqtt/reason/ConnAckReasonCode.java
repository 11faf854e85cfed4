package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of a CONNACK packet (MQTT 5.0 section 3.2.2.2). MQTT 3.1.1 return codes 0 to 5 map to SUCCESS, UNSUPPORTED_PROTOCOL_VERSION, CLIENT_IDENTIFIER_NOT_VALID, SERVER_UNAVAILABLE, BAD_USER_NAME_OR_PASSWORD and NOT_AUTHORIZED.
 */
public enum ConnAckReasonCode implements ReasonCode {
    /** The connection is accepted. */
    SUCCESS(0x00),
    /** The server does not wish to reveal the reason, or none of the other codes apply. */
    UNSPECIFIED_ERROR(0x80),
    /** The CONNECT packet could not be parsed. */
    MALFORMED_PACKET(0x81),
    /** The CONNECT packet did not conform to the specification. */
    PROTOCOL_ERROR(0x82),
    /** The CONNECT is valid but not accepted by this server. */
    IMPLEMENTATION_SPECIFIC_ERROR(0x83),
    /** The server does not support the requested protocol version (3.1.1 return code 1). */
    UNSUPPORTED_PROTOCOL_VERSION(0x84),
    /** The client identifier is valid but not allowed (3.1.1 return code 2). */
    CLIENT_IDENTIFIER_NOT_VALID(0x85),
    /** The user name or password was not accepted (3.1.1 return code 4). */
    BAD_USER_NAME_OR_PASSWORD(0x86),
    /** The client is not authorized to connect (3.1.1 return code 5). */
    NOT_AUTHORIZED(0x87),
    /** The server is not available (3.1.1 return code 3). */
    SERVER_UNAVAILABLE(0x88),
    /** The server is busy; try again later. */
    SERVER_BUSY(0x89),
    /** The client has been banned by administrative action. */
    BANNED(0x8A),
    /** The authentication method is not supported or does not match the one in use. */
    BAD_AUTHENTICATION_METHOD(0x8C),
    /** The will topic name is well formed but not accepted. */
    TOPIC_NAME_INVALID(0x90),
    /** The CONNECT packet exceeded the maximum permissible size. */
    PACKET_TOO_LARGE(0x95),
    /** An implementation or administrative limit has been exceeded. */
    QUOTA_EXCEEDED(0x97),
    /** The will payload does not match its payload format indicator. */
    PAYLOAD_FORMAT_INVALID(0x99),
    /** The will is retained but the server does not support retained messages. */
    RETAIN_NOT_SUPPORTED(0x9A),
    /** The server does not support the QoS of the will. */
    QOS_NOT_SUPPORTED(0x9B),
    /** The client should temporarily use another server. */
    USE_ANOTHER_SERVER(0x9C),
    /** The client should permanently use another server. */
    SERVER_MOVED(0x9D),
    /** The connection rate limit has been exceeded. */
    CONNECTION_RATE_EXCEEDED(0x9F);

    private static final ConnAckReasonCode[] BY_CODE = new ConnAckReasonCode[256];

    static {
        for (ConnAckReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    ConnAckReasonCode(int code) {
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
    public static Optional<ConnAckReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
