package dev.tern.mqtt.internal;

import dev.tern.mqtt.message.Publish;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Lets Tern's client implementation give the bytes of a received message to a {@link Publish} without copying them
 * a second time. Not API: the module exports this package only to {@code dev.tern.mqtt.netty}.
 *
 * <p>Why: the decoder already copies a received payload out of the network buffer into an array that nothing else
 * holds; {@link Publish.Builder#payload(ByteBuffer)} must copy what it is given (the caller may change it later), so
 * a received message was copied twice, about a tenth of the event loop's time when receiving. The builder's
 * copy-free setter stays package-private in {@code dev.tern.mqtt.message}; {@link Publish} registers it here when
 * it is initialised.
 */
public final class PublishHandover {

    private static volatile BiConsumer<Publish.Builder, ByteBuffer> payloadSetter;
    private static volatile BiConsumer<Publish.Builder, ByteBuffer> correlationDataSetter;

    private PublishHandover() {
    }

    /** Called once, by {@link Publish}'s static initialiser. */
    public static void register(BiConsumer<Publish.Builder, ByteBuffer> payload,
            BiConsumer<Publish.Builder, ByteBuffer> correlationData) {
        if (payloadSetter != null) {
            throw new IllegalStateException("already registered");
        }
        correlationDataSetter = Objects.requireNonNull(correlationData);
        payloadSetter = Objects.requireNonNull(payload);
    }

    /**
     * Sets the payload to {@code bytes} itself, without a copy.
     *
     * @param bytes a read-only buffer whose content nothing will change: its remaining bytes become the payload
     */
    public static Publish.Builder payload(Publish.Builder builder, ByteBuffer bytes) {
        BiConsumer<Publish.Builder, ByteBuffer> setter = payloadSetter;
        if (setter == null || !bytes.isReadOnly()) {
            return builder.payload(bytes); // copies; only before Publish is initialised, which a builder implies
        }
        setter.accept(builder, bytes);
        return builder;
    }

    /** Sets the correlation data to {@code bytes} itself (null for none); the same terms as {@link #payload}. */
    public static Publish.Builder correlationData(Publish.Builder builder, ByteBuffer bytes) {
        BiConsumer<Publish.Builder, ByteBuffer> setter = correlationDataSetter;
        if (bytes == null || setter == null || !bytes.isReadOnly()) {
            return builder.correlationData(bytes);
        }
        setter.accept(builder, bytes);
        return builder;
    }
}
