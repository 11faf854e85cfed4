package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.spi.ReconnectPolicy;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise under fire: a publisher and a subscriber with persistent sessions, both through a {@link FaultProxy}
 * that cuts their connections again and again at random byte offsets (RST or FIN), against the embedded HiveMQ. Every
 * message the publisher was told is acknowledged must reach the subscriber: at least once for QoS 1, exactly once and
 * in order for QoS 2.
 *
 * <p>Sizes and the seed come from system properties ({@code tern.faults.messages}, {@code tern.faults.cuts},
 * {@code tern.faults.seed}); every failure message carries them, so a failing run can be repeated.
 */
@ExtendWith(HiveMqExtension.class)
class DeliveryUnderFaultsIT {

    private static final long SEED = Long.getLong("tern.faults.seed", 0x7E4E_2024L);
    private static final int MESSAGES = Integer.getInteger("tern.faults.messages", 20_000);
    private static final int CUTS = Integer.getInteger("tern.faults.cuts", 200);
    private static final int WINDOW = 200;
    /**
     * How far the publisher may run ahead of the subscriber. HiveMQ keeps at most 1,000 messages queued for a client
     * and discards the rest (its max-queued-messages); a subscriber that is cut over and over falls behind, and
     * without this bound the test would measure the broker's queue limit instead of the client.
     */
    private static final int LEAD = 500;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private AsyncMqttClient client(FaultProxy proxy, String id, MqttVersion version, Lifecycle events) {
        MqttClientOptions.Builder b = MqttClientOptions.builder().serverUri(proxy.uri()).clientId(id)
                .version(version).cleanStart(true).ackTimeout(Duration.ofSeconds(10))
                .reconnectPolicy(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(2), Duration.ofMillis(50),
                        SEED))
                .addLifecycleListener(events);
        if (version == MqttVersion.MQTT_5_0) {
            b.sessionExpiryInterval(600);
        } else {
            b.cleanStart(false); // MQTT 3.1.1: clean session 0 is the persistent session
        }
        AsyncMqttClient c = TernMqtt.asyncClient(b.build());
        open.add(c);
        return c;
    }

    @ParameterizedTest(name = "QoS {0} on MQTT {1}")
    @CsvSource({"AT_LEAST_ONCE, MQTT_5_0", "EXACTLY_ONCE, MQTT_5_0", "EXACTLY_ONCE, MQTT_3_1_1"})
    void everyAcknowledgedMessageArrivesAcrossRepeatedCuts(Qos qos, MqttVersion version, BrokerEndpoint broker)
            throws Exception {
        // the 3.1.1 run is a quarter of the size: it checks the same flows with the other session rules
        int messages = version == MqttVersion.MQTT_5_0 ? MESSAGES : MESSAGES / 4;
        int cutsWanted = version == MqttVersion.MQTT_5_0 ? CUTS : CUTS / 4;
        String run = "seed=" + SEED + ", messages=" + messages + ", cuts=" + cutsWanted + ", qos=" + qos
                + ", version=" + version;
        FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        open.add(proxy);
        String topic = "it/faults/" + UUID.randomUUID();
        String tag = UUID.randomUUID().toString().substring(0, 8);

        AtomicIntegerArray received = new AtomicIntegerArray(messages);
        Semaphore lead = new Semaphore(LEAD);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        int[] last = {-1};
        Lifecycle subEvents = new Lifecycle();
        AsyncMqttClient sub = client(proxy, "sub-" + tag, version, subEvents);
        sub.connect().get(10, TimeUnit.SECONDS);
        sub.subscribe(topic, qos, m -> {
            int seq = m.payload().getInt(); // handlers run one at a time, so "last" needs no lock
            int times = received.incrementAndGet(seq);
            if (times == 1) {
                lead.release();
            }
            if (qos == Qos.EXACTLY_ONCE) {
                if (times > 1) {
                    problems.add("duplicate " + seq);
                } else if (seq != last[0] + 1) {
                    problems.add("out of order: " + seq + " after " + last[0]);
                }
                last[0] = Math.max(last[0], seq);
            }
        }).get(10, TimeUnit.SECONDS);

        Lifecycle pubEvents = new Lifecycle();
        AsyncMqttClient pub = client(proxy, "pub-" + tag, version, pubEvents);
        pub.connect().get(10, TimeUnit.SECONDS);

        // each message costs well over 100 bytes through the proxy (PUBLISH and acks, both clients): cutting on
        // average every N*100/(1.5*cuts) bytes makes all the cuts happen while messages still flow
        int maxGap = (int) ((long) messages * 100 * 2 / (cutsWanted * 3L));
        proxy.cutRepeatedly(SEED, cutsWanted, 1, maxGap);
        Semaphore window = new Semaphore(WINDOW);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no acknowledgement for 30 s at message " + i + " (" + run + ")");
            }
            if (!lead.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the subscriber received nothing for 30 s at message " + i + ", missing "
                        + missing(received, i) + " (" + run + ")");
            }
            int seq = i;
            pub.publish(Publish.builder().topic(topic).qos(qos).payload(ByteBuffer.allocate(4).putInt(0, seq))
                    .build()).whenComplete((r, e) -> {
                        if (e != null) {
                            problems.add("publish " + seq + " failed: " + e);
                        }
                        window.release();
                    });
        }
        assertTrue(window.tryAcquire(WINDOW, 60, TimeUnit.SECONDS), "every publish acknowledged (" + run + ")");
        FaultProxy.await(() -> IntStream.range(0, messages).allMatch(i -> received.get(i) > 0), Duration.ofSeconds(60),
                "every message at the subscriber (" + run + "), missing " + missing(received, messages));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(List.of(), List.copyOf(problems), run);
        assertEquals(cutsWanted, proxy.cuts(), "all cuts happened while messages flowed (" + run + ")");
        assertTrue(pubEvents.connectedCount() + subEvents.connectedCount() > cutsWanted / 2,
                "the clients reconnected again and again (" + run + ")");
        System.out.printf("%s: %d messages through %d cuts in %d ms, %d + %d reconnects%n", run, messages,
                proxy.cuts(), millis, pubEvents.connectedCount() - 1, subEvents.connectedCount() - 1);
    }

    private static String missing(AtomicIntegerArray received, int messages) {
        List<Integer> gaps = IntStream.range(0, messages).filter(i -> received.get(i) == 0).boxed().toList();
        return gaps.size() + " " + gaps.stream().limit(20).map(String::valueOf)
                .collect(Collectors.joining(",", "[", gaps.size() > 20 ? ",...]" : "]"));
    }
}
