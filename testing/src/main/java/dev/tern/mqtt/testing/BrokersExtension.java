package dev.tern.mqtt.testing;

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

/** The extension behind {@link BrokersTest}: one invocation per broker. */
final class BrokersExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), BrokersTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        BrokersTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), BrokersTest.class)
                .orElseThrow();
        return Arrays.stream(annotation.value()).distinct().map(OnBroker::new);
    }

    /** One run of the test method on one broker. */
    private record OnBroker(Broker broker) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + broker.endpointName() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Resolver(broker));
        }
    }

    /** Skips a run whose broker is missing, and injects the endpoint (starting the broker on first use). */
    private record Resolver(Broker broker) implements BeforeEachCallback, ParameterResolver {

        @Override
        public void beforeEach(ExtensionContext context) {
            // abort here: an abort thrown while resolving a parameter would be reported as a failure
            SharedBrokers.require(broker);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == BrokerEndpoint.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return SharedBrokers.endpoint(context, broker, SharedBrokers.limitsOf(parameter));
        }
    }
}
