package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.ReasonCode;

import java.util.concurrent.CompletableFuture;

/**
 * One outgoing QoS 1 or 2 message and where its exchange stands. Lives in the session, so it outlives a connection.
 * Event loop only.
 */
public final class OutgoingPublish {

    /** Where the exchange stands. */
    public enum Stage {
        /** Waiting for send quota (the server's Receive Maximum) or a free packet identifier. */
        QUEUED,
        /** QoS 1 PUBLISH sent, waiting for PUBACK. */
        AWAITING_PUBACK,
        /** QoS 2 PUBLISH sent, waiting for PUBREC. */
        AWAITING_PUBREC,
        /** QoS 2 PUBREL sent, waiting for PUBCOMP; the PUBLISH is never sent again from here. */
        AWAITING_PUBCOMP
    }

    final Publish message;
    final CompletableFuture<PublishResult> future;
    Stage stage = Stage.QUEUED;
    PublishPacket packet;
    ReasonCode pubRecCode;
    String pubRecReasonString;

    public OutgoingPublish(Publish message, CompletableFuture<PublishResult> future) {
        this.message = message;
        this.future = future;
    }

    public Publish message() {
        return message;
    }

    public Stage stage() {
        return stage;
    }

    /** The packet identifier, or 0 while queued. */
    public int packetId() {
        return packet == null ? 0 : packet.packetId();
    }
}
