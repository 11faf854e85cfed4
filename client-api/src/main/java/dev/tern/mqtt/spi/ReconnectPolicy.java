package dev.tern.mqtt.spi;

import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.reason.ConnAckReasonCode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether and when a client tries to connect again after its connection was lost (or, when the options ask
 * for it, after the very first connect failed).
 *
 * <pre>{@code
 * MqttClientOptions.builder()
 *         .serverUri("mqtt://broker:1883")
 *         .reconnectPolicy(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(30))
 *                 .withMaxAttempts(100))
 *         .build();
 * }</pre>
 *
 * <h2>Refusals that retrying cannot change</h2>
 * When the server refuses the connection for a reason that stays the same until someone changes the credentials, the
 * configuration or the server ({@link #PERMANENT_REFUSALS}: bad user name or password, not authorized, banned, bad
 * authentication method, client identifier not valid, unsupported protocol version), the {@link #DEFAULT} policy stops
 * reconnecting: the client ends {@code DISCONNECTED} and its {@code DisconnectedEvent} says it will not reconnect,
 * with the {@link MqttConnectionRefusedException} (and its CONNACK) as the cause. It keeps retrying every other
 * refusal (server unavailable, server busy, quota exceeded, connection rate exceeded, ...) and every network
 * failure. Other policies get the same behaviour with {@link #stoppingOnPermanentRefusals()}.
 *
 * <h2>Threads</h2>
 * Called on the client's network thread, once per attempt, so it must return quickly and must not block. A policy
 * shared by several clients is called from several threads and must be thread-safe; the ones made here are.
 */
@FunctionalInterface
public interface ReconnectPolicy {

    /**
     * The CONNACK reason codes after which trying again cannot succeed until the credentials, the configuration or
     * the server change: 0x84 Unsupported Protocol Version (the client falls back to MQTT 3.1.1 instead, if its
     * options allow, so a policy sees it only when that is not possible), 0x85 Client Identifier not valid, 0x86 Bad
     * User Name or Password, 0x87 Not authorized, 0x8A Banned, 0x8C Bad authentication method. MQTT 3.1.1 return codes
     * 1, 2, 4 and 5 arrive as 0x84, 0x85, 0x86 and 0x87.
     */
    Set<ConnAckReasonCode> PERMANENT_REFUSALS = Set.of(ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
            ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID, ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD,
            ConnAckReasonCode.NOT_AUTHORIZED, ConnAckReasonCode.BANNED, ConnAckReasonCode.BAD_AUTHENTICATION_METHOD);

    /**
     * The default: {@code exponentialBackoff(100 ms, 60 s)}, with full jitter, never giving up except on a
     * {@linkplain #PERMANENT_REFUSALS permanent refusal}.
     */
    ReconnectPolicy DEFAULT = exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(60))
            .stoppingOnPermanentRefusals();

    /**
     * The delay before the next attempt.
     *
     * @param attempt 1 for the first attempt after a connection was lost (or after the first connect failed), 2 for
     *        the one after that failed too, and so on; it starts again at 1 once a connection is accepted
     * @param cause why the previous connection ended or the previous attempt failed
     * @return how long to wait before trying, or empty to stop trying; the client then stays disconnected
     */
    Optional<Duration> nextDelay(int attempt, MqttException cause);

    /**
     * This policy, giving up after {@code maxAttempts} failed attempts in a row.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is negative
     */
    default ReconnectPolicy withMaxAttempts(int maxAttempts) {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be at least 0, was " + maxAttempts);
        }
        ReconnectPolicy self = this;
        return (attempt, cause) -> attempt > maxAttempts ? Optional.empty() : self.nextDelay(attempt, cause);
    }

    /** This policy, giving up at once when {@code cause} is a {@linkplain #PERMANENT_REFUSALS permanent refusal}. */
    default ReconnectPolicy stoppingOnPermanentRefusals() {
        ReconnectPolicy self = this;
        return (attempt, cause) -> isPermanentRefusal(cause) ? Optional.empty() : self.nextDelay(attempt, cause);
    }

    /**
     * Whether {@code cause} is a refusal that trying again cannot change: a {@link MqttConnectionRefusedException}
     * whose reason code is one of {@link #PERMANENT_REFUSALS}.
     */
    static boolean isPermanentRefusal(MqttException cause) {
        return cause instanceof MqttConnectionRefusedException
                && PERMANENT_REFUSALS.contains(((MqttConnectionRefusedException) cause).connAck().reasonCode());
    }

    /**
     * Exponential backoff with full jitter: before attempt {@code n} the client waits a random time between zero and
     * {@code min(maximum, initial × 2^(n-1))}, so many clients cut off together do not all come back at once.
     *
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code maximum} is less than it
     */
    static ReconnectPolicy exponentialBackoff(Duration initial, Duration maximum) {
        return new ExponentialBackoff(initial, maximum, null);
    }

    /** As {@link #exponentialBackoff(Duration, Duration)}, with a seeded random source, for reproducible tests. */
    static ReconnectPolicy exponentialBackoff(Duration initial, Duration maximum, long seed) {
        return new ExponentialBackoff(initial, maximum, seed);
    }

    /** Always the same delay, never giving up. */
    static ReconnectPolicy fixedDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        return (attempt, cause) -> Optional.of(delay);
    }

    /** Never reconnects; the same as turning automatic reconnect off. */
    static ReconnectPolicy never() {
        return (attempt, cause) -> Optional.empty();
    }
}
