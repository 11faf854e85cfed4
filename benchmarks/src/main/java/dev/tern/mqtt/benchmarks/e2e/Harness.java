package dev.tern.mqtt.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end-to-end comparison (issue 6). Starts the sink and a Mosquitto on free loopback ports, then for each
 * scenario runs every client in a fresh JVM, interleaved round by round (A B C, B C A, C A B, ...), and prints a
 * table to stderr, one JSON line per scenario, client and target to stdout, the targets met or not, and a PNG chart.
 * Started by benchmarks/run.sh, which builds the class paths; see docs/benchmarks.md.
 *
 * <pre>
 * --quick            a tenth of the messages, fewer scenarios (see Scenario.plan), 3 rounds
 * --rounds=N         rounds (default 3 quick, 5 full)
 * --only=a,b         scenario names (qos0, qos1-w100, ..., connections) or name@target
 * --clients=a,b      clients (tern, tern-blocking, hivemq, paho3, paho5, raw)
 * --out=DIR          where logs, results.jsonl, summary.md and benchmarks.png go
 * --jvm-arg=ARG      one more argument for every child JVM (repeatable), for example to record JFR
 * --from-log=FILE    run nothing: rebuild summary, JSON and chart from the stderr of an earlier run
 * --broker-cpus=L    run Mosquitto and the sink on these CPUs only (taskset list, e.g. 1)
 * --client-cpus=L    run the client JVMs on these CPUs only (e.g. 0): with both, broker and client do not share a
 *                    core, so a scenario bound by the broker shows whether the client takes CPU from it
 * --tern-cp=CP --hivemq-cp=CP --mosquitto=PATH --java=PATH
 * </pre>
 */
public final class Harness {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final PrintStream table = System.err;
    /** scenario key -> client -> one map of figures per successful run */
    private final Map<String, Map<String, List<Map<String, Double>>>> results = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> failures = new LinkedHashMap<>();
    private Path out;
    private int sinkPort;
    private volatile Mosquitto mosquitto;
    /** The child JVM now running, stopped by the shutdown hook if the harness is interrupted. */
    private volatile Process current;

    public static void main(String[] args) throws Exception {
        Harness h = new Harness();
        for (String a : args) {
            if (a.startsWith("--jvm-arg=")) {
                h.jvmArgs.add(a.substring("--jvm-arg=".length()));
            } else if (a.equals("--quick")) {
                h.options.put("quick", "true");
            } else if (a.startsWith("--") && a.contains("=")) {
                h.options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        h.run();
    }

    private void run() throws Exception {
        boolean quick = options.containsKey("quick");
        int rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "3" : "5"));
        out = Path.of(options.getOrDefault("out", "benchmarks/target/e2e"));
        Files.createDirectories(out.resolve("logs"));
        List<Scenario> plan = filter(Scenario.plan(quick));
        if (options.containsKey("from-log")) {
            readLog(Path.of(options.get("from-log")), plan);
            report(plan);
            return;
        }
        Process sink = startSink();
        Thread cleanup = new Thread(() -> {
            Process child = current;
            if (child != null) {
                child.destroyForcibly();
            }
            sink.destroyForcibly();
            if (mosquitto != null) {
                mosquitto.close();
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            mosquitto = new Mosquitto(pinned("broker-cpus"),
                    options.getOrDefault("mosquitto", "/usr/sbin/mosquitto"), out.resolve("mosquitto"));
            table.printf("sink on 127.0.0.1:%d, mosquitto (pid %d) on 127.0.0.1:%d; %d scenarios x %d rounds%n",
                    sinkPort, mosquitto.pid(), mosquitto.port, plan.size(), rounds);
            if (options.containsKey("broker-cpus") || options.containsKey("client-cpus")) {
                table.printf("pinned: broker and sink on CPUs %s, clients on CPUs %s%n",
                        options.getOrDefault("broker-cpus", "any"), options.getOrDefault("client-cpus", "any"));
            }
            for (Scenario s : plan) {
                runScenario(s, rounds);
            }
        } finally {
            if (mosquitto != null) {
                mosquitto.close();
            }
            sink.getOutputStream().close();
            if (!sink.waitFor(5, TimeUnit.SECONDS)) {
                sink.destroyForcibly();
            }
        }
        report(plan);
    }

    private List<Scenario> filter(List<Scenario> plan) {
        List<String> only = list("only");
        List<String> clients = list("clients");
        List<Scenario> kept = new ArrayList<>();
        for (Scenario s : plan) {
            if (only != null && !only.contains(s.name()) && !only.contains(s.key())) {
                continue;
            }
            List<String> c = clients == null ? s.clients()
                    : s.clients().stream().filter(clients::contains).toList();
            kept.add(new Scenario(s.name(), s.target(), s.kind(), s.unit(), c, s.args()));
        }
        return kept;
    }

    private List<String> list(String option) {
        String v = options.get(option);
        return v == null ? null : Arrays.asList(v.split(","));
    }

    /**
     * The command prefix that confines a process to the CPUs of {@code option} ({@code taskset -c LIST}), or nothing
     * when the option is not given. Threads the process starts later inherit the affinity.
     */
    private List<String> pinned(String option) {
        String cpus = options.get(option);
        return cpus == null ? List.of() : List.of("taskset", "-c", cpus);
    }

    private Process startSink() throws IOException {
        List<String> cmd = new ArrayList<>(pinned("broker-cpus"));
        cmd.addAll(List.of(java(), "-Xmx256m", "-Dharness.child=true", "-cp", options.get("tern-cp"),
                SinkServer.class.getName()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(out.resolve("logs/sink.log").toFile()).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IOException("sink did not start: " + line);
        }
        sinkPort = Integer.parseInt(line.substring(5).trim());
        return p;
    }

    private String java() {
        return options.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void runScenario(Scenario s, int rounds) throws Exception {
        table.printf("%n== %s -> %s (%s)%n", s.name(), s.target(), String.join(" ", s.args()));
        List<String> clients = s.clients();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < clients.size(); i++) {
                String client = clients.get((i + round) % clients.size());
                Map<String, Double> r = runChild(s, client, round);
                if (r == null) {
                    failures.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).merge(client, 1, Integer::sum);
                } else {
                    results.computeIfAbsent(s.key(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(client, k -> new ArrayList<>()).add(r);
                }
            }
        }
    }

    private Map<String, Double> runChild(Scenario s, String client, int round) throws Exception {
        int port = s.target().equals("sink") ? sinkPort : mosquitto.port;
        List<String> cmd = new ArrayList<>(pinned("client-cpus"));
        cmd.addAll(List.of(java(), "-Xmx2g", "-Dharness.child=true"));
        cmd.addAll(jvmArgs.stream().map(a -> a.replace("{run}", s.name() + "-" + s.target() + "-" + client + "-r"
                + round)).toList());
        String cp = client.equals("hivemq") ? options.get("hivemq-cp") : options.get("tern-cp");
        cmd.addAll(List.of("-cp", cp, ClientRun.class.getName(), "client=" + client, "scenario=" + s.kind(),
                "host=127.0.0.1", "port=" + port));
        cmd.addAll(s.args());
        Path log = out.resolve("logs/" + s.name() + "-" + s.target() + "-" + client + "-r" + round + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        current = p;
        long timeout = Long.parseLong(options.getOrDefault("timeout", options.containsKey("quick") ? "120" : "600"));
        AtomicReference<String> resultLine = new AtomicReference<>();
        AtomicReference<Throwable> feederFailure = new AtomicReference<>();
        Thread feeder = null;
        long started = System.nanoTime();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                p.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals("READY")) { // receive: the warm-up messages, received live
                    int warmup = Integer.parseInt(s.arg("warmup"));
                    feeder = new Thread(() -> feed(warmup, feederFailure, null), "feeder");
                    feeder.start();
                } else if (line.equals("OFFLINE")) { // receive: the backlog, queued for the offline session
                    feeder.join();
                    int count = Integer.parseInt(s.arg("count"));
                    feeder = new Thread(() -> feed(count, feederFailure, p.getOutputStream()), "feeder");
                    feeder.start();
                } else if (line.startsWith("RESULT")) {
                    resultLine.set(line);
                }
            }
        }
        p.waitFor();
        p.getOutputStream().close();
        if (feeder != null) {
            feeder.join(TimeUnit.SECONDS.toMillis(60));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> figures = parse(resultLine.get());
        if (figures == null || p.exitValue() != 0 || feederFailure.get() != null) {
            table.printf("  %-14s round %d FAILED after %.1f s (exit %d%s), see %s%n", client, round + 1, seconds,
                    p.exitValue(), feederFailure.get() == null ? "" : ", feeder: " + feederFailure.get(), log);
            return null;
        }
        table.printf("  %-14s round %d  %s  (%.1f s)%n", client, round + 1, resultLine.get().substring(7), seconds);
        return figures;
    }

    /**
     * {@code --from-log=FILE}: takes the runs from the table an earlier run printed on stderr instead of running
     * anything, to redo the summary, JSON and chart (with the same --quick and filters as that run).
     */
    private void readLog(Path log, List<Scenario> plan) throws IOException {
        Map<String, Scenario> byHeader = new LinkedHashMap<>();
        for (Scenario s : plan) {
            byHeader.put("== " + s.name() + " -> " + s.target() + " ", s);
        }
        Scenario current = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("== ")) {
                current = byHeader.entrySet().stream().filter(e -> line.startsWith(e.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            } else if (current != null && line.startsWith("  ") && line.contains(" round ")) {
                String[] words = line.trim().split("\\s+");
                String client = words[0];
                Scenario s = current;
                if (line.contains("FAILED")) {
                    failures.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).merge(client, 1, Integer::sum);
                    continue;
                }
                StringBuilder result = new StringBuilder("RESULT");
                for (String w : words) {
                    if (w.contains("=")) {
                        result.append(' ').append(w);
                    }
                }
                results.computeIfAbsent(s.key(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(client, k -> new ArrayList<>()).add(parse(result.toString()));
            }
        }
    }

    /**
     * Publishes receive-scenario messages to Mosquitto through the raw client, 1,000 in flight, and when all are
     * acknowledged (so queued for every subscriber) writes {@code GO} to {@code child} if given.
     */
    private void feed(int total, AtomicReference<Throwable> failure, OutputStream child) {
        try (RawClient raw = new RawClient("127.0.0.1", mosquitto.port, "feeder-" + System.nanoTime())) {
            raw.send(raw.prepare(ClientRun.TOPIC, ClientRun.PAYLOAD, 1, total), 1000);
            if (child != null) {
                child.write("GO\n".getBytes(StandardCharsets.US_ASCII));
                child.flush();
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private static Map<String, Double> parse(String line) {
        if (line == null || line.contains("error=")) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (String kv : line.substring("RESULT".length()).trim().split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
        }
        return m;
    }

    // ---- reporting

    private void report(List<Scenario> plan) throws IOException {
        Report report = new Report(plan, results, failures);
        List<String> json = report.jsonLines();
        Files.write(out.resolve("results.jsonl"), json, StandardCharsets.UTF_8);
        String summary = report.markdown();
        Files.writeString(out.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        table.println();
        table.println(summary);
        for (String line : json) {
            System.out.println(line);
        }
        Chart.render(out.resolve("benchmarks.png"), report.panels());
        table.println("chart: " + out.resolve("benchmarks.png") + "; results: " + out.resolve("results.jsonl"));
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
