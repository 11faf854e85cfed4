package dev.tern.mqtt.testing;

import dev.tern.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link InteropTest}: one invocation per supported (broker, version) pair. */
final class InteropExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), InteropTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        InteropTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), InteropTest.class)
                .orElseThrow();
        List<TestTemplateInvocationContext> runs = new ArrayList<>();
        for (Broker broker : distinct(annotation.brokers())) {
            for (MqttVersion version : distinct(annotation.versions())) {
                if (broker.supports(version)) {
                    runs.add(new Run(broker, version));
                }
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("@InteropTest on " + context.getRequiredTestMethod().getName()
                    + ": none of the brokers " + Arrays.toString(annotation.brokers())
                    + " supports any of the versions " + Arrays.toString(annotation.versions()));
        }
        return runs.stream();
    }

    @SafeVarargs
    private static <T> List<T> distinct(T... values) {
        return Arrays.stream(values).distinct().toList();
    }

    /** How a version shows in a display name: {@code 3.1.1} or {@code 5.0}. */
    static String label(MqttVersion version) {
        return version == MqttVersion.MQTT_5_0 ? "5.0" : "3.1.1";
    }

    /** One run of the test method on one broker with one protocol version. */
    private record Run(Broker broker, MqttVersion version) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + broker.endpointName() + ", " + label(version) + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Resolver(broker, version));
        }
    }

    /** Skips a run whose broker is missing, and injects the endpoint (starting the broker on first use) and version. */
    private record Resolver(Broker broker, MqttVersion version) implements BeforeEachCallback, ParameterResolver {

        @Override
        public void beforeEach(ExtensionContext context) {
            // abort here: an abort thrown while resolving a parameter would be reported as a failure
            SharedBrokers.require(broker);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == BrokerEndpoint.class || type == MqttVersion.class || type == Broker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            if (type == MqttVersion.class) {
                return version;
            }
            if (type == Broker.class) {
                return broker;
            }
            return SharedBrokers.endpoint(context, broker, SharedBrokers.limitsOf(parameter));
        }
    }
}
