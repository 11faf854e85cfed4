package dev.tern.mqtt.spi;

/**
 * Supplies the user name and password for each connection attempt, so that short-lived tokens can be renewed: the
 * client asks again before every CONNECT, including each automatic reconnect.
 *
 * <pre>{@code
 * MqttClientOptions.builder()
 *         .serverUri("mqtt://broker:1883")
 *         .credentials(() -> Credentials.of("device-7", tokenService.freshToken()))
 *         .build();
 * }</pre>
 *
 * <h2>Threads</h2>
 * Called on the client's callback executor (never on the network thread), so it may block briefly, for example to
 * fetch a token. If it throws, the attempt fails with that exception as the cause and the reconnect policy decides
 * what happens next.
 */
@FunctionalInterface
public interface CredentialsProvider {

    /** The credentials for the next CONNECT. */
    Credentials credentials();
}
