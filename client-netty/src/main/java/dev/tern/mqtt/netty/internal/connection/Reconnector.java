package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;
import dev.tern.mqtt.spi.ReconnectPolicy;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * When the next connection attempt starts: counts failed attempts since the last accepted connection, asks the
 * {@link ReconnectPolicy}, reports {@link ReconnectingEvent}s and holds the timer, so that {@code disconnect()} and
 * {@code close()} can stop a waiting or running attempt at once. Event loop only.
 */
final class Reconnector {

    private static final Logger log = LoggerFactory.getLogger(Reconnector.class);

    private final EventLoop loop;
    private final ReconnectPolicy policy;
    private final LifecycleEvents events;
    private int failedAttempts;
    private ScheduledFuture<?> timer;

    Reconnector(EventLoop loop, ReconnectPolicy policy, LifecycleEvents events) {
        this.loop = loop;
        this.policy = policy;
        this.events = events;
    }

    /** A connection was accepted (or connect() starts afresh): the next failure is attempt 1 again. */
    void reset() {
        failedAttempts = 0;
    }

    /** The delay before the next attempt, as the policy says (at once after a redirection), or empty to stop. */
    Optional<Duration> nextDelay(MqttException cause, boolean redirected, URI server) {
        int attempt = ++failedAttempts;
        if (redirected) {
            return Optional.of(Duration.ZERO);
        }
        Optional<Duration> delay;
        try {
            delay = policy.nextDelay(attempt, cause);
        } catch (RuntimeException e) {
            log.warn("the reconnect policy threw; not reconnecting", e);
            delay = Optional.empty();
        }
        if (delay == null || delay.isEmpty()) {
            log.info("not reconnecting to {} after {} failed attempt(s): the reconnect policy gave up", server,
                    attempt - 1);
            return Optional.empty();
        }
        return delay.map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    /** Reports the coming attempt and runs it after {@code delay}. */
    void schedule(Duration delay, MqttException cause, URI server, Runnable attempt) {
        log.debug("reconnect attempt {} to {} in {} ms", failedAttempts, server, delay.toMillis());
        events.reconnecting(new ReconnectingEvent(failedAttempts, delay, cause, server));
        timer = loop.schedule(() -> {
            timer = null;
            attempt.run();
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops a waiting attempt (the caller makes the steps of a running one be ignored). */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
