package dev.tern.mqtt.message;

import dev.tern.mqtt.internal.PublishFields;
import dev.tern.mqtt.internal.PublishHandover;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An application message: what a client publishes and what it receives. Immutable and thread-safe; build one with
 * {@link #builder()}, derive a changed copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * Publish reading = Publish.builder()
 *         .topic("sensors/kitchen/temperature")
 *         .payload("21.5")
 *         .qos(Qos.AT_LEAST_ONCE)
 *         .build();
 * }</pre>
 *
 * <p>The MQTT 5.0 properties (payload format, message expiry, content type, response topic, correlation data, user
 * properties) are optional; a client speaking MQTT 3.1.1 does not send them. On a received message,
 * {@link #subscriptionIdentifiers()} names the subscriptions that matched, when the server sends them.
 *
 * <p>The payload is held as a read-only copy: {@link #payload()} returns a read-only view,
 * {@link #payloadAsBytes()} a fresh array.
 */
public final class Publish {

    /** The QoS a builder uses unless told otherwise: {@link Qos#AT_MOST_ONCE}. */
    public static final Qos DEFAULT_QOS = Qos.AT_MOST_ONCE;

    static {
        // the client implementation's copy-free path for received bytes (see PublishHandover for why)
        PublishHandover.register(Builder::handOverPayload, Builder::handOverCorrelationData);
        // and its view-free, Optional-free way to read an outgoing message (see PublishFields for why)
        PublishFields.register(new FieldReader());
    }

    private final String topic;
    private final ByteBuffer payload;
    private final Qos qos;
    private final boolean retain;
    private final PayloadFormat payloadFormat;
    private final Long messageExpiryInterval;
    private final String contentType;
    private final String responseTopic;
    private final ByteBuffer correlationData;
    private final List<UserProperty> userProperties;
    private final List<Integer> subscriptionIdentifiers;

    private Publish(Builder b) {
        this.topic = b.topic;
        this.payload = b.payload;
        this.qos = b.qos;
        this.retain = b.retain;
        this.payloadFormat = b.payloadFormat;
        this.messageExpiryInterval = b.messageExpiryInterval;
        this.contentType = b.contentType;
        this.responseTopic = b.responseTopic;
        this.correlationData = b.correlationData;
        // Only a list built up by userProperty(..) is copied (the builder may go on adding to it); the builder holds
        // every other list immutable already. Not List.copyOf on each: even returning its argument as it is, that
        // was 15 % of the publishing thread's time.
        this.userProperties = b.userProperties instanceof ArrayList ? List.copyOf(b.userProperties)
                : b.userProperties;
        this.subscriptionIdentifiers = b.subscriptionIdentifiers;
    }

    /** A new builder with no topic, an empty payload and {@link #DEFAULT_QOS}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with every value of this message. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The topic name the message is published to. */
    public String topic() {
        return topic;
    }

    /** A read-only view of the payload, positioned at its start; each call returns an independent view. */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** A new array holding a copy of the payload. */
    public byte[] payloadAsBytes() {
        return Bytes.toArray(payload);
    }

    /** The payload decoded as UTF-8 text; a convenience for text payloads. */
    public String payloadAsString() {
        return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
    }

    /** The quality of service: for an outgoing message the requested one, for a received one the delivered one. */
    public Qos qos() {
        return qos;
    }

    /** Whether the message is (or was, when received) a retained message. */
    public boolean isRetain() {
        return retain;
    }

    /** The MQTT 5.0 payload format indicator, if present. */
    public Optional<PayloadFormat> payloadFormat() {
        return Optional.ofNullable(payloadFormat);
    }

    /** The MQTT 5.0 message expiry interval in seconds, if present. */
    public OptionalLong messageExpiryInterval() {
        return messageExpiryInterval == null ? OptionalLong.empty() : OptionalLong.of(messageExpiryInterval);
    }

    /** The MQTT 5.0 content type (for example a MIME type), if present. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The MQTT 5.0 response topic, where a reply to this message is expected, if present. */
    public Optional<String> responseTopic() {
        return Optional.ofNullable(responseTopic);
    }

    /** The MQTT 5.0 correlation data as a read-only view, if present. */
    public Optional<ByteBuffer> correlationData() {
        return correlationData == null ? Optional.empty() : Optional.of(correlationData.duplicate());
    }

    /** The MQTT 5.0 user properties, in order; empty if none. Unmodifiable. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /**
     * For a received MQTT 5.0 message, the identifiers of the subscriptions that matched it, as sent by the server;
     * empty otherwise. Unmodifiable.
     */
    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Publish)) {
            return false;
        }
        Publish p = (Publish) o;
        return retain == p.retain && topic.equals(p.topic) && payload.equals(p.payload) && qos == p.qos
                && payloadFormat == p.payloadFormat && Objects.equals(messageExpiryInterval, p.messageExpiryInterval)
                && Objects.equals(contentType, p.contentType) && Objects.equals(responseTopic, p.responseTopic)
                && Objects.equals(correlationData, p.correlationData) && userProperties.equals(p.userProperties)
                && subscriptionIdentifiers.equals(p.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, payload, qos, retain, payloadFormat, messageExpiryInterval, contentType,
                responseTopic, correlationData, userProperties, subscriptionIdentifiers);
    }

    /** Describes the message; the payload only by its size. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Publish[topic=").append(topic)
                .append(", qos=").append(qos.code())
                .append(", retain=").append(retain)
                .append(", payload=").append(payload.remaining()).append(" bytes");
        if (payloadFormat != null) {
            sb.append(", payloadFormat=").append(payloadFormat);
        }
        if (messageExpiryInterval != null) {
            sb.append(", messageExpiryInterval=").append(messageExpiryInterval);
        }
        if (contentType != null) {
            sb.append(", contentType=").append(contentType);
        }
        if (responseTopic != null) {
            sb.append(", responseTopic=").append(responseTopic);
        }
        if (correlationData != null) {
            sb.append(", correlationData=").append(correlationData.remaining()).append(" bytes");
        }
        if (!userProperties.isEmpty()) {
            sb.append(", userProperties=").append(userProperties);
        }
        if (!subscriptionIdentifiers.isEmpty()) {
            sb.append(", subscriptionIdentifiers=").append(subscriptionIdentifiers);
        }
        return sb.append(']').toString();
    }

    /** Reads the fields as held, for the client implementation ({@link PublishFields}). */
    private static final class FieldReader implements PublishFields.Reader {

        @Override
        public ByteBuffer payload(Publish m) {
            return m.payload;
        }

        @Override
        public PayloadFormat payloadFormat(Publish m) {
            return m.payloadFormat;
        }

        @Override
        public Long messageExpiryInterval(Publish m) {
            return m.messageExpiryInterval;
        }

        @Override
        public String contentType(Publish m) {
            return m.contentType;
        }

        @Override
        public String responseTopic(Publish m) {
            return m.responseTopic;
        }

        @Override
        public ByteBuffer correlationData(Publish m) {
            return m.correlationData;
        }

        @Override
        public boolean hasProperties(Publish m) {
            return m.payloadFormat != null || m.messageExpiryInterval != null || m.contentType != null
                    || m.responseTopic != null || m.correlationData != null || !m.userProperties.isEmpty();
        }
    }

    /** Builds a {@link Publish}. Not thread-safe; {@link #build()} checks the values. */
    public static final class Builder {

        private String topic;
        private ByteBuffer payload = Bytes.EMPTY;
        private Qos qos = DEFAULT_QOS;
        private boolean retain;
        private PayloadFormat payloadFormat;
        private Long messageExpiryInterval;
        private String contentType;
        private String responseTopic;
        private ByteBuffer correlationData;
        /**
         * Immutable (List.of() or a copy handed in) until {@link #userProperty} adds to it; from then an
         * {@code ArrayList} of this builder's own. A message without user properties so costs no list at all.
         */
        private List<UserProperty> userProperties = List.of();
        /** Always immutable: set only as a whole. */
        private List<Integer> subscriptionIdentifiers = List.of();

        private Builder() {
        }

        private Builder(Publish p) {
            topic = p.topic;
            payload = p.payload;
            qos = p.qos;
            retain = p.retain;
            payloadFormat = p.payloadFormat;
            messageExpiryInterval = p.messageExpiryInterval;
            contentType = p.contentType;
            responseTopic = p.responseTopic;
            correlationData = p.correlationData;
            userProperties = p.userProperties;
            subscriptionIdentifiers = p.subscriptionIdentifiers;
        }

        /** The topic name; required, no wildcards. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** The payload; the array is copied. */
        public Builder payload(byte[] payload) {
            this.payload = Bytes.copyOf(Objects.requireNonNull(payload, "payload"));
            return this;
        }

        /** The payload: the remaining bytes of {@code payload} are copied, its position is not changed. */
        public Builder payload(ByteBuffer payload) {
            this.payload = Bytes.copyOf(Objects.requireNonNull(payload, "payload"));
            return this;
        }

        /** Takes a read-only buffer whose content nothing changes, without copying it (PublishHandover). */
        private void handOverPayload(ByteBuffer readOnly) {
            this.payload = readOnly.slice();
        }

        private void handOverCorrelationData(ByteBuffer readOnly) {
            this.correlationData = readOnly.slice();
        }

        /** The payload as UTF-8 text. */
        public Builder payload(String payload) {
            this.payload = ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
            return this;
        }

        /** The quality of service; default {@link #DEFAULT_QOS}. */
        public Builder qos(Qos qos) {
            this.qos = Objects.requireNonNull(qos, "qos");
            return this;
        }

        /** Whether the server should retain the message for future subscribers; default false. */
        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        /** The MQTT 5.0 payload format indicator; null for none (the default). */
        public Builder payloadFormat(PayloadFormat payloadFormat) {
            this.payloadFormat = payloadFormat;
            return this;
        }

        /** The MQTT 5.0 message expiry interval in seconds (0 to 4,294,967,295); null for none (the default). */
        public Builder messageExpiryInterval(Long seconds) {
            this.messageExpiryInterval = seconds;
            return this;
        }

        /** The MQTT 5.0 content type; null for none (the default). */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** The MQTT 5.0 response topic (a topic name, no wildcards); null for none (the default). */
        public Builder responseTopic(String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        /** The MQTT 5.0 correlation data, copied; null for none (the default). */
        public Builder correlationData(byte[] correlationData) {
            this.correlationData = Bytes.copyOf(correlationData);
            return this;
        }

        /** The MQTT 5.0 correlation data, its remaining bytes copied; null for none (the default). */
        public Builder correlationData(ByteBuffer correlationData) {
            this.correlationData = Bytes.copyOf(correlationData);
            return this;
        }

        /** Adds an MQTT 5.0 user property; names may repeat and order is kept. */
        public Builder userProperty(String name, String value) {
            UserProperty property = UserProperty.of(name, value);
            if (!(userProperties instanceof ArrayList)) {
                userProperties = new ArrayList<>(userProperties);
            }
            userProperties.add(property);
            return this;
        }

        /**
         * Replaces all MQTT 5.0 user properties with a copy of {@code properties}.
         *
         * @throws NullPointerException if the list or one of its elements is null
         */
        public Builder userProperties(List<UserProperty> properties) {
            userProperties = List.copyOf(properties);
            return this;
        }

        /**
         * Sets the subscription identifiers of a received message. The client sets these on the messages it
         * delivers; they are ignored when publishing (a client must not send them). The list is copied.
         *
         * @throws NullPointerException if the list or one of its elements is null
         */
        public Builder subscriptionIdentifiers(List<Integer> identifiers) {
            subscriptionIdentifiers = List.copyOf(identifiers);
            return this;
        }

        /**
         * Builds the message.
         *
         * @throws IllegalStateException if no topic was set
         * @throws IllegalArgumentException if the topic or response topic is not a valid topic name, or the message
         *         expiry interval is out of range
         */
        public Publish build() {
            if (topic == null) {
                throw new IllegalStateException("a Publish needs a topic");
            }
            TopicFilter.validateTopicName(topic);
            if (responseTopic != null) {
                TopicFilter.validateTopicName(responseTopic);
            }
            if (messageExpiryInterval != null && (messageExpiryInterval < 0 || messageExpiryInterval > 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("message expiry interval must be 0..4294967295 seconds, was "
                        + messageExpiryInterval);
            }
            if (contentType != null) {
                Bytes.checkMqttString(contentType, "content type");
            }
            return new Publish(this);
        }
    }
}
