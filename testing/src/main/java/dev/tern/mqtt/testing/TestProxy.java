package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small proxy on 127.0.0.1 for tests, HTTP CONNECT ({@link #http}) or SOCKS5 ({@link #socks5}), optionally
 * requiring a user name and password. It opens a tunnel only to 127.0.0.1 and {@code localhost} and records the
 * destinations it was asked for. Blocking I/O, two threads per tunnel; close it after the test.
 *
 * <pre>{@code
 * try (TestProxy proxy = TestProxy.http("user", "secret")) {
 *     options.proxy(ProxyOptions.http("127.0.0.1", proxy.port()).withCredentials("user", "secret"));
 * }
 * }</pre>
 */
public abstract class TestProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> destinations = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    final String username;
    final String password;

    TestProxy(String username, String password) {
        this.username = username;
        this.password = password;
        try {
            server = new ServerSocket(0, 16, InetAddress.getByName(Loopback.HOST));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the test proxy", e);
        }
        Thread acceptor = new Thread(this::acceptLoop, getClass().getSimpleName() + "-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An HTTP CONNECT proxy; with a user name, it requires that basic authentication. */
    public static TestProxy http(String username, String password) {
        return new HttpConnectProxy(username, password);
    }

    /** A SOCKS5 proxy; with a user name, it requires that user name/password authentication (RFC 1929). */
    public static TestProxy socks5(String username, String password) {
        return new Socks5Proxy(username, password);
    }

    /** The proxy's port on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** The destinations of the tunnels opened, as {@code host:port}. */
    public List<String> destinations() {
        return List.copyOf(destinations);
    }

    /** How many clients were refused for missing or wrong credentials. */
    public int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "test-proxy-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            InetSocketAddress target = handshake(client.getInputStream(), client.getOutputStream());
            if (target == null) { // counted by refuse(), before the client could see the answer
                client.close();
                return;
            }
            if (!target.getHostString().equals("localhost") && !target.getHostString().equals(Loopback.HOST)) {
                client.close(); // tests only ever tunnel to this machine
                return;
            }
            Socket upstream = new Socket(Loopback.HOST, target.getPort());
            upstream.setTcpNoDelay(true);
            sockets.add(upstream);
            destinations.add(target.getHostString() + ":" + target.getPort());
            connected(client.getOutputStream());
            Thread up = new Thread(() -> pump(client, upstream), "test-proxy-up");
            up.setDaemon(true);
            up.start();
            pump(upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Reads the proxy request; returns the destination, or what {@link #refuse} returns to refuse. */
    abstract InetSocketAddress handshake(InputStream in, OutputStream out) throws IOException;

    /**
     * Counts a refusal and then sends its answer (none if empty); returns null for {@link #handshake} to return.
     * Counted first: a test asks for {@link #refused()} as soon as its client has seen the answer.
     */
    final InetSocketAddress refuse(OutputStream out, byte[] answer) throws IOException {
        refused.incrementAndGet();
        if (answer.length > 0) {
            out.write(answer);
            out.flush();
        }
        return null;
    }

    /** Tells the client that the tunnel is open. */
    abstract void connected(OutputStream out) throws IOException;

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: closing both ends the tunnel
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Stops accepting and closes every tunnel. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(TestProxy::closeQuietly);
    }
}
