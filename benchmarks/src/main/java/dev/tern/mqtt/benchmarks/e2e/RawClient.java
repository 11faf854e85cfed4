package dev.tern.mqtt.benchmarks.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw-socket baseline: a blocking socket, packets encoded before the clock starts and written in writes of up
 * to 64 KB, acknowledgements read by one thread and answered in batches. No API, no futures, no per-message
 * objects: the limit for a JVM client on this machine. Also the publisher that feeds the receive scenario.
 */
final class RawClient implements AutoCloseable {

    private static final int MAX_WRITE = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile Thread waiter;
    private volatile Runnable onMessage = () -> { };
    private volatile Throwable readFailure;
    private Thread reader;
    private int nextId = 1;

    RawClient(String host, int port, String clientId) throws IOException {
        this(host, port, clientId, false);
    }

    /** {@code keepSession}: connect with a session the server keeps while this client is away (see {@link Wire#connect}). */
    RawClient(String host, int port, String clientId, boolean keepSession) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 30_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        out.write(Wire.connect(clientId, keepSession));
        out.flush();
        expect(Wire.CONNACK);
    }

    private void expect(int type) throws IOException {
        int[] length = new int[1];
        byte[][] body = {new byte[64]};
        int first = Wire.read(in, length, body);
        if (first >> 4 != type) {
            throw new IOException("expected packet type " + type + ", got " + (first >> 4));
        }
        if (type == Wire.CONNACK && body[0][1] != 0) {
            throw new IOException("connection refused: " + body[0][1]);
        }
    }

    /** The packets of one publish run, encoded ahead of time. */
    static final class Prepared {
        final byte[] stream;
        final int packetSize;
        final int count;
        final int qos;
        final byte[] marker;

        private Prepared(byte[] stream, int packetSize, int count, int qos, byte[] marker) {
            this.stream = stream;
            this.packetSize = packetSize;
            this.count = count;
            this.qos = qos;
            this.marker = marker;
        }
    }

    /** Encodes {@code count} PUBLISH packets (and, for QoS 0, a final QoS 1 marker whose PUBACK ends the run). */
    Prepared prepare(String topic, byte[] payload, int qos, int count) {
        int size = Wire.publish(topic, payload, qos, 1).length;
        byte[] stream = new byte[size * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(Wire.publish(topic, payload, qos, nextId()), 0, stream, i * size, size);
        }
        byte[] marker = qos == 0 ? Wire.publish(topic, payload, 1, nextId()) : null;
        return new Prepared(stream, size, count, qos, marker);
    }

    private int nextId() {
        int id = nextId;
        nextId = id == 65_535 ? 1 : id + 1;
        return id;
    }

    /**
     * Sends a prepared run with at most {@code window} packets unacknowledged (QoS 1 and 2), and returns when the
     * last is acknowledged (for QoS 0: when the marker is).
     */
    void send(Prepared run, int window) throws IOException {
        startReader();
        long base = acked.get();
        waiter = Thread.currentThread();
        int sent = 0;
        int perWrite = Math.max(1, MAX_WRITE / run.packetSize);
        while (sent < run.count) {
            int allowed = run.qos == 0 ? run.count - sent : (int) Math.min(run.count - sent,
                    acked.get() - base + window - sent);
            if (allowed <= 0) {
                awaitProgress();
                continue;
            }
            int n = Math.min(allowed, perWrite);
            synchronized (out) {
                out.write(run.stream, sent * run.packetSize, n * run.packetSize);
            }
            sent += n;
        }
        long target = run.count;
        if (run.marker != null) {
            synchronized (out) {
                out.write(run.marker);
            }
            target = 1;
        }
        while (acked.get() - base < target) {
            awaitProgress();
        }
        waiter = null;
    }

    private void awaitProgress() throws IOException {
        LockSupport.parkNanos(1_000_000);
        if (readFailure != null) {
            throw new IOException("reader failed", readFailure);
        }
    }

    /** Subscribes; {@code onMessage} runs on the reader thread for every PUBLISH received (acknowledged in batches). */
    void subscribe(String topic, int qos, Runnable onMessage) throws IOException {
        this.onMessage = onMessage;
        synchronized (out) {
            out.write(Wire.subscribe(nextId(), topic, qos));
        }
        expect(Wire.SUBACK);
        startReader();
    }

    /** Starts reading without subscribing: for a resumed session, whose messages follow the CONNACK. */
    void listen(Runnable onMessage) {
        this.onMessage = onMessage;
        startReader();
    }

    long received() {
        return received.get();
    }

    private void startReader() {
        if (reader != null) {
            return;
        }
        reader = new Thread(this::readLoop, "raw-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Reads whole chunks from the socket, handles every complete packet in a chunk, and answers them all in one
     * write: no per-byte stream calls and no {@code available()} (a system call on a socket) per packet.
     */
    private void readLoop() {
        byte[] buf = new byte[256 * 1024];
        byte[] acks = new byte[MAX_WRITE];
        int filled = 0;
        try {
            while (true) {
                int r = in.read(buf, filled, buf.length - filled);
                if (r < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                filled += r;
                int pos = 0;
                int pending = 0;
                while (true) {
                    long frame = Wire.frame(buf, pos, filled);
                    if (frame < 0) {
                        break;
                    }
                    int p = (int) (frame >>> 32);
                    int length = (int) frame;
                    if (pending + 4 > acks.length) {
                        synchronized (out) {
                            out.write(acks, 0, pending);
                        }
                        pending = 0;
                    }
                    int first = buf[pos] & 0xFF;
                    int type = first >> 4;
                    if (type == Wire.PUBACK || type == Wire.PUBCOMP) {
                        acked.incrementAndGet();
                    } else if (type == Wire.PUBREC) {
                        Wire.ack(acks, pending, Wire.PUBREL, Wire.u16(buf, p));
                        pending += 4;
                    } else if (type == Wire.PUBLISH) {
                        int qos = first >> 1 & 3;
                        if (qos > 0) {
                            int id = Wire.u16(buf, p + 2 + Wire.u16(buf, p));
                            Wire.ack(acks, pending, qos == 1 ? Wire.PUBACK : Wire.PUBREC, id);
                            pending += 4;
                        }
                        received.incrementAndGet();
                        onMessage.run();
                    } else if (type == Wire.PUBREL) {
                        Wire.ack(acks, pending, Wire.PUBCOMP, Wire.u16(buf, p));
                        pending += 4;
                    }
                    pos = p + length;
                }
                if (pending > 0) {
                    synchronized (out) {
                        out.write(acks, 0, pending);
                    }
                }
                System.arraycopy(buf, pos, buf, 0, filled - pos);
                filled -= pos;
                if (filled == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed()) {
                readFailure = e;
            }
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /**
     * One QoS 1 round trip on the calling thread, with no reader thread: publishes to a topic this connection
     * subscribed to and returns the nanoseconds until the message came back; then acknowledges it and waits for the
     * publish's own PUBACK.
     */
    long roundTrip(byte[] publishWithoutId, int idOffset, byte[] ackBuffer) throws IOException {
        if (reader != null) {
            throw new IllegalStateException("round trips read on the calling thread");
        }
        int id = nextId();
        publishWithoutId[idOffset] = (byte) (id >> 8);
        publishWithoutId[idOffset + 1] = (byte) id;
        long start = System.nanoTime();
        out.write(publishWithoutId);
        long elapsed = -1;
        boolean ackSeen = false;
        int[] length = new int[1];
        byte[][] body = {ackBuffer};
        while (elapsed < 0 || !ackSeen) {
            int first = Wire.read(in, length, body);
            int type = first >> 4;
            if (type == Wire.PUBLISH) {
                elapsed = System.nanoTime() - start;
                int topicLength = Wire.u16(body[0], 0);
                byte[] ack = new byte[4];
                Wire.ack(ack, 0, Wire.PUBACK, Wire.u16(body[0], 2 + topicLength));
                out.write(ack);
            } else if (type == Wire.PUBACK) {
                ackSeen = true;
            }
        }
        return elapsed;
    }

    /** Subscribes without starting the reader thread, for {@link #roundTrip}. */
    void subscribeInline(String topic, int qos) throws IOException {
        out.write(Wire.subscribe(nextId(), topic, qos));
        expect(Wire.SUBACK);
    }

    @Override
    public void close() throws IOException {
        try {
            synchronized (out) {
                out.write(new byte[] {(byte) 0xE0, 0});
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }

    /** Opens {@code n} raw connections, {@code parallel} handshakes at a time. */
    static List<Socket> openMany(String host, int port, int n, int parallel, String idPrefix) throws IOException {
        List<Socket> sockets = new ArrayList<>(n);
        int[] length = new int[1];
        byte[][] body = {new byte[64]};
        for (int start = 0; start < n; start += parallel) {
            int end = Math.min(n, start + parallel);
            for (int i = start; i < end; i++) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 30_000);
                s.getOutputStream().write(Wire.connect(idPrefix + i));
                sockets.add(s);
            }
            for (int i = start; i < end; i++) {
                int first = Wire.read(sockets.get(i).getInputStream(), length, body);
                if (first >> 4 != Wire.CONNACK || body[0][1] != 0) {
                    throw new IOException("connection " + i + " refused");
                }
            }
        }
        return sockets;
    }
}
