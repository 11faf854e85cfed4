package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.tern.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Which runs {@link InteropTest} makes and how they are named, checked by running sample classes with the JUnit
 * launcher. The samples take no {@link BrokerEndpoint}, so no broker starts; a run on a missing broker is aborted,
 * which still shows its name.
 */
class InteropTestTest {

    /** What the launcher reported for each test: display name to result. */
    private static Map<String, TestExecutionResult> run(Class<?> sample) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        List<Throwable> containerFailures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            results.put(id.getDisplayName(), result);
                        } else if (id.getSource().isPresent() && result.getThrowable().isPresent()) {
                            results.put("container " + id.getDisplayName(), result);
                        }
                    }
                });
        return results;
    }

    @Test
    void defaultRunsEachBrokerWithEachVersion() {
        Map<String, TestExecutionResult> results = run(DefaultSample.class);
        assertEquals(List.of("[hivemq, 3.1.1]", "[hivemq, 5.0]", "[mosquitto, 3.1.1]", "[mosquitto, 5.0]"),
                results.keySet().stream().sorted().toList());
        results.forEach((name, result) -> assertTrue(result.getStatus() != TestExecutionResult.Status.FAILED
                || SharedBrokers.isCi(), name + " " + result));
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("[hivemq, 5.0]").getStatus());
    }

    @Test
    void aBrokerRunsOnlyTheVersionsItSupports() {
        assertEquals(List.of("[aedes, 3.1.1]", "[hivemq, 3.1.1]", "[hivemq, 5.0]"),
                run(AedesSample.class).keySet().stream().sorted().toList());
    }

    @Test
    void noSupportedPairIsAnError() {
        Map<String, TestExecutionResult> results = run(ImpossibleSample.class);
        TestExecutionResult result = results.values().iterator().next();
        assertEquals(TestExecutionResult.Status.FAILED, result.getStatus());
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class,
                result.getThrowable().orElseThrow());
        assertTrue(e.getMessage().contains("none of the brokers [AEDES] supports any of the versions [MQTT_5_0]"),
                e.getMessage());
    }

    // ---- samples, run only through the launcher above (surefire skips nested classes) ----

    static class DefaultSample {
        @InteropTest
        void sample(MqttVersion version, Broker broker) {
            assertTrue(broker.supports(version));
        }
    }

    static class AedesSample {
        @InteropTest(brokers = {Broker.AEDES, Broker.HIVEMQ})
        void sample(MqttVersion version, Broker broker) {
            assertTrue(broker.supports(version));
        }
    }

    static class ImpossibleSample {
        @InteropTest(brokers = Broker.AEDES, versions = MqttVersion.MQTT_5_0)
        void sample(MqttVersion version) {
            assertTrue(version != null);
        }
    }
}
