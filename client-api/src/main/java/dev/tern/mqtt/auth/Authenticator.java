package dev.tern.mqtt.auth;

/**
 * MQTT 5.0 enhanced authentication (section 4.12): names an authentication method and starts one
 * {@link AuthExchange} per exchange, that is per connection attempt and per re-authentication.
 *
 * <p>The client sends the method and {@link AuthExchange#initialData()} in CONNECT (or in AUTH with reason code
 * 0x19 to re-authenticate), passes each AUTH 0x18 "continue" of the server to
 * {@link AuthExchange#onContinue(byte[])} and answers with what it returns, and finally hands the server's data in
 * CONNACK (or AUTH 0x00) to {@link AuthExchange#onSuccess(byte[])}. The server refuses with CONNACK or DISCONNECT.
 *
 * <pre>{@code
 * MqttClientOptions options = MqttClientOptions.builder()
 *         .serverUri("mqtts://broker.example.com")
 *         .authenticator(ScramSha256Authenticator.of("alice", password))
 *         .build();
 * }</pre>
 *
 * <p>Threads: {@link #start} and every method of the exchange run on the client's I/O thread. They must compute,
 * not wait: fetch tokens ahead of time. Enhanced authentication needs MQTT 5.0.
 */
public interface Authenticator {

    /** The Authentication Method, for example {@code SCRAM-SHA-256}; the same for every exchange. */
    String method();

    /**
     * Starts an exchange, with fresh state (a new nonce, a current token).
     *
     * @param reauthentication false for the exchange of a new connection, true for re-authenticating a connected
     *        client
     */
    AuthExchange start(boolean reauthentication);
}
