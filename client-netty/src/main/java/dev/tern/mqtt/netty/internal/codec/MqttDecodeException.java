package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.reason.DisconnectReasonCode;

/**
 * The only exception {@link MqttPacketDecoder} throws: the bytes received do not form a valid MQTT packet.
 * The reason code is one of {@link DisconnectReasonCode#MALFORMED_PACKET} (the bytes cannot be parsed),
 * {@link DisconnectReasonCode#PROTOCOL_ERROR} (they parse but carry data the protocol forbids),
 * {@link DisconnectReasonCode#TOPIC_ALIAS_INVALID} (the Protocol Error of a Topic Alias 0, for which MQTT 5.0
 * section 3.3.4 names this code) or {@link DisconnectReasonCode#PACKET_TOO_LARGE} (the fixed header announces more
 * than the maximum packet size).
 * The terms are defined in <a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901000">
 * MQTT 5.0 section 1.2</a>; handling is described in section 4.13.
 */
public final class MqttDecodeException extends MqttProtocolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reasonCode MALFORMED_PACKET, PROTOCOL_ERROR, TOPIC_ALIAS_INVALID or PACKET_TOO_LARGE
     * @param message what was wrong, for example "duplicate property 0x11 in CONNACK"
     */
    public MqttDecodeException(DisconnectReasonCode reasonCode, String message) {
        super(reasonCode, message);
    }

    static MqttDecodeException malformed(String message) {
        return new MqttDecodeException(DisconnectReasonCode.MALFORMED_PACKET, message);
    }

    static MqttDecodeException protocolError(String message) {
        return new MqttDecodeException(DisconnectReasonCode.PROTOCOL_ERROR, message);
    }

    static MqttDecodeException topicAliasInvalid(String message) {
        return new MqttDecodeException(DisconnectReasonCode.TOPIC_ALIAS_INVALID, message);
    }

    static MqttDecodeException tooLarge(String message) {
        return new MqttDecodeException(DisconnectReasonCode.PACKET_TOO_LARGE, message);
    }
}
