package dev.tern.mqtt.exceptions;

import dev.tern.mqtt.reason.ReasonCode;

import java.util.List;
import java.util.Optional;

/**
 * The server answered a PUBLISH, SUBSCRIBE or UNSUBSCRIBE with an error reason code (0x80 or above) in its PUBACK,
 * PUBREC, SUBACK or UNSUBACK. The connection stays up. {@link #reasonCodes()} holds every code of that packet (one
 * per topic filter for SUBACK and UNSUBACK), so a caller can see which parts succeeded.
 */
public class MqttAckException extends MqttException {

    private static final long serialVersionUID = 1L;

    private final transient List<? extends ReasonCode> reasonCodes;
    private final String reasonString;

    /**
     * Creates the exception.
     *
     * @param message what failed, for a person to read
     * @param reasonCodes the reason codes of the acknowledgement, in order
     * @param reasonString the MQTT 5.0 reason string, or null
     * @param cause the original exception when rethrown on another thread, or null
     */
    public MqttAckException(String message, List<? extends ReasonCode> reasonCodes, String reasonString,
            Throwable cause) {
        super(message, cause);
        this.reasonCodes = List.copyOf(reasonCodes);
        this.reasonString = reasonString;
    }

    /** The reason codes of the acknowledgement, in order; at least one is an error. */
    public List<? extends ReasonCode> reasonCodes() {
        return reasonCodes;
    }

    /** The MQTT 5.0 reason string of the acknowledgement, if any. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }
}
