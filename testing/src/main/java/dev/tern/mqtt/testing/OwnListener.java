package dev.tern.mqtt.testing;

import com.codahale.metrics.Counter;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.time.Duration;

/**
 * Whether the plain MQTT port of an embedded HiveMQ is served by that broker and not by someone else.
 *
 * <p>Why a port that accepts connections is not enough: HiveMQ CE starts without a listener it cannot bind as long as
 * it binds another one (it only logs an error), and whoever took the port first accepts connections and may answer
 * MQTT too (a Mosquitto of a parallel test, another broker in this JVM). So {@link ListenerProbe} sends a CONNECT, and
 * the broker's own count of CONNECTs received (its metrics, one registry per embedded instance) must have risen. Only
 * this broker can make that count rise: the check is certain without any extension, log parsing or client of ours.
 */
final class OwnListener {

    /** HiveMQ's counter of CONNECT packets received, incremented when one is decoded, before the CONNACK is sent. */
    static final String INCOMING_CONNECTS = "com.hivemq.messages.incoming.connect.count";

    private static final String PROBE_CLIENT_ID = "tern-listener-probe";
    /** The CONNACK comes after the count: this only covers the counter's memory visibility across threads. */
    private static final Duration COUNT_VISIBLE = Duration.ofSeconds(2);

    private OwnListener() {
    }

    /**
     * Why the plain MQTT listener on 127.0.0.1:port is not {@code hiveMq}'s, or null when it is.
     *
     * @throws IllegalStateException if HiveMQ has no counter of CONNECTs (its metric names changed)
     */
    static String problem(EmbeddedHiveMQ hiveMq, int port) throws InterruptedException {
        Counter connects = hiveMq.getMetricRegistry().getCounters().get(INCOMING_CONNECTS);
        if (connects == null) {
            throw new IllegalStateException("HiveMQ has no metric " + INCOMING_CONNECTS
                    + ": cannot tell its listener from someone else's");
        }
        long before = connects.getCount();
        if (!ListenerProbe.acceptsMqttConnect(port, PROBE_CLIENT_ID)) {
            return "port " + port + " does not accept an MQTT CONNECT";
        }
        long deadline = System.nanoTime() + COUNT_VISIBLE.toNanos();
        while (connects.getCount() == before) {
            if (System.nanoTime() - deadline > 0) {
                return "port " + port + " accepted an MQTT CONNECT that this HiveMQ never received: someone else"
                        + " holds the port";
            }
            Thread.sleep(10); // poll interval, not a wait for readiness
        }
        return null;
    }
}
