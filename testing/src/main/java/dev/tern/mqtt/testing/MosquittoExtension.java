package dev.tern.mqtt.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * A JUnit 5 extension that gives tests a {@link Mosquitto} broker process.
 *
 * <p>ONE {@code mosquitto} process is started per test JVM, on first use, and shared by every test class
 * that uses this extension; JUnit stops it (by PID) when the whole run ends. Tests get its address by
 * parameter injection or from {@link #endpoint()}:
 *
 * <pre>{@code
 * @ExtendWith(MosquittoExtension.class)
 * class MosquittoInteropIT {
 *     @Test
 *     void subscribes(BrokerEndpoint broker) { ... }
 * }
 * }</pre>
 *
 * <p>When {@code mosquitto} is not installed, the tests are skipped with the message
 * "mosquitto not installed: ..." in the report, except when the environment variable {@code CI} is set:
 * then they fail, because CI installs Mosquitto. The skip happens per test (before its instance is
 * constructed), so each test shows up as skipped: take the endpoint in test methods or the constructor,
 * not in {@code @BeforeAll} methods, and keep the default per-method test instance lifecycle.
 * {@link Limits} on the parameter asks for a second broker with those limits. Do not combine with
 * {@link HiveMqExtension} or {@link BrokersTest} in one class.
 */
public final class MosquittoExtension
        implements BeforeAllCallback, TestInstancePreConstructCallback, BeforeEachCallback, ParameterResolver {

    /** Used by JUnit. */
    public MosquittoExtension() {
    }

    /**
     * The shared default Mosquitto of this JVM, for code that cannot take a parameter.
     *
     * @throws IllegalStateException if no test with this extension has started it in this JVM
     */
    public static BrokerEndpoint endpoint() {
        return SharedBrokers.defaultEndpoint(Broker.MOSQUITTO).orElseThrow(() -> new IllegalStateException(
                "no shared Mosquitto started: annotate the test class with @ExtendWith(MosquittoExtension.class)"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // no abort here: JUnit reports a class aborted in beforeAll as zero tests, which hides the reason
        if (Mosquitto.findExecutable().isPresent()) {
            SharedBrokers.endpoint(context, Broker.MOSQUITTO, BrokerLimits.NONE);
        }
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        // before constructor parameters are resolved: an abort from a resolver would count as a failure
        SharedBrokers.requireMosquitto();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedBrokers.endpoint(context, Broker.MOSQUITTO, BrokerLimits.NONE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrokerEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SharedBrokers.endpoint(context, Broker.MOSQUITTO, SharedBrokers.limitsOf(parameter));
    }
}
