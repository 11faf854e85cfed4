package dev.tern.mqtt.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.RejectedExecutionException;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An MQTT broker inside this JVM, for {@code mqtt demo} and the tests: ActiveMQ Artemis with its MQTT protocol
 * module, listening on 127.0.0.1 on a free port, with nothing on disk (no persistence, no journal) and no
 * security, JMX or disk-usage checks. Starts in about a second, stops in a fraction of one.
 *
 * <p>Artemis rather than the HiveMQ CE embedded broker used by the other tests because it is about a sixth of the
 * size, which keeps {@code mqtt.jar} small.
 */
final class EmbeddedBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;

    static {
        ignoreArtemisStopRace();
    }

    private final EmbeddedActiveMQ server;
    private final int port;

    /**
     * Artemis's paging thread can hand a task to its own thread pool after {@code stop()} has shut that pool down; the
     * thread then dies of a {@link RejectedExecutionException}, which the JVM prints on stderr. Nothing is lost (the
     * broker is stopping and keeps nothing on disk), but {@code mqtt demo} must print only its own lines, so that one
     * exception from Artemis's threads is dropped; every other uncaught exception is reported as before.
     */
    private static void ignoreArtemisStopRace() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof RejectedExecutionException && thread.getName().contains("activemq")) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else { // what the JVM does without a default handler
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        });
    }

    private EmbeddedBroker(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a broker on a free port of 127.0.0.1.
     *
     * @throws IllegalStateException if it cannot start
     */
    static EmbeddedBroker start() {
        IllegalStateException last = null;
        // The port is free when chosen but may be taken before Artemis binds it: try again with another one.
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOn(freePort());
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts a broker on this port of 127.0.0.1, for example again where a stopped one was, so that its clients
     * find it when they reconnect.
     *
     * @throws IllegalStateException if it cannot start
     */
    static EmbeddedBroker startOn(int port) {
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration(port));
        try {
            server.start();
            return new EmbeddedBroker(server, port);
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("cannot start the embedded MQTT broker on port " + port + ": " + e, e);
        }
    }

    private static ConfigurationImpl configuration(int port) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("tern-embedded");
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setMaxDiskUsage(-1);           // never block producers because the disk is nearly full
        config.setGlobalMaxSize(64L << 20);   // a demo needs little memory; also silences a start-up notice
        try {
            config.addAcceptorConfiguration("mqtt", "tcp://" + HOST + ":" + port + "?protocols=MQTT");
        } catch (Exception e) {
            throw new IllegalStateException("invalid acceptor URI", e);
        }
        return config;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The address clients connect to. */
    String host() {
        return HOST;
    }

    /** The TCP port clients connect to. */
    int port() {
        return port;
    }

    /** The broker's address as {@code mqtt://127.0.0.1:port}. */
    URI uri() {
        return URI.create("mqtt://" + HOST + ":" + port);
    }

    /** Stops the broker and closes every connection to it. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(EmbeddedActiveMQ server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Nothing useful to do: the JVM is about to move on or exit.
        }
    }
}
