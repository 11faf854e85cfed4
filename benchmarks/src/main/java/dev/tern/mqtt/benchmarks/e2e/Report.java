package dev.tern.mqtt.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Medians and ranges over the rounds, the JSON lines, the Markdown summary with the targets, the chart's panels. */
final class Report {

    private final List<Scenario> plan;
    private final Map<String, Map<String, List<Map<String, Double>>>> results;
    private final Map<String, Map<String, Integer>> failures;

    Report(List<Scenario> plan, Map<String, Map<String, List<Map<String, Double>>>> results,
            Map<String, Map<String, Integer>> failures) {
        this.plan = plan;
        this.results = results;
        this.failures = failures;
    }

    /** The headline figure of a scenario kind: higher is better except for latency. */
    private static String mainMetric(Scenario s) {
        return switch (s.kind()) {
            case "latency" -> "p50_us";
            case "connections" -> "conn_per_s";
            default -> "msgs_per_s";
        };
    }

    private List<Map<String, Double>> runs(Scenario s, String client) {
        return results.getOrDefault(s.key(), Map.of()).getOrDefault(client, List.of());
    }

    /** {median, min, max} of one figure over the successful runs, NaN if there are none. */
    double[] stats(Scenario s, String client, String metric) {
        double[] v = runs(s, client).stream().filter(m -> m.containsKey(metric))
                .mapToDouble(m -> m.get(metric)).sorted().toArray();
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new double[] {median, v[0], v[v.length - 1]};
    }

    double median(String scenario, String target, String client, String metric) {
        for (Scenario s : plan) {
            if (s.name().equals(scenario) && s.target().equals(target)) {
                return stats(s, client, metric)[0];
            }
        }
        return Double.NaN;
    }

    List<String> jsonLines() {
        List<String> lines = new ArrayList<>();
        for (Scenario s : plan) {
            String metric = mainMetric(s);
            double hive = stats(s, "hivemq", metric)[0];
            double hiveCpu = stats(s, "hivemq", "cpu_ns_per_msg")[0];
            for (String client : s.clients()) {
                double[] m = stats(s, client, metric);
                StringBuilder j = new StringBuilder("{");
                field(j, "scenario", s.name());
                field(j, "client", client);
                field(j, "target", s.target());
                field(j, "median", m[0]);
                field(j, "min", m[1]);
                field(j, "max", m[2]);
                field(j, "unit", s.unit());
                field(j, "cpu_ns_per_msg", stats(s, client, "cpu_ns_per_msg")[0]);
                field(j, "alloc_bytes_per_msg", stats(s, client, "alloc_bytes_per_msg")[0]);
                field(j, "ratio_to_hivemq", m[0] / hive);
                field(j, "cpu_ratio_to_hivemq", stats(s, client, "cpu_ns_per_msg")[0] / hiveCpu);
                field(j, "runs", runs(s, client).size());
                field(j, "failed_runs", failures.getOrDefault(s.key(), Map.of()).getOrDefault(client, 0));
                List<String> extra = switch (s.kind()) {
                    case "latency" -> List.of("p99_us", "p999_us", "max_us");
                    case "connections" -> List.of("heap_bytes_per_conn", "threads", "rss_mb", "connect_ms");
                    default -> List.of();
                };
                for (String e : extra) {
                    double[] x = stats(s, client, e);
                    j.append('"').append(e).append("\":{\"median\":").append(num(x[0])).append(",\"min\":")
                            .append(num(x[1])).append(",\"max\":").append(num(x[2])).append("},");
                }
                j.setLength(j.length() - 1);
                lines.add(j.append('}').toString());
            }
        }
        return lines;
    }

    private static void field(StringBuilder j, String k, String v) {
        j.append('"').append(k).append("\":\"").append(v).append("\",");
    }

    private static void field(StringBuilder j, String k, double v) {
        j.append('"').append(k).append("\":").append(num(v)).append(',');
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        for (Scenario s : plan) {
            md.append("\n**").append(s.name()).append(" → ").append(s.target()).append("** (")
                    .append(String.join(", ", s.args())).append(")\n\n");
            switch (s.kind()) {
                case "latency" -> {
                    md.append("| client | p50 µs (min–max) | p99 µs (min–max) | p99.9 µs (min–max) | CPU ns/msg | alloc B/msg | runs |\n");
                    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
                    for (String c : s.clients()) {
                        md.append("| ").append(c).append(" | ").append(range(s, c, "p50_us")).append(" | ")
                                .append(range(s, c, "p99_us")).append(" | ").append(range(s, c, "p999_us"))
                                .append(" | ").append(f(stats(s, c, "cpu_ns_per_msg")[0])).append(" | ")
                                .append(f(stats(s, c, "alloc_bytes_per_msg")[0])).append(" | ").append(runsText(s, c))
                                .append(" |\n");
                    }
                }
                case "connections" -> {
                    md.append("| client | conn/s (min–max) | × HiveMQ | heap B/conn | threads (before) | RSS MB | CPU µs/conn | runs |\n");
                    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
                    double hive = stats(s, "hivemq", "conn_per_s")[0];
                    for (String c : s.clients()) {
                        md.append("| ").append(c).append(" | ").append(range(s, c, "conn_per_s")).append(" | ")
                                .append(ratio(stats(s, c, "conn_per_s")[0] / hive)).append(" | ")
                                .append(f(stats(s, c, "heap_bytes_per_conn")[0])).append(" | ")
                                .append(f(stats(s, c, "threads")[0])).append(" (")
                                .append(f(stats(s, c, "threads_before")[0])).append(") | ")
                                .append(f(stats(s, c, "rss_mb")[0])).append(" | ")
                                .append(f(stats(s, c, "cpu_ns_per_msg")[0] / 1000)).append(" | ")
                                .append(runsText(s, c)).append(" |\n");
                    }
                }
                default -> {
                    md.append("| client | msg/s (min–max) | × HiveMQ | CPU ns/msg | CPU × HiveMQ | alloc B/msg | runs |\n");
                    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
                    double hive = stats(s, "hivemq", "msgs_per_s")[0];
                    double hiveCpu = stats(s, "hivemq", "cpu_ns_per_msg")[0];
                    for (String c : s.clients()) {
                        double cpu = stats(s, c, "cpu_ns_per_msg")[0];
                        md.append("| ").append(c).append(" | ").append(range(s, c, "msgs_per_s")).append(" | ")
                                .append(ratio(stats(s, c, "msgs_per_s")[0] / hive)).append(" | ").append(f(cpu))
                                .append(" | ").append(ratio(cpu / hiveCpu)).append(" | ")
                                .append(f(stats(s, c, "alloc_bytes_per_msg")[0])).append(" | ").append(runsText(s, c))
                                .append(" |\n");
                    }
                }
            }
        }
        md.append("\n**Targets (issue 6), Tern async unless stated**\n\n| target | measured | met? |\n|---|---|---|\n");
        for (String[] t : targets()) {
            md.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
        }
        return md.toString();
    }

    private List<String[]> targets() {
        List<String[]> t = new ArrayList<>();
        for (String sc : List.of("qos0", "qos1-w1000", "qos2-w100")) {
            double r = median(sc, "sink", "tern", "msgs_per_s") / median(sc, "sink", "hivemq", "msgs_per_s");
            t.add(target(sc + " → sink: throughput ≥ 4× HiveMQ", ratio(r), r >= 4));
            double c = median(sc, "sink", "tern", "cpu_ns_per_msg") / median(sc, "sink", "hivemq", "cpu_ns_per_msg");
            t.add(target(sc + " → sink: CPU/msg ≤ 0.25× HiveMQ", ratio(c), c <= 0.25));
        }
        double raw = median("qos0", "mosquitto", "tern", "msgs_per_s") / median("qos0", "mosquitto", "raw", "msgs_per_s");
        t.add(target("qos0 → mosquitto: ≥ 0.95× raw socket", ratio(raw), raw >= 0.95));
        double p50 = median("latency-qos1", "mosquitto", "tern", "p50_us")
                / median("latency-qos1", "mosquitto", "raw", "p50_us");
        t.add(target("latency p50 ≤ 1.3× raw socket", ratio(p50), p50 <= 1.3));
        double p99 = median("latency-qos1", "mosquitto", "tern", "p99_us")
                / median("latency-qos1", "mosquitto", "hivemq", "p99_us");
        t.add(target("latency p99 ≤ 0.6× HiveMQ", ratio(p99), p99 <= 0.6));
        double heap = median("connections", "mosquitto", "tern", "heap_bytes_per_conn");
        t.add(target("connections: heap ≤ 1.5 KB/conn", f(heap) + " B", heap <= 1536));
        double threads = median("connections", "mosquitto", "tern", "threads")
                - median("connections", "mosquitto", "tern", "threads_before");
        t.add(target("connections: fixed number of threads", "+" + f(threads) + " threads for the fleet",
                threads <= 2 * Runtime.getRuntime().availableProcessors() + 8));
        double conn = median("connections", "mosquitto", "tern", "conn_per_s")
                / median("connections", "mosquitto", "hivemq", "conn_per_s");
        t.add(target("connections: connect ≥ 1.5× as fast as HiveMQ", ratio(conn), conn >= 1.5));
        double recv = median("receive-qos1", "mosquitto", "tern", "msgs_per_s")
                / median("receive-qos1", "mosquitto", "hivemq", "msgs_per_s");
        t.add(target("receive: ≥ 2× HiveMQ", ratio(recv), recv >= 2));
        return t;
    }

    private static String[] target(String what, String measured, boolean met) {
        boolean unknown = measured.startsWith("-") || measured.contains("NaN") || measured.startsWith("+-");
        return new String[] {what, measured, unknown ? "not measured" : met ? "**met**" : "not met"};
    }

    private String range(Scenario s, String c, String metric) {
        double[] v = stats(s, c, metric);
        if (Double.isNaN(v[0])) {
            return "–";
        }
        return f(v[0]) + " (" + f(v[1]) + "–" + f(v[2]) + ")";
    }

    private String runsText(Scenario s, String c) {
        int failed = failures.getOrDefault(s.key(), Map.of()).getOrDefault(c, 0);
        return runs(s, c).size() + (failed > 0 ? " (+" + failed + " failed)" : "");
    }

    private static String f(double v) {
        return Harness.format(v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.2f×", v);
    }

    /** Throughput per scenario, latency percentiles, connections: one panel each. */
    List<Chart.Panel> panels() {
        List<Chart.Panel> panels = new ArrayList<>();
        for (Scenario s : plan) {
            String title = s.name() + " → " + s.target();
            switch (s.kind()) {
                case "latency" -> {
                    Map<String, double[][]> groups = new LinkedHashMap<>();
                    for (String c : s.clients()) {
                        groups.put(c, new double[][] {stats(s, c, "p50_us"), stats(s, c, "p99_us"),
                                stats(s, c, "p999_us")});
                    }
                    panels.add(new Chart.Panel(title + ": round trip, µs (lower is better)",
                            List.of("p50", "p99", "p99.9"), groups));
                }
                case "connections" -> {
                    Map<String, double[][]> groups = new LinkedHashMap<>();
                    for (String c : s.clients()) {
                        groups.put(c, new double[][] {stats(s, c, "conn_per_s")});
                    }
                    panels.add(new Chart.Panel(title + " (" + s.arg("count") + "): connections/s", List.of("conn/s"),
                            groups));
                }
                default -> {
                    Map<String, double[][]> groups = new LinkedHashMap<>();
                    for (String c : s.clients()) {
                        groups.put(c, new double[][] {stats(s, c, "msgs_per_s")});
                    }
                    panels.add(new Chart.Panel(title + ": messages/s", List.of("msg/s"), groups));
                }
            }
        }
        return panels;
    }

    static String csv(double[] v) {
        return Arrays.toString(v);
    }
}
