package dev.tern.mqtt.reactive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 in front of a broker that can cut every connection (RST) and refuse new ones for a while
 * (it accepts and resets them at once, so a reconnecting client keeps failing until {@link #refuse(boolean)} is
 * turned off). The minimal idea of client-netty's FaultProxy, for the reactive tests; plain blocking sockets, two
 * daemon threads per connection. Thread-safe.
 */
final class CutProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new ArrayList<>(); // guarded by itself
    private volatile boolean refusing;
    private volatile int accepted;

    private CutProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        daemon("cut-proxy-accept", this::acceptLoop);
    }

    static CutProxy start(String host, int port) {
        try {
            return new CutProxy(host, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
    }

    /** The URI clients connect to instead of the broker's. */
    String uri() {
        return "mqtt://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted and forwarded so far. */
    int accepted() {
        return accepted;
    }

    /** While on, new connections are reset at once instead of forwarded. */
    void refuse(boolean on) {
        refusing = on;
    }

    /** Resets every forwarded connection now: both the client and the broker see the connection reset. */
    void cutAll() {
        synchronized (open) {
            for (Socket s : open) {
                reset(s);
            }
            open.clear();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket broker = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                synchronized (open) {
                    open.add(client);
                    open.add(broker);
                }
                accepted++;
                daemon("cut-proxy-up", () -> pump(client, broker));
                daemon("cut-proxy-down", () -> pump(broker, client));
            } catch (IOException e) {
                // closed, or the broker is not there: the client sees its connection fail
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut or closed
        }
        reset(to);
        reset(from);
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        cutAll();
    }
}
