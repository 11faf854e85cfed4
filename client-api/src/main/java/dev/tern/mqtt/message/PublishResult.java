package dev.tern.mqtt.message;

import dev.tern.mqtt.reason.ReasonCode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a publish: the message and the server's acknowledgement. Immutable and thread-safe.
 *
 * <ul>
 * <li>QoS 0: no acknowledgement exists; {@link #reasonCode()} is empty and the result only means the message was
 *     written to the network.</li>
 * <li>QoS 1: the PUBACK reason code ({@link dev.tern.mqtt.reason.PubAckReasonCode}).</li>
 * <li>QoS 2: the PUBREC reason code ({@link dev.tern.mqtt.reason.PubRecReasonCode}); the result is given once the
 *     whole exchange ended with PUBCOMP.</li>
 * </ul>
 *
 * <p>A future completes with a result only for a success code (for example {@code NO_MATCHING_SUBSCRIBERS}); an
 * error code fails it with {@link dev.tern.mqtt.exceptions.MqttAckException}.
 */
public final class PublishResult {

    private final Publish publish;
    private final ReasonCode reasonCode;
    private final String reasonString;
    private final List<UserProperty> userProperties;

    /**
     * Creates the result (for client implementations and tests).
     *
     * @param publish the message that was published
     * @param reasonCode the PUBACK or PUBREC reason code, or null for QoS 0
     * @param reasonString the MQTT 5.0 reason string, or null
     * @param userProperties the MQTT 5.0 user properties of the acknowledgement, never null
     */
    public PublishResult(Publish publish, ReasonCode reasonCode, String reasonString,
            List<UserProperty> userProperties) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.reasonCode = reasonCode;
        this.reasonString = reasonString;
        this.userProperties = List.copyOf(userProperties);
    }

    /** The message that was published. */
    public Publish publish() {
        return publish;
    }

    /** The PUBACK (QoS 1) or PUBREC (QoS 2) reason code; empty for QoS 0. */
    public Optional<ReasonCode> reasonCode() {
        return Optional.ofNullable(reasonCode);
    }

    /** MQTT 5.0: the reason string of the acknowledgement, if any. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }

    /** MQTT 5.0 user properties of the acknowledgement; empty if none. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    @Override
    public String toString() {
        return "PublishResult[" + publish.topic() + ", qos=" + publish.qos().code()
                + (reasonCode == null ? "" : ", " + reasonCode) + "]";
    }
}
