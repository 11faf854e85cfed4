package dev.tern.mqtt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for a broker with small MQTT limits, for tests of a client's flow control and size checks.
 *
 * <p>Put it on a {@link BrokerEndpoint} parameter resolved by {@link HiveMqExtension},
 * {@link MosquittoExtension} or {@link BrokersTest}. The extension starts one extra broker per
 * distinct set of limits and shares it for the rest of the test JVM; a parameter without this
 * annotation gets the default broker. A value of {@code -1} leaves the broker's default.
 *
 * <pre>{@code
 * @Test
 * void waitsForAcksBeyondReceiveMaximum(@Limits(receiveMaximum = 2) BrokerEndpoint broker) { ... }
 * }</pre>
 *
 * @see BrokerLimits for the same limits on {@link EmbeddedHiveMq} and {@link Mosquitto} directly
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Limits {

    /** Receive Maximum the broker announces in CONNACK (MQTT 5 property 0x21), 1 to 65535. */
    int receiveMaximum() default -1;

    /** Maximum Packet Size the broker accepts, in bytes (MQTT 5 property 0x27). */
    int maximumPacketSize() default -1;

    /** Topic Alias Maximum the broker accepts (MQTT 5 property 0x22); 0 disables topic aliases. */
    int topicAliasMaximum() default -1;

    /** Maximum QoS the broker supports, 0 or 1 (MQTT 5 property 0x24). */
    int maximumQos() default -1;

    /** Largest keep alive the broker accepts, in seconds; it answers a larger one with Server Keep Alive (0x13). */
    int maximumKeepAlive() default -1;

    /**
     * 0 makes the broker refuse wildcard subscriptions: SUBACK 0xA2 Wildcard Subscriptions not supported (MQTT
     * 3.1.1: 0x80), announced in CONNACK (MQTT 5 property 0x28). Only the embedded HiveMQ supports it; Mosquitto has
     * no such option (its launcher refuses it).
     */
    int wildcardSubscriptionAvailable() default -1;
}
