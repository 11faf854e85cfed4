package dev.tern.mqtt.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Paho3Driver} and {@link Paho5Driver} share: a new {@code MqttAsyncClient} per connection with in-memory
 * persistence, each blocking step waiting on Paho's token for up to {@link #WAIT_MILLIS}, the session kept by
 * reconnecting the same client object, and a fleet connected through one listener. Paho's 3.1.1 and 5.0 clients share
 * no type (same class names in two packages), so each subclass adapts its own client to the steps below; publishing
 * and subscribing, the measured paths, stay in the subclasses, written against their client directly.
 *
 * @param <C> the Paho client class
 */
abstract class PahoDriver<C> implements ClientDriver {

    /** How long a blocking step (connect, subscribe, disconnect) waits for Paho's token. */
    static final long WAIT_MILLIS = 30_000;

    /** The client of {@link #connect} or {@link #connectKeepingSession}. */
    C client;

    /** Starts connecting a client of a fleet; the outcome goes to the listener it was made with. */
    interface FleetConnect<T> {
        void start(T client) throws Exception;
    }

    /** A client of {@code serverUri} with in-memory persistence, not connected. */
    abstract C newClient(String serverUri, String clientId) throws Exception;

    /**
     * Connects and waits for the CONNACK: with a clean session, or with {@code keepSession} one the server keeps while
     * the client is away.
     */
    abstract void connectAndWait(C client, boolean keepSession) throws Exception;

    /** Disconnects normally and waits until done; the client can connect again. */
    abstract void disconnectAndWait(C client) throws Exception;

    /** Releases a disconnected client's resources. */
    abstract void close(C client) throws Exception;

    /** How a fleet starts connecting, with clean sessions, through one listener that reports to {@code done}. */
    abstract FleetConnect<C> fleetConnect(Completion done);

    private static String serverUri(String host, int port) {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public void connect(String host, int port, String clientId) throws Exception {
        client = newClient(serverUri(host, port), clientId);
        connectAndWait(client, false);
    }

    @Override
    public void disconnect() throws Exception {
        disconnectAndWait(client);
        close(client);
    }

    @Override
    public void connectKeepingSession(String host, int port, String clientId) throws Exception {
        client = newClient(serverUri(host, port), clientId);
        resume();
    }

    @Override
    public void goOffline() throws Exception {
        disconnectAndWait(client);
    }

    @Override
    public void resume() throws Exception {
        connectAndWait(client, true);
    }

    @Override
    public Fleet openFleet(String host, int port, int n, int parallel, String idPrefix) throws Exception {
        List<C> clients = new ArrayList<>(n);
        CallbackConnects connects = new CallbackConnects(n, parallel);
        FleetConnect<C> connect = fleetConnect(connects::finished);
        for (int i = 0; i < n; i++) {
            C c = newClient(serverUri(host, port), idPrefix + i);
            clients.add(c);
            connects.beforeConnect();
            connect.start(c);
        }
        connects.awaitAll();
        // Disconnecting one by one waits up to the disconnect timeout each (a second per client); the run is
        // measured by then and its JVM exits next, which closes every socket.
        return () -> {
        };
    }
}
