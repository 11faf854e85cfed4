package dev.tern.mqtt.message;

import dev.tern.mqtt.reason.UnsubAckReasonCode;

import java.util.List;
import java.util.Optional;

/**
 * The server's answer to UNSUBSCRIBE (MQTT 5.0 section 3.11). Immutable and thread-safe.
 *
 * <p>MQTT 5.0 has one reason code per topic filter; an MQTT 3.1.1 UNSUBACK has none, so {@link #reasonCodes()} is
 * then filled with {@code SUCCESS}. A code of {@code NO_SUBSCRIPTION_EXISTED} is not an error.
 */
public final class UnsubAck {

    private final List<UnsubAckReasonCode> reasonCodes;
    private final String reasonString;
    private final List<UserProperty> userProperties;

    /**
     * Creates the result (for client implementations and tests).
     *
     * @param reasonCodes one code per topic filter, in request order
     * @param reasonString the MQTT 5.0 reason string, or null
     * @param userProperties the MQTT 5.0 user properties, never null
     */
    public UnsubAck(List<UnsubAckReasonCode> reasonCodes, String reasonString, List<UserProperty> userProperties) {
        this.reasonCodes = List.copyOf(reasonCodes);
        this.reasonString = reasonString;
        this.userProperties = List.copyOf(userProperties);
    }

    /** One reason code per topic filter, in the order they were requested. */
    public List<UnsubAckReasonCode> reasonCodes() {
        return reasonCodes;
    }

    /** MQTT 5.0: a human-readable reason, if the server sent one. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }

    /** MQTT 5.0 user properties; empty if none. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    @Override
    public String toString() {
        return "UnsubAck" + reasonCodes + (reasonString == null ? "" : " " + reasonString);
    }
}
