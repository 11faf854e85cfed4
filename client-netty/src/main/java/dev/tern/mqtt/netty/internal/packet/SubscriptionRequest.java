package dev.tern.mqtt.netty.internal.packet;

import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.RetainHandling;

import java.util.Objects;

/** One topic filter with its subscription options, as carried in SUBSCRIBE (MQTT 5.0 section 3.8.3.1). */
public record SubscriptionRequest(String topicFilter, Qos qos, boolean noLocal, boolean retainAsPublished,
        RetainHandling retainHandling) {

    public SubscriptionRequest {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(retainHandling, "retainHandling");
    }

    /** A subscription with only a maximum QoS (all MQTT 3.1.1 has). */
    public static SubscriptionRequest of(String topicFilter, Qos qos) {
        return new SubscriptionRequest(topicFilter, qos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
    }
}
