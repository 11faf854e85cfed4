package dev.tern.mqtt.reactive;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one message of {@link ReactiveMqttClient#publish(org.reactivestreams.Publisher)}: its
 * {@link PublishResult}, or the error it failed with. {@link PublishResult} only describes success (a future fails
 * instead), so a stream that goes on after a failed message needs this wrapper. Immutable and thread-safe.
 *
 * <pre>{@code
 * client.publish(readings)
 *       .filter(outcome -> !outcome.isSuccess())
 *       .subscribe(failed -> log.warn("not published: {}", failed.publish().topic(), failed.error().get()));
 * }</pre>
 */
public final class PublishOutcome {

    private final Publish publish;
    private final PublishResult result;
    private final Throwable error;

    private PublishOutcome(Publish publish, PublishResult result, Throwable error) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.result = result;
        this.error = error;
    }

    /** A published message. */
    public static PublishOutcome success(PublishResult result) {
        return new PublishOutcome(result.publish(), result, null);
    }

    /** A message that failed with {@code error}. */
    public static PublishOutcome failure(Publish publish, Throwable error) {
        return new PublishOutcome(publish, null, Objects.requireNonNull(error, "error"));
    }

    /** The message this is the outcome of. */
    public Publish publish() {
        return publish;
    }

    /** Whether the message was published (written for QoS 0, acknowledged with a success code for QoS 1 and 2). */
    public boolean isSuccess() {
        return error == null;
    }

    /** The result, if the message was published. */
    public Optional<PublishResult> result() {
        return Optional.ofNullable(result);
    }

    /**
     * Why the message was not published, if it was not: usually an {@code MqttException}, for example
     * {@code MqttAckException} with the server's error reason code, {@code MqttClientStateException} when not
     * connected, or {@code MqttConnectionLostException}.
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return isSuccess() ? "PublishOutcome[" + result + "]"
                : "PublishOutcome[" + publish.topic() + " failed: " + error + "]";
    }
}
