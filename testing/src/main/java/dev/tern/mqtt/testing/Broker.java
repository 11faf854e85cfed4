package dev.tern.mqtt.testing;

/**
 * The kinds of test broker, for choosing brokers in {@link BrokersTest#value()}.
 *
 * <pre>{@code
 * @BrokersTest(Broker.MOSQUITTO)
 * void onlyOnMosquitto(BrokerEndpoint broker) { ... }
 * }</pre>
 */
public enum Broker {

    /** HiveMQ Community Edition embedded in the test JVM: always available. */
    HIVEMQ(BrokerEndpoint.HIVEMQ),

    /** A {@code mosquitto} process: tests on it are skipped when it is not installed, or fail when CI is set. */
    MOSQUITTO(BrokerEndpoint.MOSQUITTO);

    private final String endpointName;

    Broker(String endpointName) {
        this.endpointName = endpointName;
    }

    /** The {@link BrokerEndpoint#name()} of this broker's endpoints. */
    public String endpointName() {
        return endpointName;
    }
}
