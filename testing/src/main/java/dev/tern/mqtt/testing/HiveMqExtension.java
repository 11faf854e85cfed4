package dev.tern.mqtt.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives tests an embedded HiveMQ CE broker ({@link EmbeddedHiveMq}).
 *
 * <p>ONE broker is started per test JVM, on first use, and shared by every test class that uses this
 * extension; JUnit stops it when the whole run ends. Tests get its address by parameter injection (in
 * constructors, lifecycle and test methods) or from {@link #endpoint()}:
 *
 * <pre>{@code
 * @ExtendWith(HiveMqExtension.class)
 * class PublishIT {
 *     @Test
 *     void publishesAtQos1(BrokerEndpoint broker) {
 *         // connect to broker.uri(), for example mqtt://127.0.0.1:40123
 *     }
 *
 *     @Test
 *     void respectsReceiveMaximum(@Limits(receiveMaximum = 2) BrokerEndpoint broker) {
 *         // a second shared broker, started for this set of limits
 *     }
 * }
 * }</pre>
 *
 * <p>Tests share the broker: use unique client ids and topics. Do not combine this extension with
 * {@link MosquittoExtension} or {@link BrokersTest} in one class: both would resolve {@link BrokerEndpoint}.
 */
public final class HiveMqExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** Used by JUnit. */
    public HiveMqExtension() {
    }

    /**
     * The shared default broker of this JVM, for code that cannot take a parameter.
     *
     * @throws IllegalStateException if no test with this extension has run yet in this JVM
     */
    public static BrokerEndpoint endpoint() {
        return SharedBrokers.defaultEndpoint(Broker.HIVEMQ).orElseThrow(() -> new IllegalStateException(
                "no shared HiveMQ started: annotate the test class with @ExtendWith(HiveMqExtension.class)"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedBrokers.endpoint(context, Broker.HIVEMQ, BrokerLimits.NONE);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // for registration on a method; a no-op lookup when beforeAll already started it
        SharedBrokers.endpoint(context, Broker.HIVEMQ, BrokerLimits.NONE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrokerEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SharedBrokers.endpoint(context, Broker.HIVEMQ, SharedBrokers.limitsOf(parameter));
    }
}
