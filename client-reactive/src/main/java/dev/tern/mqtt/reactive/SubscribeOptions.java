package dev.tern.mqtt.reactive;

import dev.tern.mqtt.message.Publish;

/**
 * How a message stream from {@link ReactiveMqttClient#subscribe(java.util.List, SubscribeOptions)} hands messages
 * over. Immutable and thread-safe.
 *
 * <pre>{@code
 * SubscribeOptions afterProcessing = SubscribeOptions.builder().explicitAcknowledgement(true).build();
 * client.subscribe(List.of(Subscription.of("orders/#", Qos.AT_LEAST_ONCE)), afterProcessing)
 *       .concatMap(order -> store(order).doOnSuccess(stored -> client.acknowledge(order)))
 *       .subscribe();
 * }</pre>
 */
public final class SubscribeOptions {

    /** QoS 0 messages a stream buffers beyond demand unless told otherwise: 1,024. */
    public static final int DEFAULT_QOS0_BUFFER_SIZE = 1024;

    /** Acknowledge on emission, {@link #DEFAULT_QOS0_BUFFER_SIZE}. */
    public static final SubscribeOptions DEFAULT = builder().build();

    private final boolean explicitAcknowledgement;
    private final int qos0BufferSize;

    private SubscribeOptions(Builder b) {
        this.explicitAcknowledgement = b.explicitAcknowledgement;
        this.qos0BufferSize = b.qos0BufferSize;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with these options. */
    public Builder toBuilder() {
        return builder().explicitAcknowledgement(explicitAcknowledgement).qos0BufferSize(qos0BufferSize);
    }

    /**
     * Whether the application acknowledges each emitted QoS 1 and 2 message itself with
     * {@link ReactiveMqttClient#acknowledge(Publish)}, typically after processing it; by default a message is
     * acknowledged as soon as it has been emitted.
     */
    public boolean isExplicitAcknowledgement() {
        return explicitAcknowledgement;
    }

    /**
     * How many QoS 0 messages the stream buffers beyond demand; when full, the oldest buffered QoS 0 message is
     * dropped. QoS 1 and 2 messages are bounded by the Receive Maximum instead and never dropped.
     */
    public int qos0BufferSize() {
        return qos0BufferSize;
    }

    @Override
    public String toString() {
        return "SubscribeOptions[explicitAcknowledgement=" + explicitAcknowledgement
                + ", qos0BufferSize=" + qos0BufferSize + "]";
    }

    /** Builds {@link SubscribeOptions}. Not thread-safe. */
    public static final class Builder {

        private boolean explicitAcknowledgement;
        private int qos0BufferSize = DEFAULT_QOS0_BUFFER_SIZE;

        private Builder() {
        }

        /** See {@link SubscribeOptions#isExplicitAcknowledgement()}; default false. */
        public Builder explicitAcknowledgement(boolean explicitAcknowledgement) {
            this.explicitAcknowledgement = explicitAcknowledgement;
            return this;
        }

        /**
         * See {@link SubscribeOptions#qos0BufferSize()}; default {@link #DEFAULT_QOS0_BUFFER_SIZE}.
         *
         * @param size 1 or more; 1 keeps only the latest QoS 0 message while the subscriber is busy
         */
        public Builder qos0BufferSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("qos0BufferSize must be 1 or more, was " + size);
            }
            this.qos0BufferSize = size;
            return this;
        }

        /** Builds the options. */
        public SubscribeOptions build() {
            return new SubscribeOptions(this);
        }
    }
}
