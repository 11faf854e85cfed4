package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;

/**
 * Maps the MQTT 3.1.1 return codes of CONNACK
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718035">3.1.1 section
 * 3.2.2.3</a>) and SUBACK (section 3.9.3) onto the MQTT 5.0 reason code enums, and back.
 */
final class Mqtt311ReturnCodes {

    private static final ConnAckReasonCode[] CONNACK = {
        ConnAckReasonCode.SUCCESS,
        ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
        ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
        ConnAckReasonCode.SERVER_UNAVAILABLE,
        ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD,
        ConnAckReasonCode.NOT_AUTHORIZED,
    };

    private Mqtt311ReturnCodes() {
    }

    /** The reason code for a CONNACK return code 0..5, or null for the reserved values 6..255. */
    static ConnAckReasonCode connAck(int returnCode) {
        return returnCode >= 0 && returnCode < CONNACK.length ? CONNACK[returnCode] : null;
    }

    /**
     * The CONNACK return code for a reason code.
     *
     * @throws IllegalArgumentException for a reason code MQTT 3.1.1 cannot express
     */
    static int connAckReturnCode(ConnAckReasonCode reasonCode) {
        for (int i = 0; i < CONNACK.length; i++) {
            if (CONNACK[i] == reasonCode) {
                return i;
            }
        }
        throw new IllegalArgumentException("CONNACK reason code " + reasonCode + " has no MQTT 3.1.1 return code");
    }

    /** The reason code for a SUBACK return code (0, 1, 2 or 0x80 for failure), or null for any other value. */
    static SubAckReasonCode subAck(int returnCode) {
        switch (returnCode) {
            case 0x00:
                return SubAckReasonCode.GRANTED_QOS_0;
            case 0x01:
                return SubAckReasonCode.GRANTED_QOS_1;
            case 0x02:
                return SubAckReasonCode.GRANTED_QOS_2;
            case 0x80:
                return SubAckReasonCode.UNSPECIFIED_ERROR;
            default:
                return null;
        }
    }

    /**
     * The SUBACK return code for a reason code.
     *
     * @throws IllegalArgumentException for a reason code MQTT 3.1.1 cannot express
     */
    static int subAckReturnCode(SubAckReasonCode reasonCode) {
        switch (reasonCode) {
            case GRANTED_QOS_0:
            case GRANTED_QOS_1:
            case GRANTED_QOS_2:
            case UNSPECIFIED_ERROR:
                return reasonCode.code();
            default:
                throw new IllegalArgumentException(
                        "SUBACK reason code " + reasonCode + " has no MQTT 3.1.1 return code");
        }
    }
}
