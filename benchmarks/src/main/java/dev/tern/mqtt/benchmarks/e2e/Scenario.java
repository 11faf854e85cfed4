package dev.tern.mqtt.benchmarks.e2e;

import java.util.List;

/** One row group of the results: a scenario against one target, with the clients that take part and their args. */
record Scenario(String name, String target, String kind, String unit, List<String> clients, List<String> args) {

    static final List<String> PUBLISHERS = List.of("tern", "hivemq", "paho3", "paho5", "raw");
    static final List<String> WITH_BLOCKING = List.of("tern", "tern-blocking", "hivemq", "paho3", "paho5", "raw");

    /** The plan: full sizes from issue 6, or {@code quick} ones (fewer messages; only QoS 0 also to Mosquitto). */
    static List<Scenario> plan(boolean quick) {
        int k = quick ? 5 : 1; // quick runs a fifth (connections a fifth, latency a quarter) of the messages
        List<Scenario> all = new java.util.ArrayList<>();
        for (String target : List.of("sink", "mosquitto")) {
            all.add(publish("qos0", target, 0, 10_000, 1_000_000 / k, 100_000 / k, WITH_BLOCKING));
            if (quick && target.equals("mosquitto")) {
                continue;
            }
            all.add(publish("qos1-w100", target, 1, 100, 200_000 / k, 20_000 / k, PUBLISHERS));
            all.add(publish("qos1-w1000", target, 1, 1000, 200_000 / k, 20_000 / k, PUBLISHERS));
            all.add(publish("qos2-w100", target, 2, 100, 100_000 / k, 10_000 / k, PUBLISHERS));
        }
        all.add(new Scenario("latency-qos1", "mosquitto", "latency", "us", WITH_BLOCKING,
                List.of("count=" + (quick ? 5_000 : 20_000), "warmup=" + (quick ? 2_000 : 5_000))));
        all.add(new Scenario("receive-qos1", "mosquitto", "receive", "msg/s", PUBLISHERS,
                List.of("count=" + 200_000 / k, "warmup=" + 20_000 / k)));
        all.add(new Scenario("connections", "mosquitto", "connections", "conn/s", PUBLISHERS,
                List.of("count=" + 10_000 / k, "parallel=100")));
        return all;
    }

    private static Scenario publish(String name, String target, int qos, int window, int count, int warmup,
            List<String> clients) {
        return new Scenario(name, target, "publish", "msg/s", clients,
                List.of("qos=" + qos, "window=" + window, "count=" + count, "warmup=" + warmup));
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
