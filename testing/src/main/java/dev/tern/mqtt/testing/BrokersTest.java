package dev.tern.mqtt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per broker, with that broker's {@link BrokerEndpoint} as parameter: by default
 * on the embedded HiveMQ and on Mosquitto, each shared for the whole test JVM.
 *
 * <pre>{@code
 * class RetainIT {
 *     @BrokersTest
 *     void retainedMessageIsDelivered(BrokerEndpoint broker) {
 *         // runs as "[hivemq]" and as "[mosquitto]"
 *     }
 *
 *     @BrokersTest(Broker.HIVEMQ)
 *     void smallReceiveMaximum(@Limits(receiveMaximum = 2) BrokerEndpoint broker) { ... }
 * }
 * }</pre>
 *
 * <p>The Mosquitto run is skipped with "mosquitto not installed: ..." when it is missing, or fails when
 * the environment variable {@code CI} is set; the HiveMQ run goes on either way. {@link Broker#AEDES} (MQTT 3.1.1
 * only) is skipped or fails the same way when node or aedes is missing. To also run once per protocol version, use
 * {@link InteropTest}. To skip a known deviation
 * of one broker inside a test, use {@code assumeFalse(broker.is(BrokerEndpoint.MOSQUITTO), "why")}.
 * Do not put {@link HiveMqExtension} or {@link MosquittoExtension} on the same class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(BrokersExtension.class)
public @interface BrokersTest {

    /** The brokers to run on, in this order. */
    Broker[] value() default {Broker.HIVEMQ, Broker.MOSQUITTO};
}
