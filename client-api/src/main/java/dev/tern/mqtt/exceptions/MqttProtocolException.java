package dev.tern.mqtt.exceptions;

import dev.tern.mqtt.reason.DisconnectReasonCode;

import java.util.Objects;

/**
 * A packet broke the MQTT protocol: it was malformed (0x81), out of place (0x82, protocol error), too large (0x95),
 * or used a topic alias that does not exist (0x94). The connection it arrived on is closed with
 * {@link #reasonCode()} as the DISCONNECT reason where the protocol version allows one.
 */
public class MqttProtocolException extends MqttException {

    private static final long serialVersionUID = 1L;

    private final DisconnectReasonCode reasonCode;

    /**
     * Creates the exception.
     *
     * @param reasonCode the reason the connection is closed with, for example {@link DisconnectReasonCode#MALFORMED_PACKET}
     * @param message what was wrong, for a person to read
     */
    public MqttProtocolException(DisconnectReasonCode reasonCode, String message) {
        super(message);
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /** The reason code the connection is closed with. */
    public DisconnectReasonCode reasonCode() {
        return reasonCode;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + String.format(" (reason code 0x%02X %s)", reasonCode.code(), reasonCode);
    }
}
