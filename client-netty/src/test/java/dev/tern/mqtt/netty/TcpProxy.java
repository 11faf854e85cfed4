package dev.tern.mqtt.netty;

import dev.tern.mqtt.testing.BrokerEndpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a broker, for what a client API cannot do on its own: {@link #cut()} drops
 * every connection at once (a reset, as when a network fails, so the broker publishes the will), and
 * {@link #clientHellos()} shows the first bytes each client connection sent (its CONNECT, with the protocol level).
 * Blocking sockets, two daemon threads per connection: for a handful of connections in a test.
 */
final class TcpProxy implements AutoCloseable {

    private static final int HELLO_BYTES = 64;

    private final BrokerEndpoint target;
    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean swallowing;

    private TcpProxy(BrokerEndpoint target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "it-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that forwards every connection to {@code target}. */
    static TcpProxy to(BrokerEndpoint target) {
        try {
            return new TcpProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy", e);
        }
    }

    /** Where clients connect: {@code mqtt://127.0.0.1:<proxy port>}. */
    String uri() {
        return "mqtt://127.0.0.1:" + server.getLocalPort();
    }

    /** How many client connections the proxy accepted so far. */
    int connections() {
        return links.size();
    }

    /** The first bytes (up to 64) each accepted connection sent towards the broker, in accept order. */
    List<byte[]> clientHellos() {
        List<byte[]> hellos = new ArrayList<>();
        for (Link link : links) {
            synchronized (link.hello) {
                hellos.add(link.hello.toByteArray());
            }
        }
        return hellos;
    }

    /**
     * From now on the bytes clients send are read and dropped, as by a network that loses them: what a client has
     * in flight stays unacknowledged, while the broker's packets still reach the client.
     */
    void swallowClientBytes() {
        swallowing = true;
    }

    /** Resets every open connection on both sides at once, as a failed network would. */
    void cut() {
        for (Link link : links) {
            link.reset();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket();
                broker.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                Link link = new Link(this, client, broker);
                links.add(link);
                link.start(links.size());
            } catch (IOException e) {
                // the server socket was closed, or the broker refused: the client sees its connection end
            }
        }
    }

    /** One client connection and its connection to the broker. */
    private static final class Link {
        final TcpProxy proxy;
        final Socket client;
        final Socket broker;
        final ByteArrayOutputStream hello = new ByteArrayOutputStream();
        final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();

        Link(TcpProxy proxy, Socket client, Socket broker) {
            this.proxy = proxy;
            this.client = client;
            this.broker = broker;
        }

        void start(int number) {
            Thread up = new Thread(() -> pump(client, broker, true), "it-proxy-up-" + number);
            Thread down = new Thread(() -> pump(broker, client, false), "it-proxy-down-" + number);
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        /**
         * Copies one direction. At end of stream it passes the half-close on (FIN) and keeps the other direction
         * going, so a broker that says DISCONNECT and closes does not make the proxy reset a client that is still
         * writing; once both directions ended, or on an error, both sockets are closed.
         */
        void pump(Socket from, Socket to, boolean recordHello) {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (recordHello) {
                        synchronized (hello) {
                            hello.write(buffer, 0, Math.min(n, Math.max(0, HELLO_BYTES - hello.size())));
                        }
                    }
                    if (!(recordHello && proxy.swallowing)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                to.shutdownOutput();
                if (ended.incrementAndGet() < 2) {
                    return;
                }
            } catch (IOException e) {
                // one side went away: close both
            }
            closeQuietly(client);
            closeQuietly(broker);
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        void reset() {
            for (Socket s : new Socket[] {client, broker}) {
                try {
                    s.setSoLinger(true, 0); // close with RST, not FIN
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
