package dev.tern.mqtt.netty.internal.dispatch;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Tells the log about QoS 0 messages a slow consumer made the client drop: the first drop at once, then a count at
 * most every ten seconds. A consumer that falls behind a steady stream drops a message per message that arrives; a
 * line each would bury everything else in the log. Thread-safe.
 */
final class DropLog {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final String consumer;
    private long unreported;
    private long lastReport;
    private boolean reportedOnce;

    /** @param consumer who is slow, for the log line: "a message handler", "a stream subscriber" */
    DropLog(Logger log, String consumer) {
        this.log = log;
        this.consumer = consumer;
    }

    /** A QoS 0 message on {@code topic} was dropped. */
    synchronized void dropped(String topic) {
        long now = System.nanoTime();
        if (!reportedOnce) {
            reportedOnce = true;
            lastReport = now;
            log.warn("{} is slower than the QoS 0 messages arrive: dropped the oldest waiting one (on {}) and will"
                    + " keep dropping the oldest beyond {} waiting; QoS 1 and 2 messages are never dropped",
                    consumer, topic, MessageStream.QOS0_BUFFER);
            return;
        }
        unreported++;
        if (now - lastReport >= INTERVAL_NANOS) {
            log.warn("{} is still slow: dropped {} more QoS 0 message(s) in the last {} s (the latest on {})",
                    consumer, unreported, TimeUnit.NANOSECONDS.toSeconds(now - lastReport), topic);
            unreported = 0;
            lastReport = now;
        }
    }
}
