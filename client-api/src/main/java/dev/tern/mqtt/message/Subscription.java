package dev.tern.mqtt.message;

import java.util.Objects;

/**
 * One topic filter with its subscription options (MQTT 5.0 section 3.8.3.1). Immutable and thread-safe.
 *
 * <pre>{@code
 * Subscription all = Subscription.of("sensors/#", Qos.AT_LEAST_ONCE);
 * Subscription quiet = Subscription.builder("chat/room1").qos(Qos.EXACTLY_ONCE).noLocal(true).build();
 * }</pre>
 *
 * <p>No-local, retain-as-published and retain handling exist only in MQTT 5.0; a client speaking 3.1.1 ignores them
 * (and logs that at debug level).
 */
public final class Subscription {

    /** The maximum QoS a subscription asks for unless told otherwise: {@link Qos#AT_LEAST_ONCE}. */
    public static final Qos DEFAULT_QOS = Qos.AT_LEAST_ONCE;

    private final String topicFilter;
    private final Qos qos;
    private final boolean noLocal;
    private final boolean retainAsPublished;
    private final RetainHandling retainHandling;

    private Subscription(Builder b) {
        this.topicFilter = b.topicFilter;
        this.qos = b.qos;
        this.noLocal = b.noLocal;
        this.retainAsPublished = b.retainAsPublished;
        this.retainHandling = b.retainHandling;
    }

    /**
     * A subscription with default options.
     *
     * @throws IllegalArgumentException if {@code topicFilter} is not a valid topic filter
     */
    public static Subscription of(String topicFilter, Qos qos) {
        return builder(topicFilter).qos(qos).build();
    }

    /** A builder for a subscription on {@code topicFilter}. */
    public static Builder builder(String topicFilter) {
        return new Builder(topicFilter);
    }

    /** A builder that starts with every value of this subscription. */
    public Builder toBuilder() {
        return new Builder(topicFilter).qos(qos).noLocal(noLocal).retainAsPublished(retainAsPublished)
                .retainHandling(retainHandling);
    }

    /** The topic filter, possibly with wildcards or a {@code $share/group/} prefix. */
    public String topicFilter() {
        return topicFilter;
    }

    /** The maximum QoS the server may deliver with. */
    public Qos qos() {
        return qos;
    }

    /** MQTT 5.0: whether the server must not send this client's own messages back to it. */
    public boolean isNoLocal() {
        return noLocal;
    }

    /** MQTT 5.0: whether forwarded messages keep the RETAIN flag they were published with. */
    public boolean isRetainAsPublished() {
        return retainAsPublished;
    }

    /** MQTT 5.0: when the server sends retained messages for this subscription. */
    public RetainHandling retainHandling() {
        return retainHandling;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Subscription)) {
            return false;
        }
        Subscription s = (Subscription) o;
        return topicFilter.equals(s.topicFilter) && qos == s.qos && noLocal == s.noLocal
                && retainAsPublished == s.retainAsPublished && retainHandling == s.retainHandling;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicFilter, qos, noLocal, retainAsPublished, retainHandling);
    }

    @Override
    public String toString() {
        return "Subscription[" + topicFilter + ", qos=" + qos.code() + (noLocal ? ", noLocal" : "")
                + (retainAsPublished ? ", retainAsPublished" : "")
                + (retainHandling == RetainHandling.SEND_ON_SUBSCRIBE ? "" : ", " + retainHandling) + "]";
    }

    /** Builds a {@link Subscription}. Not thread-safe; {@link #build()} checks the topic filter. */
    public static final class Builder {

        private final String topicFilter;
        private Qos qos = DEFAULT_QOS;
        private boolean noLocal;
        private boolean retainAsPublished;
        private RetainHandling retainHandling = RetainHandling.SEND_ON_SUBSCRIBE;

        private Builder(String topicFilter) {
            this.topicFilter = Objects.requireNonNull(topicFilter, "topicFilter");
        }

        /** The maximum QoS; default {@link #DEFAULT_QOS}. */
        public Builder qos(Qos qos) {
            this.qos = Objects.requireNonNull(qos, "qos");
            return this;
        }

        /** MQTT 5.0 no-local; default false. Not allowed on a shared subscription. */
        public Builder noLocal(boolean noLocal) {
            this.noLocal = noLocal;
            return this;
        }

        /** MQTT 5.0 retain-as-published; default false. */
        public Builder retainAsPublished(boolean retainAsPublished) {
            this.retainAsPublished = retainAsPublished;
            return this;
        }

        /** MQTT 5.0 retain handling; default {@link RetainHandling#SEND_ON_SUBSCRIBE}. */
        public Builder retainHandling(RetainHandling retainHandling) {
            this.retainHandling = Objects.requireNonNull(retainHandling, "retainHandling");
            return this;
        }

        /**
         * Builds the subscription.
         *
         * @throws IllegalArgumentException if the topic filter is not valid, or no-local is set on a shared
         *         subscription (MQTT 5.0 section 3.8.3.1 forbids it)
         */
        public Subscription build() {
            TopicFilter.validate(topicFilter);
            if (noLocal && TopicFilter.isShared(topicFilter)) {
                throw new IllegalArgumentException("no-local must not be set on a shared subscription: " + topicFilter);
            }
            return new Subscription(this);
        }
    }
}
