package dev.tern.mqtt.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each sample's {@code main} against the shared embedded HiveMQ broker, as a user would with
 * {@code --broker}, and checks that it completes and prints what it promises.
 */
@ExtendWith(HiveMqExtension.class)
class SamplesIT {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);

    @Test
    void publishSensorReadingsPublishesFiveAcknowledgedReadings(BrokerEndpoint broker) {
        String out = run(PublishSensorReadings::main, broker);
        assertEquals(5, count(out, "published "), out);
        assertTrue(out.contains("broker answered SUCCESS") || out.contains("NO_MATCHING_SUBSCRIBERS"), out);
    }

    @Test
    void subscribeToTopicsReceivesTheThreeMessages(BrokerEndpoint broker) {
        String out = run(SubscribeToTopics::main, broker);
        assertTrue(out.contains("sensors/1/temperature -> 21.5"), out);
        assertTrue(out.contains("sensors/2/temperature -> 19.0"), out);
        assertTrue(out.contains("sensors/2/status -> online"), out);
    }

    @Test
    void requestResponseGetsOneReplyPerRequest(BrokerEndpoint broker) {
        String out = run(RequestResponse::main, broker);
        assertEquals(3, count(out, "time in "), out);
    }

    @Test
    void sharedGroupDeliversEveryJobOnce(BrokerEndpoint broker) {
        String out = run(SubscribeWithSharedGroup::main, broker);
        assertEquals(10, count(out, " takes jobs/resize-image job "), out);
        for (int i = 0; i < 10; i++) {
            assertEquals(1, count(out, " job " + i + "\n"), "job " + i + " delivered once\n" + out);
        }
    }

    @Test
    void reactiveSensorPipelinePublishesThreeAlerts(BrokerEndpoint broker) {
        String out = run(ReactiveSensorPipeline::main, broker);
        assertEquals(3, out.lines().filter(line -> line.startsWith("alerts/boiler moving average")).count(), out);
    }

    @Test
    void withoutBrokerArgumentASampleStartsItsOwnBroker() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(TIME_LIMIT.multipliedBy(2), () -> PublishSensorReadings.main(new String[0]));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("No --broker mqtt://host:port given: starting an embedded HiveMQ CE broker"), out);
        assertEquals(5, count(out, "published "), out);
    }

    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /** Runs a sample's main with {@code --broker}, capturing what it prints. */
    private static String run(Main main, BrokerEndpoint broker) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(TIME_LIMIT, () -> main.main(new String[] {"--broker", broker.uri()}));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        original.print(out);
        return out;
    }

    private static long count(String text, String part) {
        return Arrays.stream(text.split("\n", -1)).filter(line -> (line + "\n").contains(part)).count();
    }
}
