package dev.tern.mqtt.spi;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;

import java.util.Objects;

/**
 * One outgoing message as a {@link SessionStore} keeps it.
 *
 * @param sequence the client's number for this message, unique within the store and increasing in the order the
 *        application published; resending in this order keeps the original order
 * @param message the message as the application published it
 * @param stage how far its exchange got
 * @param packetId the packet identifier it was sent with; 0 while {@link Stage#BUFFERED}
 * @param createdAtEpochMillis when the application published it (wall clock), for MQTT 5.0 message expiry
 */
public record StoredPublish(long sequence, Publish message, Stage stage, int packetId, long createdAtEpochMillis) {

    /** How far the exchange of a stored message got. */
    public enum Stage {
        /** Not sent yet: in the offline buffer, or waiting for the server's Receive Maximum. Any QoS. */
        BUFFERED,
        /** PUBLISH sent (QoS 1 or 2), waiting for PUBACK or PUBREC; resent with DUP=1 on a resumed session. */
        SENT,
        /** QoS 2 PUBREC received and PUBREL sent, waiting for PUBCOMP; only PUBREL is ever sent again. */
        RELEASED
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the packet identifier does not fit the stage, or a QoS 0 message is
     *         anything but buffered
     */
    public StoredPublish {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stage, "stage");
        if (stage == Stage.BUFFERED ? packetId != 0 : packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet id " + packetId + " does not fit stage " + stage);
        }
        if (message.qos() == Qos.AT_MOST_ONCE && stage != Stage.BUFFERED) {
            throw new IllegalArgumentException("a QoS 0 message is only ever stored while buffered");
        }
        if (stage == Stage.RELEASED && message.qos() != Qos.EXACTLY_ONCE) {
            throw new IllegalArgumentException("only a QoS 2 message can be released");
        }
    }

    /** This message at another stage and packet identifier. */
    public StoredPublish at(Stage newStage, int newPacketId) {
        return new StoredPublish(sequence, message, newStage, newPacketId, createdAtEpochMillis);
    }
}
