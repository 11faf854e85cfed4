package dev.tern.mqtt.benchmarks.e2e;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough MQTT 5.0 encoding and framing for the raw-socket baseline and the sink: hand-written packets, no
 * validation. Not a codec; never used by a client under test.
 */
final class Wire {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBACK = 9;

    private Wire() {
    }

    /**
     * Finds the packet that starts at {@code pos} in {@code buf[0..filled)}: its remaining length and where its body
     * starts, packed as {@code (bodyStart << 32) | length}; -1 if the packet is not all there yet.
     */
    static long frame(byte[] buf, int pos, int filled) {
        int p = pos + 1;
        int length = 0;
        int shift = 0;
        while (p < filled) {
            int b = buf[p++];
            length |= (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return p + length > filled ? -1 : ((long) p << 32) | length;
            }
        }
        return -1;
    }

    static byte[] connect(String clientId) {
        return connect(clientId, false);
    }

    /**
     * CONNECT, MQTT 5.0, keep alive 60 s. {@code keepSession}: clean start off and a session expiry of one hour, so
     * the server queues messages while the client is away; otherwise clean start and no properties.
     */
    static byte[] connect(String clientId, boolean keepSession) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variable = keepSession
                ? new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x00, 0, 60, 5, 0x11, 0, 0, 0x0E, 0x10}
                : new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0};
        return packet(0x10, concat(variable, string(id)));
    }

    static byte[] subscribe(int packetId, String topic, int qos) {
        byte[] head = {(byte) (packetId >> 8), (byte) packetId, 0};
        return packet(0x82, concat(concat(head, string(topic.getBytes(StandardCharsets.UTF_8))), new byte[] {(byte) qos}));
    }

    /** A PUBLISH without properties; {@code packetId} is ignored for QoS 0. */
    static byte[] publish(String topic, byte[] payload, int qos, int packetId) {
        byte[] t = string(topic.getBytes(StandardCharsets.UTF_8));
        byte[] id = qos == 0 ? new byte[0] : new byte[] {(byte) (packetId >> 8), (byte) packetId};
        return packet(0x30 | qos << 1, concat(concat(concat(t, id), new byte[] {0}), payload));
    }

    /** PUBACK, PUBREC, PUBREL (type 6 with flags 2) or PUBCOMP with success and no properties. */
    static void ack(byte[] into, int offset, int type, int packetId) {
        into[offset] = (byte) (type << 4 | (type == PUBREL ? 2 : 0));
        into[offset + 1] = 2;
        into[offset + 2] = (byte) (packetId >> 8);
        into[offset + 3] = (byte) packetId;
    }

    static byte[] packet(int firstByte, byte[] body) {
        int n = body.length;
        int lengthBytes = n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
        byte[] p = new byte[1 + lengthBytes + n];
        p[0] = (byte) firstByte;
        int i = 1;
        do {
            int digit = n % 128;
            n /= 128;
            p[i++] = (byte) (n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        System.arraycopy(body, 0, p, i, body.length);
        return p;
    }

    private static byte[] string(byte[] utf8) {
        byte[] s = new byte[2 + utf8.length];
        s[0] = (byte) (utf8.length >> 8);
        s[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, s, 2, utf8.length);
        return s;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * Reads one packet: returns its first byte and leaves the remaining length in {@code length[0]} and the body in
     * {@code body} (grown if needed and returned in {@code bodyHolder[0]}).
     */
    static int read(InputStream in, int[] length, byte[][] bodyHolder) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        int n = 0;
        int shift = 0;
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            n |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (bodyHolder[0].length < n) {
            bodyHolder[0] = new byte[Math.max(n, bodyHolder[0].length * 2)];
        }
        readFully(in, bodyHolder[0], n);
        length[0] = n;
        return first;
    }

    private static void readFully(InputStream in, byte[] into, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(into, off, n - off);
            if (r < 0) {
                throw new EOFException("connection closed");
            }
            off += r;
        }
    }

    static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 8 | b[offset + 1] & 0xFF;
    }
}
