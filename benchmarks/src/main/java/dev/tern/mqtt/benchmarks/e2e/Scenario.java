package dev.tern.mqtt.benchmarks.e2e;

import java.util.List;

/** One row group of the results: a scenario against one target, with the clients that take part and their args. */
record Scenario(String name, String target, String kind, String unit, List<String> clients, List<String> args) {

    static final List<String> PUBLISHERS = List.of("tern", "hivemq", "paho3", "paho5", "raw");
    static final List<String> WITH_BLOCKING = List.of("tern", "tern-blocking", "hivemq", "paho3", "paho5", "raw");

    /**
     * The plan: full sizes from issue 6, or {@code quick} ones: a tenth of the messages, a fifth of the warm-up time,
     * no QoS 1 window 100, only QoS 0 also to Mosquitto, 1,000 connections, latency capped at 5 s per run.
     */
    static List<Scenario> plan(boolean quick) {
        int k = quick ? 10 : 1; // quick runs a tenth of the messages (connections a fifth)
        String warmupSeconds = quick ? "warmup_s=1" : "warmup_s=5";
        List<Scenario> all = new java.util.ArrayList<>();
        for (String target : List.of("sink", "mosquitto")) {
            all.add(publish("qos0", target, 0, 10_000, 1_000_000 / k, 50_000 / (quick ? 2 : 1), WITH_BLOCKING,
                    warmupSeconds));
            if (quick && target.equals("mosquitto")) {
                continue;
            }
            if (!quick) { // quick keeps the window of the targets, 1,000
                all.add(publish("qos1-w100", target, 1, 100, 200_000 / k, 20_000, PUBLISHERS, warmupSeconds));
            }
            all.add(publish("qos1-w1000", target, 1, 1000, 200_000 / k, 20_000 / (quick ? 2 : 1), PUBLISHERS,
                    warmupSeconds));
            all.add(publish("qos2-w100", target, 2, 100, 100_000 / k, 10_000 / (quick ? 2 : 1), PUBLISHERS,
                    warmupSeconds));
        }
        all.add(new Scenario("latency-qos1", "mosquitto", "latency", "us", WITH_BLOCKING,
                List.of("count=" + (quick ? 3_000 : 20_000), "warmup=" + (quick ? 2_000 : 5_000),
                        "max_s=" + (quick ? 5 : 60))));
        all.add(new Scenario("receive-qos1", "mosquitto", "receive", "msg/s", PUBLISHERS,
                List.of("count=" + (quick ? 50_000 : 200_000), "warmup=" + 20_000 / (quick ? 2 : 1))));
        all.add(new Scenario("connections", "mosquitto", "connections", "conn/s", PUBLISHERS,
                List.of("count=" + (quick ? 1_000 : 10_000), "warmup=" + (quick ? 1_000 : 10_000), "parallel=100")));
        return all;
    }

    private static Scenario publish(String name, String target, int qos, int window, int count, int warmup,
            List<String> clients, String warmupSeconds) {
        return new Scenario(name, target, "publish", "msg/s", clients,
                List.of("qos=" + qos, "window=" + window, "count=" + count, "warmup=" + warmup, warmupSeconds));
    }

    String arg(String key) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return null;
    }

    String key() {
        return name + "@" + target;
    }
}
