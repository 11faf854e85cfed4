package dev.tern.mqtt.message;

import dev.tern.mqtt.reason.SubAckReasonCode;

import java.util.List;
import java.util.Optional;

/**
 * The server's answer to SUBSCRIBE (MQTT 5.0 section 3.9): one reason code per requested subscription, in the
 * order of the request. Immutable and thread-safe.
 *
 * <p>A future for a subscribe completes with a {@code SubAck} only if every code granted a QoS; if any code is an
 * error it fails with {@link dev.tern.mqtt.exceptions.MqttAckException}, which carries the codes.
 */
public final class SubAck {

    private final List<SubAckReasonCode> reasonCodes;
    private final String reasonString;
    private final List<UserProperty> userProperties;

    /**
     * Creates the result (for client implementations and tests).
     *
     * @param reasonCodes one code per subscription, in request order
     * @param reasonString the MQTT 5.0 reason string, or null
     * @param userProperties the MQTT 5.0 user properties, never null
     */
    public SubAck(List<SubAckReasonCode> reasonCodes, String reasonString, List<UserProperty> userProperties) {
        this.reasonCodes = List.copyOf(reasonCodes);
        this.reasonString = reasonString;
        this.userProperties = List.copyOf(userProperties);
    }

    /** One reason code per subscription, in the order they were requested. */
    public List<SubAckReasonCode> reasonCodes() {
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
        return "SubAck" + reasonCodes + (reasonString == null ? "" : " " + reasonString);
    }
}
