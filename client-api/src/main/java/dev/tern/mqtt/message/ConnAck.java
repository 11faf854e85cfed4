package dev.tern.mqtt.message;

import dev.tern.mqtt.reason.ConnAckReasonCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The server's answer to CONNECT (MQTT 5.0 section 3.2): the reason code, whether a session was present, and the
 * limits the server sets for this connection. Immutable and thread-safe.
 *
 * <p>Where the server leaves out an MQTT 5.0 property, the accessor returns the value the specification says
 * applies (for example a receive maximum of 65,535, maximum QoS 2, retain available); an MQTT 3.1.1 CONNACK has none
 * of these properties, so the same defaults apply. {@link Builder} is for client implementations and tests.
 */
public final class ConnAck {

    /** Receive maximum when the server sends none: 65,535. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    private final boolean sessionPresent;
    private final ConnAckReasonCode reasonCode;
    private final String reasonString;
    private final String assignedClientId;
    private final Integer serverKeepAlive;
    private final Long sessionExpiryInterval;
    private final int receiveMaximum;
    private final Qos maximumQos;
    private final boolean retainAvailable;
    private final Long maximumPacketSize;
    private final int topicAliasMaximum;
    private final boolean wildcardSubscriptionAvailable;
    private final boolean subscriptionIdentifiersAvailable;
    private final boolean sharedSubscriptionAvailable;
    private final String responseInformation;
    private final String serverReference;
    private final List<UserProperty> userProperties;

    private ConnAck(Builder b) {
        sessionPresent = b.sessionPresent;
        reasonCode = b.reasonCode;
        reasonString = b.reasonString;
        assignedClientId = b.assignedClientId;
        serverKeepAlive = b.serverKeepAlive;
        sessionExpiryInterval = b.sessionExpiryInterval;
        receiveMaximum = b.receiveMaximum;
        maximumQos = b.maximumQos;
        retainAvailable = b.retainAvailable;
        maximumPacketSize = b.maximumPacketSize;
        topicAliasMaximum = b.topicAliasMaximum;
        wildcardSubscriptionAvailable = b.wildcardSubscriptionAvailable;
        subscriptionIdentifiersAvailable = b.subscriptionIdentifiersAvailable;
        sharedSubscriptionAvailable = b.sharedSubscriptionAvailable;
        responseInformation = b.responseInformation;
        serverReference = b.serverReference;
        userProperties = List.copyOf(b.userProperties);
    }

    /** A builder with the specification's defaults and reason code {@code SUCCESS}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the server had a session for this client id and resumed it. */
    public boolean isSessionPresent() {
        return sessionPresent;
    }

    /** The reason code; anything but {@code SUCCESS} means the connection was refused. */
    public ConnAckReasonCode reasonCode() {
        return reasonCode;
    }

    /** MQTT 5.0: a human-readable reason, if the server sent one. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }

    /** MQTT 5.0: the client id the server assigned because the client connected with an empty one. */
    public Optional<String> assignedClientId() {
        return Optional.ofNullable(assignedClientId);
    }

    /** MQTT 5.0: the keep alive in seconds the server requires instead of the client's, if it sent one. */
    public OptionalInt serverKeepAlive() {
        return serverKeepAlive == null ? OptionalInt.empty() : OptionalInt.of(serverKeepAlive);
    }

    /** MQTT 5.0: the session expiry interval the server uses instead of the client's, if it sent one. */
    public OptionalLong sessionExpiryInterval() {
        return sessionExpiryInterval == null ? OptionalLong.empty() : OptionalLong.of(sessionExpiryInterval);
    }

    /** How many QoS 1 and 2 messages the client may have unacknowledged at once; 65,535 if not limited. */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** The highest QoS the server accepts in a PUBLISH; {@link Qos#EXACTLY_ONCE} if not limited. */
    public Qos maximumQos() {
        return maximumQos;
    }

    /** Whether the server accepts retained messages. */
    public boolean isRetainAvailable() {
        return retainAvailable;
    }

    /** MQTT 5.0: the largest packet in bytes the server accepts, if it set a limit. */
    public OptionalLong maximumPacketSize() {
        return maximumPacketSize == null ? OptionalLong.empty() : OptionalLong.of(maximumPacketSize);
    }

    /** How many topic aliases the client may use towards the server; 0 means none. */
    public int topicAliasMaximum() {
        return topicAliasMaximum;
    }

    /** Whether the server supports wildcard subscriptions. */
    public boolean isWildcardSubscriptionAvailable() {
        return wildcardSubscriptionAvailable;
    }

    /** Whether the server supports subscription identifiers. */
    public boolean isSubscriptionIdentifiersAvailable() {
        return subscriptionIdentifiersAvailable;
    }

    /** Whether the server supports shared subscriptions. */
    public boolean isSharedSubscriptionAvailable() {
        return sharedSubscriptionAvailable;
    }

    /** MQTT 5.0: response information, if the client asked for it and the server sent it. */
    public Optional<String> responseInformation() {
        return Optional.ofNullable(responseInformation);
    }

    /** MQTT 5.0: another server the client should use, if the server sent one. */
    public Optional<String> serverReference() {
        return Optional.ofNullable(serverReference);
    }

    /** MQTT 5.0 user properties, in order; empty if none. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConnAck[").append(reasonCode)
                .append(", sessionPresent=").append(sessionPresent);
        if (reasonString != null) {
            sb.append(", reasonString=").append(reasonString);
        }
        if (assignedClientId != null) {
            sb.append(", assignedClientId=").append(assignedClientId);
        }
        if (serverKeepAlive != null) {
            sb.append(", serverKeepAlive=").append(serverKeepAlive);
        }
        sb.append(", receiveMaximum=").append(receiveMaximum)
                .append(", maximumQos=").append(maximumQos.code())
                .append(", retainAvailable=").append(retainAvailable);
        if (maximumPacketSize != null) {
            sb.append(", maximumPacketSize=").append(maximumPacketSize);
        }
        return sb.append(", topicAliasMaximum=").append(topicAliasMaximum).append(']').toString();
    }

    /** Builds a {@link ConnAck}; starts with the specification's defaults. Not thread-safe. */
    public static final class Builder {

        private boolean sessionPresent;
        private ConnAckReasonCode reasonCode = ConnAckReasonCode.SUCCESS;
        private String reasonString;
        private String assignedClientId;
        private Integer serverKeepAlive;
        private Long sessionExpiryInterval;
        private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
        private Qos maximumQos = Qos.EXACTLY_ONCE;
        private boolean retainAvailable = true;
        private Long maximumPacketSize;
        private int topicAliasMaximum;
        private boolean wildcardSubscriptionAvailable = true;
        private boolean subscriptionIdentifiersAvailable = true;
        private boolean sharedSubscriptionAvailable = true;
        private String responseInformation;
        private String serverReference;
        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder() {
        }

        /** Whether a session was present; default false. */
        public Builder sessionPresent(boolean value) {
            sessionPresent = value;
            return this;
        }

        /** The reason code; default {@code SUCCESS}. */
        public Builder reasonCode(ConnAckReasonCode value) {
            reasonCode = Objects.requireNonNull(value, "reasonCode");
            return this;
        }

        /** The reason string; null for none. */
        public Builder reasonString(String value) {
            reasonString = value;
            return this;
        }

        /** The assigned client identifier; null for none. */
        public Builder assignedClientId(String value) {
            assignedClientId = value;
            return this;
        }

        /** The server keep alive in seconds; null for none. */
        public Builder serverKeepAlive(Integer value) {
            serverKeepAlive = value;
            return this;
        }

        /** The session expiry interval in seconds; null for none. */
        public Builder sessionExpiryInterval(Long value) {
            sessionExpiryInterval = value;
            return this;
        }

        /** The receive maximum, 1 to 65,535; default 65,535. */
        public Builder receiveMaximum(int value) {
            if (value < 1 || value > 65_535) {
                throw new IllegalArgumentException("receive maximum must be 1..65535, was " + value);
            }
            receiveMaximum = value;
            return this;
        }

        /** The maximum QoS; default {@link Qos#EXACTLY_ONCE}. */
        public Builder maximumQos(Qos value) {
            maximumQos = Objects.requireNonNull(value, "maximumQos");
            return this;
        }

        /** Whether retained messages are accepted; default true. */
        public Builder retainAvailable(boolean value) {
            retainAvailable = value;
            return this;
        }

        /** The maximum packet size in bytes; null for no limit (the default). */
        public Builder maximumPacketSize(Long value) {
            maximumPacketSize = value;
            return this;
        }

        /** The topic alias maximum; default 0. */
        public Builder topicAliasMaximum(int value) {
            topicAliasMaximum = value;
            return this;
        }

        /** Whether wildcard subscriptions are available; default true. */
        public Builder wildcardSubscriptionAvailable(boolean value) {
            wildcardSubscriptionAvailable = value;
            return this;
        }

        /** Whether subscription identifiers are available; default true. */
        public Builder subscriptionIdentifiersAvailable(boolean value) {
            subscriptionIdentifiersAvailable = value;
            return this;
        }

        /** Whether shared subscriptions are available; default true. */
        public Builder sharedSubscriptionAvailable(boolean value) {
            sharedSubscriptionAvailable = value;
            return this;
        }

        /** The response information; null for none. */
        public Builder responseInformation(String value) {
            responseInformation = value;
            return this;
        }

        /** The server reference; null for none. */
        public Builder serverReference(String value) {
            serverReference = value;
            return this;
        }

        /** Replaces the user properties. */
        public Builder userProperties(List<UserProperty> value) {
            userProperties.clear();
            userProperties.addAll(value);
            return this;
        }

        /** Builds the CONNACK. */
        public ConnAck build() {
            return new ConnAck(this);
        }
    }
}
