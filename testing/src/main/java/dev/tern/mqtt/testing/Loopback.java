package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Free ports and port polling on 127.0.0.1. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port right now. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls until the port accepts connections, {@code stillTrying} turns false, or the timeout passes.
     *
     * @return whether the port accepts connections
     */
    static boolean awaitAccepting(int port, Duration timeout, BooleanSupplier stillTrying) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (accepts(port)) {
                return true;
            }
            if (!stillTrying.getAsBoolean()) {
                return false;
            }
            Thread.sleep(20); // poll interval, not a wait for readiness
        }
        return accepts(port);
    }
}
