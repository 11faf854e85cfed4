package dev.tern.mqtt.internal;

import dev.tern.mqtt.message.PayloadFormat;
import dev.tern.mqtt.message.Publish;

import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Lets Tern's client implementation read a {@link Publish}'s fields as they are held: the payload buffer itself and
 * the MQTT 5.0 properties as nullable values. Not API: the module exports this package only to
 * {@code dev.tern.mqtt.netty}.
 *
 * <p>Why: the public accessors hand out a fresh read-only view of the payload and an {@code Optional} per property,
 * right for users but about a fifth of the publishing thread's time when the client maps every outgoing message to
 * its PUBLISH packet. {@link Publish} registers its reader here when it is initialised.
 */
public final class PublishFields {

    /** The fields of a message as {@link Publish} holds them; implemented in {@code dev.tern.mqtt.message}. */
    public interface Reader {

        /**
         * The payload buffer the message holds, read-only and positioned at its start. Shared: the caller must not
         * move its position or limit (read it with absolute gets or through a duplicate).
         */
        ByteBuffer payload(Publish message);

        /** The payload format indicator, or null for none. */
        PayloadFormat payloadFormat(Publish message);

        /** The message expiry interval in seconds, or null for none. */
        Long messageExpiryInterval(Publish message);

        /** The content type, or null for none. */
        String contentType(Publish message);

        /** The response topic, or null for none. */
        String responseTopic(Publish message);

        /** The correlation data buffer the message holds (shared, as {@link #payload}), or null for none. */
        ByteBuffer correlationData(Publish message);

        /**
         * Whether the message has any MQTT 5.0 property a client sends (subscription identifiers are not sent, so
         * they do not count).
         */
        boolean hasProperties(Publish message);
    }

    private static Reader reader; // set by Publish's static initialiser, which reader() makes sure has run

    private PublishFields() {
    }

    /** Called once, by {@link Publish}'s static initialiser. */
    public static void register(Reader r) {
        if (reader != null) {
            throw new IllegalStateException("already registered");
        }
        reader = Objects.requireNonNull(r);
    }

    /** The reader {@link Publish} registered; initialises {@link Publish} first if nothing has yet. */
    public static Reader reader() {
        try {
            // class initialisation happens before this returns, so the field written there is visible here
            MethodHandles.lookup().ensureInitialized(Publish.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return Objects.requireNonNull(reader, "Publish registered no reader");
    }
}
