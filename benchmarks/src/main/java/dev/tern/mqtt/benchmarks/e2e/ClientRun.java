package dev.tern.mqtt.benchmarks.e2e;

import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One measured run in a fresh JVM, started by {@link Harness}: one client, one scenario, one target. Arguments are
 * {@code key=value} pairs; the last line on stdout is {@code RESULT key=value ...}. Warm-up runs on the same
 * connection before the measured phase and is not counted.
 *
 * <pre>
 * client=tern|tern-blocking|hivemq|paho3|paho5|raw  scenario=publish|latency|receive|connections
 * host= port= count= warmup= qos= window= parallel=
 * </pre>
 */
public final class ClientRun {

    static final String TOPIC = "bench/t";
    static final byte[] PAYLOAD = new byte[64];

    private final Map<String, String> args;
    private final Map<String, Object> result = new LinkedHashMap<>();

    private ClientRun(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        exitWhenStdinCloses();
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        ClientRun run = new ClientRun(args);
        try {
            run.run();
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("RESULT error=" + String.valueOf(t).replace(' ', '_').replace('\n', '_'));
            System.out.flush();
            System.exit(1);
        }
        StringBuilder line = new StringBuilder("RESULT");
        run.result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
        System.exit(0);
    }

    private String arg(String key) {
        String v = args.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }

    private int intArg(String key) {
        return Integer.parseInt(arg(key));
    }

    private void run() throws Exception {
        String client = arg("client");
        String scenario = arg("scenario");
        if (client.equals("raw")) {
            switch (scenario) {
                case "publish" -> rawPublish();
                case "latency" -> rawLatency();
                case "receive" -> receive(null);
                case "connections" -> connections(null);
                default -> throw new IllegalArgumentException(scenario);
            }
            return;
        }
        ClientDriver driver = driver(client);
        switch (scenario) {
            case "publish" -> publish(driver);
            case "latency" -> latency(driver);
            case "receive" -> receive(driver);
            case "connections" -> connections(driver);
            default -> throw new IllegalArgumentException(scenario);
        }
    }

    /** By name, so that a JVM loads only the client it measures (the HiveMQ one is not even on the Tern class path). */
    private static ClientDriver driver(String client) throws ReflectiveOperationException {
        String name = switch (client) {
            case "tern" -> "TernDriver";
            case "tern-blocking" -> "TernBlockingDriver";
            case "hivemq" -> "HiveMqDriver";
            case "paho3" -> "Paho3Driver";
            case "paho5" -> "Paho5Driver";
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
        return (ClientDriver) Class.forName(ClientRun.class.getPackageName() + "." + name)
                .getDeclaredConstructor().newInstance();
    }

    private static String clientId() {
        return "bench-" + ProcessHandle.current().pid();
    }

    // ---- publish throughput

    private void publish(ClientDriver driver) throws Exception {
        int qos = intArg("qos");
        int window = intArg("window");
        driver.connect(arg("host"), intArg("port"), clientId());
        long warmupEnd = System.nanoTime() + warmupNanos();
        do {
            publishMany(driver, qos, window, intArg("warmup"));
        } while (System.nanoTime() < warmupEnd);
        Meter meter = new Meter();
        int count = intArg("count");
        meter.start();
        publishMany(driver, qos, window, count);
        meter.stop();
        driver.disconnect();
        throughput(meter, count);
    }

    /**
     * Publishes {@code n} messages with at most {@code window} incomplete; returns when all are complete. After QoS 0
     * messages it publishes one QoS 1 message and waits for its PUBACK: the target has then read everything.
     */
    private static void publishMany(ClientDriver driver, int qos, int window, int n) throws Exception {
        Semaphore permits = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ClientDriver.Completion done = f -> {
            if (f != null) {
                failure.compareAndSet(null, f);
            }
            permits.release();
        };
        for (int i = 0; i < n; i++) {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no publish completed for 60 s");
            }
            driver.publish(TOPIC, PAYLOAD, qos, done);
        }
        if (!permits.tryAcquire(window, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("publishes still incomplete after 120 s");
        }
        if (qos == 0) {
            CountDownLatch acked = new CountDownLatch(1);
            driver.publish(TOPIC, PAYLOAD, 1, f -> {
                if (f != null) {
                    failure.compareAndSet(null, f);
                }
                acked.countDown();
            });
            if (!acked.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("final QoS 1 marker not acknowledged after 120 s");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a publish failed", failure.get());
        }
    }

    private void rawPublish() throws Exception {
        int qos = intArg("qos");
        int window = intArg("window");
        try (RawClient raw = new RawClient(arg("host"), intArg("port"), clientId())) {
            long warmupEnd = System.nanoTime() + warmupNanos();
            do {
                raw.send(raw.prepare(TOPIC, PAYLOAD, qos, intArg("warmup")), window);
            } while (System.nanoTime() < warmupEnd);
            int count = intArg("count");
            RawClient.Prepared measured = raw.prepare(TOPIC, PAYLOAD, qos, count);
            Meter meter = new Meter();
            meter.start();
            raw.send(measured, window);
            meter.stop();
            throughput(meter, count);
        }
    }

    /**
     * Warm-up repeats its batch of {@code warmup} messages until {@code warmup_s} seconds have passed: the JIT needs
     * time as well as iterations, and its compile threads' CPU would otherwise land in the measured phase.
     */
    private long warmupNanos() {
        return TimeUnit.MILLISECONDS.toNanos((long) (Double.parseDouble(args.getOrDefault("warmup_s", "0")) * 1000));
    }

    private void throughput(Meter meter, long messages) {
        result.put("msgs_per_s", Math.round(messages * 1e9 / meter.wallNanos));
        result.put("wall_ms", meter.wallNanos / 1_000_000);
        perMessage(meter, messages);
    }

    private void perMessage(Meter meter, long messages) {
        result.put("cpu_ns_per_msg", meter.cpuNanos / messages);
        result.put("alloc_bytes_per_msg", meter.allocatedBytes / messages);
    }

    // ---- round-trip latency

    /** One round trip; returns the nanoseconds from publishing to the message's return. */
    private interface RoundTrip {
        long run(int i) throws Exception;
    }

    /**
     * Warm-up round trips (at most {@code warmup}, and at most {@code max_s} seconds), then up to {@code count}
     * measured ones in at most {@code max_s} seconds: a client that leaves Nagle's algorithm on needs about 40 ms
     * for each.
     */
    private void latencyLoop(RoundTrip roundTrip) throws Exception {
        int warmup = intArg("warmup");
        int count = intArg("count");
        long limit = TimeUnit.SECONDS.toNanos(Long.parseLong(args.getOrDefault("max_s", "3600")));
        long deadline = System.nanoTime() + limit;
        for (int i = 0; i < warmup && System.nanoTime() < deadline; i++) {
            roundTrip.run(i);
        }
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        Meter meter = new Meter();
        meter.start();
        deadline = System.nanoTime() + limit;
        int samples = 0;
        while (samples < count && System.nanoTime() < deadline) {
            histogram.recordValue(roundTrip.run(warmup + samples));
            samples++;
        }
        meter.stop();
        result.put("samples", samples);
        result.put("p50_us", histogram.getValueAtPercentile(50) / 1000.0);
        result.put("p99_us", histogram.getValueAtPercentile(99) / 1000.0);
        result.put("p999_us", histogram.getValueAtPercentile(99.9) / 1000.0);
        result.put("max_us", histogram.getMaxValue() / 1000.0);
        perMessage(meter, samples);
    }

    private void latency(ClientDriver driver) throws Exception {
        Semaphore arrived = new Semaphore(0);
        Semaphore acked = new Semaphore(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        String topic = TOPIC + "/" + ProcessHandle.current().pid();
        driver.connect(arg("host"), intArg("port"), clientId());
        driver.subscribe(topic, 1, arrived::release);
        ClientDriver.Completion done = f -> {
            if (f != null) {
                failure.compareAndSet(null, f);
            }
            acked.release();
        };
        latencyLoop(i -> {
            long start = System.nanoTime();
            driver.publish(topic, PAYLOAD, 1, done);
            if (!arrived.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("message " + i + " did not come back in 30 s");
            }
            long elapsed = System.nanoTime() - start;
            if (!acked.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("publish " + i + " not acknowledged in 30 s");
            }
            return elapsed;
        });
        driver.disconnect();
        if (failure.get() != null) {
            throw new IllegalStateException("a publish failed", failure.get());
        }
    }

    private void rawLatency() throws Exception {
        String topic = TOPIC + "/" + ProcessHandle.current().pid();
        try (RawClient raw = new RawClient(arg("host"), intArg("port"), clientId())) {
            raw.subscribeInline(topic, 1);
            byte[] packet = Wire.publish(topic, PAYLOAD, 1, 0);
            int idOffset = packet.length - PAYLOAD.length - 3;
            byte[] scratch = new byte[256];
            latencyLoop(i -> raw.roundTrip(packet, idOffset, scratch));
        }
    }

    // ---- receive throughput

    /**
     * Measures how fast the client takes in a backlog, so that the client's own cost shows rather than the
     * publisher's. The client connects keeping its session, subscribes at QoS 1 and prints {@code READY}; the harness
     * publishes {@code warmup} messages, which the client receives live (warm-up). The client then goes offline and
     * prints {@code OFFLINE}; the harness publishes {@code count} more, which the broker queues for the session, and
     * writes {@code GO} on stdin. The clock runs from the reconnect to the last queued message received.
     */
    private void receive(ClientDriver driver) throws Exception {
        int warmup = intArg("warmup");
        int count = intArg("count");
        long last = (long) warmup + count;
        AtomicLong received = new AtomicLong();
        CountDownLatch warmedUp = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Runnable onMessage = () -> {
            long n = received.incrementAndGet();
            if (n == warmup) {
                warmedUp.countDown();
            }
            if (n == last) {
                finished.countDown();
            }
        };
        String host = arg("host");
        int port = intArg("port");
        RawClient raw = null;
        if (driver == null) {
            raw = new RawClient(host, port, clientId(), true);
            raw.subscribe(TOPIC, 1, onMessage);
        } else {
            driver.connectKeepingSession(host, port, clientId());
            driver.subscribe(TOPIC, 1, onMessage);
        }
        System.out.println("READY");
        System.out.flush();
        awaitWhileProgressing(warmedUp, received, warmup);
        if (raw != null) {
            raw.close();
        } else {
            driver.goOffline();
        }
        System.out.println("OFFLINE");
        System.out.flush();
        awaitStdinLine("GO", 600);
        Meter meter = new Meter();
        meter.start();
        if (raw != null) {
            raw = new RawClient(host, port, clientId(), true);
            raw.listen(onMessage);
        } else {
            driver.resume();
        }
        awaitWhileProgressing(finished, received, last);
        meter.stop();
        if (raw != null) {
            raw.close();
        } else {
            driver.disconnect();
        }
        throughput(meter, count);
    }

    /**
     * Waits for {@code done}, failing as soon as no message has arrived for 30 s (a client that stalls fails its run
     * in seconds, not after the harness's timeout).
     */
    private static void awaitWhileProgressing(CountDownLatch done, AtomicLong received, long expected)
            throws InterruptedException {
        long seen = -1;
        while (!done.await(30, TimeUnit.SECONDS)) {
            long now = received.get();
            if (now == seen) {
                throw new IllegalStateException("stalled: received " + now + " of " + expected
                        + ", nothing more for 30 s");
            }
            seen = now;
        }
    }

    // ---- many connections

    /** The connections scenario's warm-up fleets when the command line sets none. */
    private static final String CONNECTIONS_WARMUP_FLEETS = "5";
    /** More live threads than before the warm-up than this: its closed clients keep threads, no further fleet. */
    private static final int LEAKED_THREADS_LIMIT = 1000;

    private void connections(ClientDriver driver) throws Exception {
        int n = intArg("count");
        int parallel = intArg("parallel");
        String host = arg("host");
        int port = intArg("port");
        String prefix = "fleet-" + ProcessHandle.current().pid() + "-";
        int threadsBefore = Meter.liveThreads();
        // Warm-up, as in every scenario: fleets of their own, connected and closed before the clock starts, so that
        // the connect path is compiled (without any, JIT compilation was 35 to 45 % of the measured CPU; after one
        // fleet of 10,000 the JIT still took about 2 s of the 2 s measured for Tern and HiveMQ alike, after five
        // 0.6 to 1 s for Tern and 1.2 to 2.1 s for HiveMQ). warmup_fleets fleets (CONNECTIONS_WARMUP_FLEETS unless
        // given, the same for every client; a count, not a time, so that a loaded machine does not shorten the
        // warm-up), and no more once closed clients have left more than LEAKED_THREADS_LIMIT threads behind (Paho's
        // keep theirs: four per client, so five fleets would exceed the machine's process limit).
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "0"));
        if (warmup > 0) {
            int maxFleets = Integer.parseInt(args.getOrDefault("warmup_fleets", CONNECTIONS_WARMUP_FLEETS));
            int fleets = 0;
            do {
                if (driver == null) {
                    for (Socket s : RawClient.openMany(host, port, warmup, parallel, prefix + "warmup-")) {
                        s.close();
                    }
                } else {
                    driver.openFleet(host, port, warmup, parallel, prefix + "warmup-").close();
                }
                fleets++;
            } while (fleets < maxFleets && Meter.liveThreads() - threadsBefore < LEAKED_THREADS_LIMIT);
            result.put("warmup_fleets", fleets);
        }
        long heapBefore = heapAfterGc();
        // the JIT's time while measuring: how far from a steady state the warm-up left the run
        long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        Meter meter = new Meter();
        meter.start();
        ClientDriver.Fleet fleet;
        List<Socket> sockets = null;
        if (driver == null) {
            sockets = RawClient.openMany(host, port, n, parallel, prefix);
            fleet = null;
        } else {
            fleet = driver.openFleet(host, port, n, parallel, prefix);
        }
        meter.stop();
        long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
        long heapAfter = heapAfterGc();
        result.put("conn_per_s", Math.round(n * 1e9 / meter.wallNanos));
        result.put("connect_ms", meter.wallNanos / 1_000_000);
        result.put("heap_bytes_per_conn", (heapAfter - heapBefore) / n);
        result.put("threads", Meter.liveThreads());
        result.put("threads_before", threadsBefore);
        result.put("rss_mb", rssKb() / 1024);
        result.put("cpu_ns_per_msg", meter.cpuNanos / n);
        result.put("alloc_bytes_per_msg", meter.allocatedBytes / n);
        result.put("jit_ms", jitMillis);
        // hold_s=N keeps the fleet open for a look from outside (jmap -histo:live PID); never set by the harness
        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(args.getOrDefault("hold_s", "0"))));
        if (fleet != null) {
            fleet.close();
        } else {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Lines the harness wrote on stdin (only in a child of the harness). */
    private static final BlockingQueue<String> STDIN_LINES = new LinkedBlockingQueue<>();

    private static void awaitStdinLine(String expected, int seconds) throws InterruptedException {
        String line = STDIN_LINES.poll(seconds, TimeUnit.SECONDS);
        if (!expected.equals(line)) {
            throw new IllegalStateException("expected " + expected + " on stdin within " + seconds + " s, got " + line);
        }
    }

    /**
     * In a child of the harness ({@code -Dharness.child=true}): exits when stdin closes, so that a child never
     * outlives its parent, and queues the lines it reads for {@link #awaitStdinLine}. Run by hand, a process
     * ignores stdin.
     */
    static void exitWhenStdinCloses() {
        if (!Boolean.getBoolean("harness.child")) {
            return;
        }
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    STDIN_LINES.add(line);
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.exit(3);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
    }
}
