package dev.tern.mqtt.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for a broker, for failures a real broker will not produce on demand: it accepts connections
 * on 127.0.0.1, reads the CONNECT, and then either answers with a CONNACK carrying a chosen reason code, or stays
 * silent; or it accepts the first connection (answering a SUBSCRIBE with a SUBACK and one message), and refuses the
 * later ones, for a reconnect the broker refuses. Only what the CLI's exit codes need, nothing more.
 */
final class FakeBroker implements AutoCloseable {

    private final ServerSocket server;
    private final Integer connAckReasonCode;  // null: never answer
    private final boolean accept311;          // accept MQTT 3.1.1 whatever connAckReasonCode says
    private final boolean acceptFirst;        // accept the first MQTT 5 connection, refuse the later ones
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger publishes = new AtomicInteger();
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    private FakeBroker(Integer connAckReasonCode, boolean accept311, boolean acceptFirst) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.connAckReasonCode = connAckReasonCode;
        this.accept311 = accept311;
        this.acceptFirst = acceptFirst;
        this.acceptor = new Thread(this::acceptLoop, "fake-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A broker that refuses every CONNECT with this MQTT 5 reason code (or the 3.1.1 return code 5 for 0x87). */
    static FakeBroker refusing(int reasonCode) throws IOException {
        return new FakeBroker(reasonCode, false, false);
    }

    /**
     * A broker that accepts the first MQTT 5 CONNECT, answers its SUBSCRIBE with SUBACK (granted QoS 0) and then one
     * QoS 0 message "hello" on the first filter, reads PUBLISH packets without answering (enough for QoS 0), and
     * refuses every later CONNECT with this reason code. {@link #cutAll()} ends the accepted connection.
     */
    static FakeBroker acceptingOnceThenRefusing(int reasonCode) throws IOException {
        return new FakeBroker(reasonCode, false, true);
    }

    /**
     * A broker of the MQTT 3.1.1 era: an MQTT 5 CONNECT gets CONNACK 0x84 (unsupported protocol version), a 3.1.1
     * CONNECT is accepted, and whatever follows is read and ignored (enough for QoS 0 publishing).
     */
    static FakeBroker mqtt311Only() throws IOException {
        return new FakeBroker(0x84, true, false);
    }

    /** A broker that accepts the TCP connection and never answers. */
    static FakeBroker silent() throws IOException {
        return new FakeBroker(null, false, false);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many CONNECT packets arrived. */
    int connects() {
        return connects.get();
    }

    /** How many PUBLISH packets arrived. */
    int publishes() {
        return publishes.get();
    }

    /** Closes every accepted connection (the client sees the connection lost); new ones are still accepted. */
    void cutAll() throws IOException {
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                synchronized (accepted) {
                    accepted.add(socket);
                }
                if (connAckReasonCode != null) {
                    Thread reader = new Thread(() -> answer(socket), "fake-broker-connection");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    private void answer(Socket socket) {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readUnsignedByte();                         // CONNECT
            byte[] body = new byte[remainingLength(in)];
            in.readFully(body);
            int protocolLevel = body[6];                   // after the 2-byte length and "MQTT"
            if (connects.incrementAndGet() == 1 && acceptFirst && protocolLevel == 5) {
                socket.getOutputStream().write(new byte[] {0x20, 3, 0, 0, 0});
                serve(in, socket);
                return;
            }
            byte[] connack = protocolLevel == 5
                    ? new byte[] {0x20, 3, 0, (byte) (int) connAckReasonCode, 0}
                    : new byte[] {0x20, 2, 0, (byte) (accept311 ? 0 : 5)};  // 3.1.1: accepted or not authorized
            socket.getOutputStream().write(connack);
            socket.getOutputStream().flush();
            while (in.read() >= 0) {
                // ignore what follows until the client closes
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    /** The accepted connection: SUBACK and "hello" for a SUBSCRIBE, PUBLISH counted, the rest ignored. */
    private void serve(DataInputStream in, Socket socket) throws IOException {
        while (true) {
            int type = in.readUnsignedByte() >> 4;
            byte[] body = new byte[remainingLength(in)];
            in.readFully(body);
            if (type == 3) {
                publishes.incrementAndGet();
            } else if (type == 8) {
                // packet id, properties (length 0 from the CLI), then the first filter's 2-byte length and text
                int length = ((body[3] & 0xFF) << 8) | (body[4] & 0xFF);
                byte[] filter = java.util.Arrays.copyOfRange(body, 5, 5 + length);
                byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
                reply.write(new byte[] {(byte) 0x90, 4, body[0], body[1], 0, 0});
                reply.write(0x30);
                reply.write(2 + filter.length + 1 + hello.length);
                reply.write(length >> 8);
                reply.write(length);
                reply.write(filter);
                reply.write(0);
                reply.write(hello);
                socket.getOutputStream().write(reply.toByteArray());
                socket.getOutputStream().flush();
            }
        }
    }

    private static int remainingLength(InputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.read();
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
