package dev.tern.mqtt.testing;

import java.util.Objects;

/**
 * Where a test broker listens: its name, host and TCP port.
 *
 * <p>Tests receive it by parameter injection from {@link HiveMqExtension}, {@link MosquittoExtension}
 * or {@link BrokersTest}, or from the launchers {@link EmbeddedHiveMq#start()} and
 * {@link Mosquitto#start()} and {@link Aedes#start()}:
 *
 * <pre>{@code
 * @ExtendWith(HiveMqExtension.class)
 * class ConnectIT {
 *     @Test
 *     void connects(BrokerEndpoint broker) {
 *         var client = MqttClient.builder().serverUri(broker.uri()).build();
 *     }
 * }
 * }</pre>
 *
 * @param name which broker this is: {@link #HIVEMQ}, {@link #MOSQUITTO} or {@link #AEDES}, so a test can skip a
 *     known deviation of one broker
 * @param host the address the broker is bound to, always {@code 127.0.0.1} here
 * @param port the TCP port of the plain MQTT listener
 */
public record BrokerEndpoint(String name, String host, int port) {

    /** The {@link #name()} of the embedded HiveMQ Community Edition broker. */
    public static final String HIVEMQ = "hivemq";

    /** The {@link #name()} of a Mosquitto broker process. */
    public static final String MOSQUITTO = "mosquitto";

    /** The {@link #name()} of an Aedes broker in a {@code node} process (MQTT 3.1.1 only). */
    public static final String AEDES = "aedes";

    /** Checks the values. */
    public BrokerEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The URI a client connects to, for example {@code mqtt://127.0.0.1:40123}. */
    public String uri() {
        return "mqtt://" + host + ":" + port;
    }

    /** Whether this is the broker of the given {@link #name()}. */
    public boolean is(String brokerName) {
        return name.equals(brokerName);
    }

    /** The name and URI, for example {@code hivemq mqtt://127.0.0.1:40123}; used as a display name. */
    @Override
    public String toString() {
        return name + " " + uri();
    }
}
