package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

/** The extension behind {@link SecureBrokersTest}: one invocation per broker, brokers kept in the root store. */
final class SecureBrokersExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SecureBrokersExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), SecureBrokersTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        SecureBrokersTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(),
                SecureBrokersTest.class).orElseThrow();
        return Arrays.stream(annotation.value()).distinct().map(OnBroker::new);
    }

    /** The PKI of this test JVM, shared by both brokers; its folder is deleted with the run. */
    private record Pki(TestPki pki) implements AutoCloseable {
        @Override
        public void close() {
            TempDirectory.deleteQuietly(pki.folder().getParent());
        }
    }

    static SecureBroker broker(ExtensionContext context, Broker broker) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        TestPki pki = store.getOrComputeIfAbsent("pki", key -> {
            Path folder = TempDirectory.create("tern-pki-");
            try {
                // Mosquitto started as root reads the files as the user 'mosquitto'
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Pki(TestPki.create(folder.resolve("pki")));
        }, Pki.class).pki();
        return store.getOrComputeIfAbsent(broker, key -> broker == Broker.HIVEMQ
                ? SecureBroker.startHiveMq(pki) : SecureBroker.startMosquitto(pki), SecureBroker.class);
    }

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

    private record Resolver(Broker broker) implements BeforeEachCallback, ParameterResolver {

        @Override
        public void beforeEach(ExtensionContext context) {
            if (broker == Broker.MOSQUITTO) {
                SharedBrokers.requireMosquitto();
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SecureBroker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return SecureBrokersExtension.broker(context, broker);
        }
    }
}
