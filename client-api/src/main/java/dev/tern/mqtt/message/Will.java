package dev.tern.mqtt.message;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The will message: what the server publishes on the client's behalf when the connection ends without a normal
 * DISCONNECT (or with DISCONNECT reason 0x04, "disconnect with will message"). Immutable and thread-safe.
 *
 * <pre>{@code
 * Will will = Will.builder()
 *         .message(Publish.builder().topic("devices/42/status").payload("offline").retain(true).build())
 *         .delayInterval(30L)
 *         .build();
 * }</pre>
 *
 * <p>The will's topic, payload, QoS, retain flag and MQTT 5.0 properties are those of {@link #message()}; the MQTT 5.0
 * will delay interval is {@link #delayInterval()}.
 */
public final class Will {

    private final Publish message;
    private final Long delayInterval;

    private Will(Publish message, Long delayInterval) {
        this.message = message;
        this.delayInterval = delayInterval;
    }

    /** A will with no delay. */
    public static Will of(Publish message) {
        return builder().message(message).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The message the server publishes: topic, payload, QoS, retain and MQTT 5.0 properties. */
    public Publish message() {
        return message;
    }

    /** The topic of {@link #message()}. */
    public String topic() {
        return message.topic();
    }

    /** A read-only view of the payload of {@link #message()}. */
    public ByteBuffer payload() {
        return message.payload();
    }

    /** MQTT 5.0: seconds the server waits after the connection ends before publishing the will, if set. */
    public OptionalLong delayInterval() {
        return delayInterval == null ? OptionalLong.empty() : OptionalLong.of(delayInterval);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Will && message.equals(((Will) o).message)
                && Objects.equals(delayInterval, ((Will) o).delayInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, delayInterval);
    }

    @Override
    public String toString() {
        return "Will[" + message + (delayInterval == null ? "" : ", delayInterval=" + delayInterval) + "]";
    }

    /** Builds a {@link Will}. Not thread-safe. */
    public static final class Builder {

        private Publish message;
        private Long delayInterval;

        private Builder() {
        }

        /** The will message; required. Its subscription identifiers, if any, are ignored. */
        public Builder message(Publish message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /** MQTT 5.0 will delay interval in seconds (0 to 4,294,967,295); null for none (the default). */
        public Builder delayInterval(Long seconds) {
            this.delayInterval = seconds;
            return this;
        }

        /**
         * Builds the will.
         *
         * @throws IllegalStateException if no message was set
         * @throws IllegalArgumentException if the delay interval is out of range
         */
        public Will build() {
            if (message == null) {
                throw new IllegalStateException("a Will needs a message");
            }
            if (delayInterval != null && (delayInterval < 0 || delayInterval > 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("will delay interval must be 0..4294967295 seconds, was "
                        + delayInterval);
            }
            return new Will(message, delayInterval);
        }
    }
}
