package dev.tern.mqtt.reason;

/**
 * A reason code carried by an MQTT control packet.
 *
 * <p>Each packet family has its own enum (for example {@link ConnAckReasonCode} or {@link PubAckReasonCode}),
 * because the same numeric value means different things in different packets (0x00 is "success" in a PUBACK but
 * "granted QoS 0" in a SUBACK). MQTT 3.1.1 return codes are mapped onto the MQTT 5.0 values, so one enum serves
 * both protocol versions.
 *
 * <p>Values below 0x80 report success or information; values of 0x80 and above report an error
 * (MQTT 5.0, section 2.4).
 */
public interface ReasonCode {

    /** The numeric value on the wire, 0 to 255. */
    int code();

    /** Whether this code reports an error, that is whether {@link #code()} is 0x80 or greater. */
    default boolean isError() {
        return code() >= 0x80;
    }
}
