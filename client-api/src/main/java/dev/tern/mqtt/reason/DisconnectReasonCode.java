package dev.tern.mqtt.reason;

import java.util.Optional;

/**
 * Reason codes of a DISCONNECT packet (MQTT 5.0 section 3.14.2.1); also the reason a client closes a connection after a malformed packet (0x81), a protocol error (0x82) or a packet that is too large (0x95).
 */
public enum DisconnectReasonCode implements ReasonCode {
    /** Close the connection normally; do not send the will. */
    NORMAL_DISCONNECTION(0x00),
    /** The client wishes to disconnect but requires that the server also publishes its will. */
    DISCONNECT_WITH_WILL_MESSAGE(0x04),
    /** The connection is closed but the sender does not wish to reveal the reason. */
    UNSPECIFIED_ERROR(0x80),
    /** A received packet could not be parsed. */
    MALFORMED_PACKET(0x81),
    /** An unexpected or out-of-order packet was received. */
    PROTOCOL_ERROR(0x82),
    /** The packet is valid but not accepted by this implementation. */
    IMPLEMENTATION_SPECIFIC_ERROR(0x83),
    /** The request is not authorized. */
    NOT_AUTHORIZED(0x87),
    /** The server is busy. */
    SERVER_BUSY(0x89),
    /** The server is shutting down. */
    SERVER_SHUTTING_DOWN(0x8B),
    /** No packet was received for 1.5 times the keep alive. */
    KEEP_ALIVE_TIMEOUT(0x8D),
    /** Another connection using the same client identifier has connected. */
    SESSION_TAKEN_OVER(0x8E),
    /** The topic filter is well formed but not accepted. */
    TOPIC_FILTER_INVALID(0x8F),
    /** The topic name is well formed but not accepted. */
    TOPIC_NAME_INVALID(0x90),
    /** More QoS 1/2 publishes were received than the receive maximum allows. */
    RECEIVE_MAXIMUM_EXCEEDED(0x93),
    /** A topic alias was zero, too large or unknown. */
    TOPIC_ALIAS_INVALID(0x94),
    /** A packet exceeded the maximum packet size. */
    PACKET_TOO_LARGE(0x95),
    /** The received data rate is too high. */
    MESSAGE_RATE_TOO_HIGH(0x96),
    /** An implementation or administrative limit has been exceeded. */
    QUOTA_EXCEEDED(0x97),
    /** The connection is closed by administrative action. */
    ADMINISTRATIVE_ACTION(0x98),
    /** The payload does not match its payload format indicator. */
    PAYLOAD_FORMAT_INVALID(0x99),
    /** The server does not support retained messages. */
    RETAIN_NOT_SUPPORTED(0x9A),
    /** The client used a QoS greater than the server's maximum QoS. */
    QOS_NOT_SUPPORTED(0x9B),
    /** The client should temporarily change its server. */
    USE_ANOTHER_SERVER(0x9C),
    /** The server has moved; the client should permanently change its server. */
    SERVER_MOVED(0x9D),
    /** The server does not support shared subscriptions. */
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E),
    /** The connection rate limit has been exceeded. */
    CONNECTION_RATE_EXCEEDED(0x9F),
    /** The maximum connection time for this connection has been exceeded. */
    MAXIMUM_CONNECT_TIME(0xA0),
    /** The server does not support subscription identifiers. */
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1),
    /** The server does not support wildcard subscriptions. */
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2);

    private static final DisconnectReasonCode[] BY_CODE = new DisconnectReasonCode[256];

    static {
        for (DisconnectReasonCode value : values()) {
            BY_CODE[value.code] = value;
        }
    }

    private final int code;

    DisconnectReasonCode(int code) {
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
    public static Optional<DisconnectReasonCode> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
