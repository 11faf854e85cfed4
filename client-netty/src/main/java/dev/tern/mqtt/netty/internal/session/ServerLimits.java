package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Qos;

/**
 * What the server allows on the current connection, from its CONNACK (defaults apply where it sent nothing).
 *
 * @param maximumPacketSize the largest packet the server accepts, in bytes
 */
public record ServerLimits(int receiveMaximum, Qos maximumQos, boolean retainAvailable, long maximumPacketSize,
        int topicAliasMaximum, boolean wildcardSubscriptionAvailable, boolean subscriptionIdentifiersAvailable,
        boolean sharedSubscriptionAvailable) {

    /** No limits beyond the protocol's own. */
    public static final ServerLimits NONE = new ServerLimits(65_535, Qos.EXACTLY_ONCE, true, 268_435_460L, 0,
            true, true, true);

    /**
     * The limits of the last CONNACK seen by any client: a fleet connected to one broker gets the same limits on
     * every connection, so they share one instance instead of holding 40 bytes each. Records are immutable.
     */
    private static volatile ServerLimits last = NONE;

    /** The limits a CONNACK sets. */
    public static ServerLimits from(ConnAck connAck) {
        ServerLimits limits = new ServerLimits(connAck.receiveMaximum(), connAck.maximumQos(),
                connAck.isRetainAvailable(), connAck.maximumPacketSize().orElse(268_435_460L),
                connAck.topicAliasMaximum(), connAck.isWildcardSubscriptionAvailable(),
                connAck.isSubscriptionIdentifiersAvailable(), connAck.isSharedSubscriptionAvailable());
        ServerLimits seen = last;
        if (limits.equals(seen)) {
            return seen;
        }
        last = limits;
        return limits;
    }

    /*
     * equals and hashCode written out: a record's own go through an invokedynamic bootstrap (ObjectMethods) whose
     * method-handle chain showed in the profile of a fleet's connects, where from() compares once per CONNACK.
     */

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ServerLimits)) {
            return false;
        }
        ServerLimits l = (ServerLimits) o;
        return receiveMaximum == l.receiveMaximum && maximumQos == l.maximumQos
                && retainAvailable == l.retainAvailable && maximumPacketSize == l.maximumPacketSize
                && topicAliasMaximum == l.topicAliasMaximum
                && wildcardSubscriptionAvailable == l.wildcardSubscriptionAvailable
                && subscriptionIdentifiersAvailable == l.subscriptionIdentifiersAvailable
                && sharedSubscriptionAvailable == l.sharedSubscriptionAvailable;
    }

    @Override
    public int hashCode() {
        int h = receiveMaximum;
        h = 31 * h + maximumQos.hashCode();
        h = 31 * h + Boolean.hashCode(retainAvailable);
        h = 31 * h + Long.hashCode(maximumPacketSize);
        h = 31 * h + topicAliasMaximum;
        h = 31 * h + Boolean.hashCode(wildcardSubscriptionAvailable);
        h = 31 * h + Boolean.hashCode(subscriptionIdentifiersAvailable);
        return 31 * h + Boolean.hashCode(sharedSubscriptionAvailable);
    }
}
