package dev.tern.mqtt.testing;

/**
 * MQTT limits to configure on a test broker; {@code -1} in a field keeps the broker's default.
 *
 * <p>Use it with the launchers, for example in a sample's {@code main}:
 *
 * <pre>{@code
 * try (var broker = EmbeddedHiveMq.builder()
 *         .limits(BrokerLimits.NONE.withReceiveMaximum(2).withMaximumPacketSize(1024))
 *         .build()) {
 *     BrokerEndpoint endpoint = broker.start();
 *     ...
 * }
 * }</pre>
 *
 * In JUnit tests, put {@link Limits} on the parameter instead.
 *
 * @param receiveMaximum Receive Maximum announced in CONNACK, 1 to 65535
 * @param maximumPacketSize Maximum Packet Size in bytes
 * @param topicAliasMaximum Topic Alias Maximum; 0 disables topic aliases
 * @param maximumQos Maximum QoS, 0 to 2
 * @param maximumKeepAlive largest accepted keep alive in seconds
 * @param wildcardSubscriptionAvailable 0 makes the broker refuse wildcard subscriptions (SUBACK 0xA2, MQTT 3.1.1:
 *     0x80) and announce it in CONNACK; only the embedded HiveMQ supports it
 */
public record BrokerLimits(int receiveMaximum, int maximumPacketSize, int topicAliasMaximum, int maximumQos,
        int maximumKeepAlive, int wildcardSubscriptionAvailable) {

    /** No limit changed: the broker's defaults. */
    public static final BrokerLimits NONE = new BrokerLimits(-1, -1, -1, -1, -1, -1);

    /** Checks the ranges. */
    public BrokerLimits {
        check("receiveMaximum", receiveMaximum, 1, 65535);
        check("maximumPacketSize", maximumPacketSize, 16, 268_435_460);
        check("topicAliasMaximum", topicAliasMaximum, 0, 65535);
        check("maximumQos", maximumQos, 0, 2);
        check("maximumKeepAlive", maximumKeepAlive, 0, 65535);
        check("wildcardSubscriptionAvailable", wildcardSubscriptionAvailable, 0, 1);
    }

    /** The first five limits, with wildcard subscriptions as the broker's default. */
    public BrokerLimits(int receiveMaximum, int maximumPacketSize, int topicAliasMaximum, int maximumQos,
            int maximumKeepAlive) {
        this(receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumQos, maximumKeepAlive, -1);
    }

    /** The limits of an annotation. */
    public static BrokerLimits of(Limits limits) {
        return new BrokerLimits(limits.receiveMaximum(), limits.maximumPacketSize(), limits.topicAliasMaximum(),
                limits.maximumQos(), limits.maximumKeepAlive(), limits.wildcardSubscriptionAvailable());
    }

    /** A copy with this Receive Maximum. */
    public BrokerLimits withReceiveMaximum(int value) {
        return new BrokerLimits(value, maximumPacketSize, topicAliasMaximum, maximumQos, maximumKeepAlive,
                wildcardSubscriptionAvailable);
    }

    /** A copy with this Maximum Packet Size. */
    public BrokerLimits withMaximumPacketSize(int value) {
        return new BrokerLimits(receiveMaximum, value, topicAliasMaximum, maximumQos, maximumKeepAlive,
                wildcardSubscriptionAvailable);
    }

    /** A copy with this Topic Alias Maximum. */
    public BrokerLimits withTopicAliasMaximum(int value) {
        return new BrokerLimits(receiveMaximum, maximumPacketSize, value, maximumQos, maximumKeepAlive,
                wildcardSubscriptionAvailable);
    }

    /** A copy with this Maximum QoS. */
    public BrokerLimits withMaximumQos(int value) {
        return new BrokerLimits(receiveMaximum, maximumPacketSize, topicAliasMaximum, value, maximumKeepAlive,
                wildcardSubscriptionAvailable);
    }

    /** A copy with this maximum keep alive. */
    public BrokerLimits withMaximumKeepAlive(int value) {
        return new BrokerLimits(receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumQos, value,
                wildcardSubscriptionAvailable);
    }

    /** A copy with wildcard subscriptions available (1) or refused (0); only the embedded HiveMQ supports 0. */
    public BrokerLimits withWildcardSubscriptionAvailable(int value) {
        return new BrokerLimits(receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumQos, maximumKeepAlive,
                value);
    }

    /** Whether every limit keeps the broker's default. */
    public boolean isNone() {
        return equals(NONE);
    }

    private static void check(String name, int value, int min, int max) {
        if (value != -1 && (value < min || value > max)) {
            throw new IllegalArgumentException(name + " must be -1 (default) or " + min + ".." + max + ": " + value);
        }
    }
}
