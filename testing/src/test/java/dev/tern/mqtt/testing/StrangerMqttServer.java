package dev.tern.mqtt.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Someone else's MQTT server on a port of 127.0.0.1: it answers every CONNECT with CONNACK 0 (accepted), as any broker
 * would, and counts them. A fixture that only checks that its port answers MQTT cannot tell it from its own broker.
 */
final class StrangerMqttServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connects = new AtomicInteger();
    private final Thread acceptor;

    StrangerMqttServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName(Loopback.HOST));
        acceptor = new Thread(this::serve, "stranger-mqtt-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many CONNECTs it accepted. */
    int connects() {
        return connects.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(5_000);
                DataInputStream in = new DataInputStream(connection.getInputStream());
                if (in.readUnsignedByte() != 0x10) {
                    continue;
                }
                in.readFully(new byte[in.readUnsignedByte()]); // a probe's CONNECT is shorter than 128 bytes
                connection.getOutputStream().write(new byte[] {0x20, 2, 0, 0});
                connects.incrementAndGet();
                while (in.read() >= 0) {
                    // until the client closes: it may still send a DISCONNECT
                }
            } catch (IOException e) {
                // closed, or a client that went away: serve the next one
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        acceptor.join(10_000);
    }
}
