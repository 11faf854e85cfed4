package dev.tern.mqtt.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The cheapest server that keeps an MQTT client going: answers CONNECT with CONNACK (3.1.1 or 5.0, as asked),
 * PUBLISH QoS 1 with PUBACK, QoS 2 with PUBREC, PUBREL with PUBCOMP, SUBSCRIBE with a SUBACK granting what was
 * asked, PINGREQ with PINGRESP, and drops everything else. One thread and one 64 KB buffer per connection; all
 * answers to one read go out in one write. It never routes messages, so a client's own cost shows.
 *
 * <p>Listens on 127.0.0.1 (port 0 = any free one), prints {@code PORT n}, and exits when its stdin closes.
 */
public final class SinkServer {

    private SinkServer() {
    }

    public static void main(String[] args) throws IOException {
        ClientRun.exitWhenStdinCloses();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
            System.out.println("PORT " + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "sink-" + s.getPort());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(Socket socket) {
        byte[] in = new byte[64 * 1024];
        byte[] out = new byte[64 * 1024];
        int filled = 0;
        int version = 4;
        try (socket; InputStream input = socket.getInputStream(); OutputStream output = socket.getOutputStream()) {
            while (true) {
                int r = input.read(in, filled, in.length - filled);
                if (r < 0) {
                    return;
                }
                filled += r;
                int pos = 0;
                int written = 0;
                while (true) {
                    long frame = Wire.frame(in, pos, filled);
                    if (frame < 0) {
                        break;
                    }
                    int p = (int) (frame >>> 32);
                    int length = (int) frame;
                    if (written + 64 > out.length) {
                        output.write(out, 0, written);
                        written = 0;
                    }
                    int first = in[pos] & 0xFF;
                    switch (first >> 4) {
                        case 1 -> { // CONNECT: protocol level after the protocol name
                            version = in[p + 2 + Wire.u16(in, p)] & 0xFF;
                            out[written++] = 0x20;
                            out[written++] = (byte) (version == 5 ? 3 : 2);
                            out[written++] = 0;
                            out[written++] = 0;
                            if (version == 5) {
                                out[written++] = 0;
                            }
                        }
                        case 3 -> { // PUBLISH
                            int qos = first >> 1 & 3;
                            if (qos > 0) {
                                int id = Wire.u16(in, p + 2 + Wire.u16(in, p));
                                Wire.ack(out, written, qos == 1 ? Wire.PUBACK : Wire.PUBREC, id);
                                written += 4;
                            }
                        }
                        case 6 -> { // PUBREL
                            Wire.ack(out, written, Wire.PUBCOMP, Wire.u16(in, p));
                            written += 4;
                        }
                        case 8 -> written = subAck(in, p, length, version, out, written, output);
                        case 12 -> { // PINGREQ
                            out[written++] = (byte) 0xD0;
                            out[written++] = 0;
                        }
                        case 14 -> { // DISCONNECT
                            output.write(out, 0, written);
                            return;
                        }
                        default -> { // dropped
                        }
                    }
                    pos = p + length;
                }
                if (written > 0) {
                    output.write(out, 0, written);
                }
                // keep the incomplete packet's bytes at the start of the buffer
                System.arraycopy(in, pos, in, 0, filled - pos);
                filled -= pos;
                if (filled == in.length) {
                    in = java.util.Arrays.copyOf(in, in.length * 2);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static int subAck(byte[] in, int p, int length, int version, byte[] out, int written, OutputStream output)
            throws IOException {
        int end = p + length;
        int id = Wire.u16(in, p);
        int q = p + 2;
        if (version == 5) { // skip the properties: a variable byte integer length, then that many bytes
            int propertiesLength = 0;
            int shift = 0;
            int b;
            do {
                b = in[q++];
                propertiesLength |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            q += propertiesLength;
        }
        byte[] granted = new byte[length];
        int filters = 0;
        while (q < end) {
            q += 2 + Wire.u16(in, q);
            granted[filters++] = (byte) (in[q++] & 3);
        }
        byte[] body = new byte[2 + (version == 5 ? 1 : 0) + filters];
        body[0] = (byte) (id >> 8);
        body[1] = (byte) id;
        System.arraycopy(granted, 0, body, version == 5 ? 3 : 2, filters);
        byte[] packet = Wire.packet(0x90, body);
        if (written + packet.length > out.length) {
            output.write(out, 0, written);
            written = 0;
        }
        System.arraycopy(packet, 0, out, written, packet.length);
        return written + packet.length;
    }
}
