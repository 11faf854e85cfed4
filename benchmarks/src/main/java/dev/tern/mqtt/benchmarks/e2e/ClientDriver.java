package dev.tern.mqtt.benchmarks.e2e;

/**
 * One MQTT client library as the harness drives it. {@link ClientRun} runs every scenario through this interface,
 * so each library gets the same loop around it; the raw-socket baseline ({@link RawClient}) has its own loops.
 *
 * <p>Each implementation uses the library the way its documentation suggests for the job (its asynchronous API,
 * in-memory persistence, a shared event loop for many connections), MQTT 5.0 unless the library only speaks 3.1.1,
 * and builds a new message object per publish, as an application would.
 */
interface ClientDriver {

    /** Told when a publish completes: {@code failure} is null on success. Called on any thread, exactly once. */
    interface Completion {
        void complete(Throwable failure);
    }

    /** Connects with a clean session; returns when the CONNACK has arrived. */
    void connect(String host, int port, String clientId) throws Exception;

    /**
     * Publishes one message. {@code done} is called when the library reports the publish complete: handed to the
     * network for QoS 0, acknowledged (PUBACK / PUBCOMP) for QoS 1 and 2. A blocking client calls it before
     * returning.
     */
    void publish(String topic, byte[] payload, int qos, Completion done) throws Exception;

    /** Subscribes and returns when the SUBACK has arrived; {@code onMessage} runs for every message received. */
    void subscribe(String topic, int qos, Runnable onMessage) throws Exception;

    void disconnect() throws Exception;

    /**
     * Connects with a session the server keeps while the client is away (clean start off; for MQTT 5.0 a session
     * expiry of one hour), for the receive scenario's backlog. Returns when the CONNACK has arrived.
     */
    void connectKeepingSession(String host, int port, String clientId) throws Exception;

    /** Disconnects normally; the server keeps the session and queues the messages that arrive for it. */
    void goOffline() throws Exception;

    /**
     * Connects again to the session kept since {@link #goOffline}; returns when the CONNACK has arrived. The queued
     * messages go to the {@code onMessage} given to {@link #subscribe} before.
     */
    void resume() throws Exception;

    /**
     * Opens {@code n} connections in this JVM, sharing what the library lets many clients share, and returns when
     * all have connected. At most {@code parallel} connects are outstanding at a time.
     */
    Fleet openFleet(String host, int port, int n, int parallel, String idPrefix) throws Exception;

    /** Connections opened by {@link #openFleet}. */
    interface Fleet {
        /** Disconnects and closes all, and releases what they shared. */
        void close() throws Exception;
    }
}
