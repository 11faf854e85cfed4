package dev.tern.mqtt.spi;

import dev.tern.mqtt.exceptions.MqttException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (see {@link ReconnectPolicy#exponentialBackoff(Duration, Duration)}).
 * Thread-safe.
 */
final class ExponentialBackoff implements ReconnectPolicy {

    private final long initialNanos;
    private final long maximumNanos;
    /** Null: use {@link ThreadLocalRandom}. {@link Random} is thread-safe, so a seeded policy may be shared. */
    private final Random seeded;

    ExponentialBackoff(Duration initial, Duration maximum, Long seed) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(maximum, "maximum");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial delay must be positive, was " + initial);
        }
        if (maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum delay " + maximum + " is less than the initial " + initial);
        }
        this.initialNanos = initial.toNanos();
        this.maximumNanos = maximum.toNanos();
        this.seeded = seed == null ? null : new Random(seed);
    }

    @Override
    public Optional<Duration> nextDelay(int attempt, MqttException cause) {
        long cap = initialNanos;
        // doubling stops at the maximum, so the shift never overflows however many attempts there were
        for (int i = 1; i < attempt && cap < maximumNanos; i++) {
            cap = cap > maximumNanos / 2 ? maximumNanos : cap * 2;
        }
        cap = Math.min(cap, maximumNanos);
        long nanos = seeded == null ? ThreadLocalRandom.current().nextLong(cap + 1) : nextLong(cap + 1);
        return Optional.of(Duration.ofNanos(nanos));
    }

    private long nextLong(long bound) {
        synchronized (seeded) {
            return (long) (seeded.nextDouble() * bound);
        }
    }

    @Override
    public String toString() {
        return "ExponentialBackoff[initial=" + Duration.ofNanos(initialNanos) + ", maximum="
                + Duration.ofNanos(maximumNanos) + ", full jitter]";
    }
}
