package dev.tern.mqtt.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A raw-socket MQTT peer that writes hand-made packets and reads whole packets back, so the brokers can
 * be checked without any codec of ours. Every read has a socket timeout.
 */
final class RawMqtt implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** One packet read from the broker: the first byte of the fixed header and the rest after the length. */
    record Packet(int header, byte[] body) {

        int type() {
            return header >>> 4;
        }

        int u8(int index) {
            return body[index] & 0xFF;
        }

        int u16(int index) {
            return (u8(index) << 8) | u8(index + 1);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawMqtt connect(BrokerEndpoint broker) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress(broker.host(), broker.port()), (int) READ_TIMEOUT.toMillis());
        return new RawMqtt(socket);
    }

    void write(byte[] packet) throws IOException {
        out.write(packet);
        out.flush();
    }

    /** Reads one whole packet; fails with SocketTimeoutException after {@link #READ_TIMEOUT}. */
    Packet read() throws IOException {
        int header = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift == 21) {
                throw new IOException("remaining length longer than 4 bytes");
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header, body);
    }

    /** Whether the broker closed the connection (reads end of stream before the timeout). */
    boolean closedByBroker() throws IOException {
        return in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- hand-made packets (MQTT 3.1.1 section 3, MQTT 5.0 section 3) ----

    /** CONNECT with clean session/start, keep alive 60 s, no properties. Version byte 4 = 3.1.1, 5 = 5.0. */
    static byte[] connect(int version, String clientId) {
        Bytes body = new Bytes()
                .bytes(0x00, 0x04, 'M', 'Q', 'T', 'T')
                .bytes(version)
                .bytes(0x02) // connect flags: clean start
                .bytes(0x00, 0x3C); // keep alive 60
        if (version == 5) {
            body.bytes(0x00); // property length
        }
        body.string(clientId);
        return packet(0x10, body);
    }

    /** PUBLISH QoS 1, not retained. */
    static byte[] publishQos1(int version, String topic, int packetId, String payload) {
        Bytes body = new Bytes().string(topic).bytes(packetId >> 8, packetId & 0xFF);
        if (version == 5) {
            body.bytes(0x00);
        }
        body.raw(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x32, body);
    }

    /** SUBSCRIBE to one filter at QoS 1. */
    static byte[] subscribeQos1(int version, String filter, int packetId) {
        Bytes body = new Bytes().bytes(packetId >> 8, packetId & 0xFF);
        if (version == 5) {
            body.bytes(0x00);
        }
        body.string(filter).bytes(0x01);
        return packet(0x82, body);
    }

    /** PUBACK with success, in the short form both versions accept. */
    static byte[] pubAck(int packetId) {
        return packet(0x40, new Bytes().bytes(packetId >> 8, packetId & 0xFF));
    }

    /** DISCONNECT, normal: the two-byte form both versions accept. */
    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0x00};
    }

    /** The fixed-size MQTT 5 properties of a CONNACK, id to value; string and binary properties are skipped. */
    static Map<Integer, Long> connAckProperties(Packet connAck) {
        Map<Integer, Long> properties = new HashMap<>();
        int[] cursor = {2};
        int length = varInt(connAck.body(), cursor);
        int end = cursor[0] + length;
        int i = cursor[0];
        Set<Integer> oneByte = Set.of(0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A);
        Set<Integer> twoBytes = Set.of(0x13, 0x21, 0x22);
        Set<Integer> fourBytes = Set.of(0x11, 0x27);
        Set<Integer> utf8OrBinary = Set.of(0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F);
        while (i < end) {
            int id = connAck.u8(i++);
            if (oneByte.contains(id)) {
                properties.put(id, (long) connAck.u8(i));
                i += 1;
            } else if (twoBytes.contains(id)) {
                properties.put(id, (long) connAck.u16(i));
                i += 2;
            } else if (fourBytes.contains(id)) {
                properties.put(id, ((long) connAck.u16(i) << 16) | connAck.u16(i + 2));
                i += 4;
            } else if (utf8OrBinary.contains(id)) {
                i += 2 + connAck.u16(i);
            } else if (id == 0x26) { // user property: two strings
                i += 2 + connAck.u16(i);
                i += 2 + connAck.u16(i);
            } else {
                throw new IllegalArgumentException("unknown CONNACK property 0x" + Integer.toHexString(id));
            }
        }
        return properties;
    }

    private static int varInt(byte[] bytes, int[] cursor) {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int b = bytes[cursor[0]++] & 0xFF;
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("variable byte integer longer than 4 bytes");
    }

    private static byte[] packet(int header, Bytes body) {
        byte[] content = body.toByteArray();
        Bytes packet = new Bytes().bytes(header);
        int length = content.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            packet.bytes(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        return packet.raw(content).toByteArray();
    }

    /** A tiny byte writer for the packets above. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes bytes(int... values) {
            for (int value : values) {
                out.write(value);
            }
            return this;
        }

        Bytes raw(byte[] values) {
            out.writeBytes(values);
            return this;
        }

        Bytes string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return bytes(utf8.length >> 8, utf8.length & 0xFF).raw(utf8);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
