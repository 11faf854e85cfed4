package dev.tern.mqtt.samples;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.testing.EmbeddedHiveMq;

/**
 * Where a sample connects: the broker named with {@code --broker mqtt://host:port}, or else an embedded HiveMQ CE
 * broker started here, so that every sample runs with no set-up. Closing it stops the embedded broker.
 */
final class SampleBroker implements AutoCloseable {

    private final EmbeddedHiveMq embedded;  // null when --broker was given
    private final String uri;

    private SampleBroker(EmbeddedHiveMq embedded, String uri) {
        this.embedded = embedded;
        this.uri = uri;
    }

    /** Reads {@code --broker URI} (or {@code --broker=URI}) from the arguments, or starts an embedded broker. */
    static SampleBroker fromArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--broker") && i + 1 < args.length) {
                return new SampleBroker(null, args[i + 1]);
            }
            if (args[i].startsWith("--broker=")) {
                return new SampleBroker(null, args[i].substring("--broker=".length()));
            }
        }
        System.out.println("No --broker mqtt://host:port given: starting an embedded HiveMQ CE broker...");
        EmbeddedHiveMq broker = EmbeddedHiveMq.builder().build();
        try {
            return new SampleBroker(broker, broker.start().uri());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The broker's address, {@code mqtt://host:port}. */
    String uri() {
        return uri;
    }

    /** Options for a client of this broker with the given client id; add more settings before {@code build()}. */
    MqttClientOptions.Builder options(String clientId) {
        return MqttClientOptions.builder().serverUri(uri).clientId(clientId);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
