package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.ReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;

/**
 * Maps the MQTT 3.1.1 return codes of CONNACK
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718035">3.1.1 section
 * 3.2.2.3</a>) and SUBACK (section 3.9.3) onto the MQTT 5.0 reason code enums, and back; and decides which reason
 * codes the packets without a return code (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK, DISCONNECT) can carry on
 * 3.1.1, where they say only "done".
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

    /**
     * Checks that an acknowledgement without a return code in 3.1.1 (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK) can
     * stand for this reason code. The plain 3.1.1 packet means the request was processed, so a success code (below
     * 0x80) may be sent as it, losing only its detail (0x10 No matching subscribers, 0x11 No subscription existed);
     * an error code cannot, because the receiver would take it for a success.
     *
     * @throws IllegalArgumentException for an error code (0x80 or above)
     */
    static void checkPlainAck(String packet, ReasonCode reasonCode) {
        if (reasonCode.isError()) {
            throw new IllegalArgumentException(String.format("%s reason code %s (0x%02X) cannot be sent on MQTT 3.1.1,"
                    + " whose %s has no reason code and means success", packet, reasonCode, reasonCode.code(), packet));
        }
    }

    /**
     * Checks that a 3.1.1 DISCONNECT, which has no content, can stand for this reason code: only Normal
     * disconnection. 0x04 (Disconnect with Will Message) means the opposite of a 3.1.1 DISCONNECT, which makes the
     * server discard the Will ([MQTT-3.14.4-3]); to have the Will published on 3.1.1 the client closes the network
     * connection without DISCONNECT. An error code cannot be said either: a 3.1.1 client that hits an error closes
     * the connection (section 4.8).
     *
     * @throws IllegalArgumentException for any other reason code
     */
    static void checkPlainDisconnect(DisconnectReasonCode reasonCode) {
        if (reasonCode != DisconnectReasonCode.NORMAL_DISCONNECTION) {
            throw new IllegalArgumentException(String.format("DISCONNECT reason code %s (0x%02X) cannot be sent on"
                    + " MQTT 3.1.1, whose DISCONNECT means a normal disconnection that discards the Will; close the"
                    + " connection without DISCONNECT instead", reasonCode, reasonCode.code()));
        }
    }
}
