package dev.tern.mqtt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per broker with a {@link SecureBroker} parameter: by default on an embedded HiveMQ and
 * on Mosquitto, each with TLS and WebSocket listeners, started once per test JVM (separate from the plain shared
 * brokers) with certificates from one {@link TestPki}. Mosquitto missing: skipped, or failed when {@code CI} is set,
 * as with {@link BrokersTest}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(SecureBrokersExtension.class)
public @interface SecureBrokersTest {

    /** The brokers to run on, in this order. */
    Broker[] value() default {Broker.HIVEMQ, Broker.MOSQUITTO};
}
