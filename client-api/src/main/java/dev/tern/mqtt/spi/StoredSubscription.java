package dev.tern.mqtt.spi;

import dev.tern.mqtt.message.Subscription;

import java.util.Objects;

/**
 * An active subscription as a {@link SessionStore} keeps it: what the server granted, to subscribe again when the
 * server lost the session.
 *
 * @param subscription the topic filter and options as subscribed
 * @param subscriptionIdentifier the MQTT 5.0 subscription identifier sent with it, or 0 for none
 */
public record StoredSubscription(Subscription subscription, int subscriptionIdentifier) {

    /** Checks the values. */
    public StoredSubscription {
        Objects.requireNonNull(subscription, "subscription");
        if (subscriptionIdentifier < 0 || subscriptionIdentifier > 268_435_455) {
            throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionIdentifier);
        }
    }

    /** The topic filter. */
    public String topicFilter() {
        return subscription.topicFilter();
    }
}
