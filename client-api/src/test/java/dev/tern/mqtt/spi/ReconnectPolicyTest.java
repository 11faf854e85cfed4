package dev.tern.mqtt.spi;

import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectPolicyTest {

    private static final MqttException CAUSE = new MqttException("lost");

    @Test
    void fullJitterStaysBetweenZeroAndTheDoublingCap() {
        ReconnectPolicy p = ReconnectPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(60), 42);
        long[] caps = {100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000};
        for (int attempt = 1; attempt <= caps.length; attempt++) {
            for (int i = 0; i < 50; i++) {
                long ms = p.nextDelay(attempt, CAUSE).orElseThrow().toMillis();
                assertTrue(ms >= 0 && ms <= caps[attempt - 1], "attempt " + attempt + ": " + ms + " ms");
            }
        }
        assertTrue(p.nextDelay(Integer.MAX_VALUE, CAUSE).orElseThrow().toMillis() <= 60_000, "no overflow");
    }

    @Test
    void jitterSpreadsTheDelays() {
        ReconnectPolicy p = ReconnectPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(60), 7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long ms = p.nextDelay(10, CAUSE).orElseThrow().toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(min < 10_000 && max > 40_000, "spread over the whole range: " + min + ".." + max);
    }

    @Test
    void aSeedMakesTheDelaysReproducible() {
        assertEquals(delays(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(10), Duration.ofSeconds(1), 99)),
                delays(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(10), Duration.ofSeconds(1), 99)));
    }

    private static List<Duration> delays(ReconnectPolicy p) {
        List<Duration> d = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            d.add(p.nextDelay(i, CAUSE).orElseThrow());
        }
        return d;
    }

    @Test
    void maxAttemptsGivesUpAfterThatMany() {
        ReconnectPolicy p = ReconnectPolicy.fixedDelay(Duration.ofMillis(5)).withMaxAttempts(2);
        assertEquals(Optional.of(Duration.ofMillis(5)), p.nextDelay(1, CAUSE));
        assertEquals(Optional.of(Duration.ofMillis(5)), p.nextDelay(2, CAUSE));
        assertEquals(Optional.empty(), p.nextDelay(3, CAUSE));
        assertEquals(Optional.empty(), ReconnectPolicy.never().nextDelay(1, CAUSE));
    }

    private static MqttException refused(ConnAckReasonCode code) {
        return new MqttConnectionRefusedException(ConnAck.builder().reasonCode(code).build());
    }

    @ParameterizedTest
    @EnumSource(value = ConnAckReasonCode.class, names = {"UNSUPPORTED_PROTOCOL_VERSION", "CLIENT_IDENTIFIER_NOT_VALID",
            "BAD_USER_NAME_OR_PASSWORD", "NOT_AUTHORIZED", "BANNED", "BAD_AUTHENTICATION_METHOD"})
    void theDefaultStopsOnRefusalsThatRetryingCannotChange(ConnAckReasonCode code) {
        assertTrue(ReconnectPolicy.PERMANENT_REFUSALS.contains(code));
        assertEquals(Optional.empty(), ReconnectPolicy.DEFAULT.nextDelay(1, refused(code)));
        assertTrue(ReconnectPolicy.fixedDelay(Duration.ofMillis(5)).nextDelay(1, refused(code)).isPresent(),
                "a policy of one's own decides for itself");
        assertEquals(Optional.empty(), ReconnectPolicy.fixedDelay(Duration.ofMillis(5)).stoppingOnPermanentRefusals()
                .nextDelay(1, refused(code)));
    }

    @ParameterizedTest
    @EnumSource(value = ConnAckReasonCode.class, names = {"SERVER_UNAVAILABLE", "SERVER_BUSY", "QUOTA_EXCEEDED",
            "CONNECTION_RATE_EXCEEDED", "UNSPECIFIED_ERROR", "USE_ANOTHER_SERVER"})
    void theDefaultKeepsRetryingOtherRefusalsAndFailures(ConnAckReasonCode code) {
        assertTrue(ReconnectPolicy.DEFAULT.nextDelay(3, refused(code)).isPresent());
        assertTrue(ReconnectPolicy.DEFAULT.nextDelay(3, CAUSE).isPresent());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponentialBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.fixedDelay(Duration.ofMillis(-1)));
    }

    @Test
    void credentialsNeverShowThePassword() {
        Credentials c = Credentials.of("user", "s3cret");
        assertTrue(!c.toString().contains("s3cret"), c.toString());
        assertEquals("s3cret", new String(c.password().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void storedPublishChecksStageAndPacketId() {
        dev.tern.mqtt.message.Publish q1 = dev.tern.mqtt.message.Publish.builder().topic("t")
                .qos(dev.tern.mqtt.message.Qos.AT_LEAST_ONCE).build();
        assertThrows(IllegalArgumentException.class, () -> new StoredPublish(1, q1, StoredPublish.Stage.SENT, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredPublish(1, q1, StoredPublish.Stage.BUFFERED, 5, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredPublish(1, q1, StoredPublish.Stage.RELEASED, 5, 0), "QoS 1 is never released");
        assertEquals(StoredPublish.Stage.SENT,
                new StoredPublish(1, q1, StoredPublish.Stage.BUFFERED, 0, 0).at(StoredPublish.Stage.SENT, 9).stage());
    }
}
