package dev.tern.mqtt.testing;

import dev.tern.mqtt.MqttVersion;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per (broker, protocol version) pair that the broker supports, with that broker's
 * {@link BrokerEndpoint} and the {@link MqttVersion} as parameters (a {@link Broker} parameter is injected too).
 * By default: the embedded HiveMQ and Mosquitto, each in MQTT 3.1.1 and 5.0, so four runs named
 * {@code [hivemq, 3.1.1]}, {@code [hivemq, 5.0]}, {@code [mosquitto, 3.1.1]}, {@code [mosquitto, 5.0]}.
 *
 * <pre>{@code
 * class RetainInteropIT {
 *     @InteropTest
 *     void retainedMessageIsDelivered(BrokerEndpoint broker, MqttVersion version) { ... }
 *
 *     @InteropTest(versions = MqttVersion.MQTT_5_0)
 *     void receiveMaximum(@Limits(receiveMaximum = 2) BrokerEndpoint broker, MqttVersion version) { ... }
 *
 *     @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
 *     void everywhere(BrokerEndpoint broker, MqttVersion version) { ... } // Aedes runs only as [aedes, 3.1.1]
 * }
 * }</pre>
 *
 * <p>A pair the broker does not support (Aedes with MQTT 5.0) is not run at all. A run on a broker that is missing
 * here (Mosquitto, or node/aedes for Aedes) is skipped with the reason, or fails when the environment variable
 * {@code CI} is set; the other runs go on. Brokers are shared per test JVM as with {@link BrokersTest}, and
 * {@link Limits} on the {@link BrokerEndpoint} parameter asks for a broker with those limits (not for Aedes). To
 * skip a known deviation of one broker inside a test, use
 * {@code assumeFalse(broker.is(BrokerEndpoint.MOSQUITTO), "why")}. Do not put {@link HiveMqExtension} or
 * {@link MosquittoExtension} on the same class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(InteropExtension.class)
public @interface InteropTest {

    /** The brokers to run on, in this order. */
    Broker[] brokers() default {Broker.HIVEMQ, Broker.MOSQUITTO};

    /** The protocol versions to run each broker with, in this order. */
    MqttVersion[] versions() default {MqttVersion.MQTT_3_1_1, MqttVersion.MQTT_5_0};
}
