package dev.tern.mqtt.testing;

import dev.tern.mqtt.MqttVersion;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of test broker, for choosing brokers in {@link BrokersTest#value()} and {@link InteropTest#brokers()}.
 *
 * <pre>{@code
 * @BrokersTest(Broker.MOSQUITTO)
 * void onlyOnMosquitto(BrokerEndpoint broker) { ... }
 * }</pre>
 */
public enum Broker {

    /** HiveMQ Community Edition embedded in the test JVM: always available; MQTT 3.1.1 and 5.0. */
    HIVEMQ(BrokerEndpoint.HIVEMQ, EnumSet.allOf(MqttVersion.class)),

    /**
     * A {@code mosquitto} process: tests on it are skipped when it is not installed, or fail when CI is set;
     * MQTT 3.1.1 and 5.0.
     */
    MOSQUITTO(BrokerEndpoint.MOSQUITTO, EnumSet.allOf(MqttVersion.class)),

    /**
     * An Aedes broker in a {@code node} process: tests on it are skipped when node or the aedes package is
     * missing, or fail when CI is set; MQTT 3.1.1 only (it refuses an MQTT 5.0 CONNECT).
     */
    AEDES(BrokerEndpoint.AEDES, EnumSet.of(MqttVersion.MQTT_3_1_1));

    private final String endpointName;
    private final Set<MqttVersion> versions;

    Broker(String endpointName, Set<MqttVersion> versions) {
        this.endpointName = endpointName;
        this.versions = versions;
    }

    /** The {@link BrokerEndpoint#name()} of this broker's endpoints. */
    public String endpointName() {
        return endpointName;
    }

    /** Whether this broker accepts clients of this protocol version. */
    public boolean supports(MqttVersion version) {
        return versions.contains(version);
    }
}
