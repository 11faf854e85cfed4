package dev.tern.mqtt.netty;

import static dev.tern.mqtt.netty.InteropClients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.BrokersTest;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A fleet of simulated devices in one JVM: 1,000 clients (half MQTT 5.0, half 3.1.1) on one shared event loop group
 * of 2 threads and one callback executor of 4 threads connect to Mosquitto, each publishes one QoS 1 message, and all
 * are closed. Every message is acknowledged and delivered, no thread is created per client, and no {@code tern-}
 * thread is left afterwards.
 */
@Timeout(120)
class FleetInteropIT {

    private static final int FLEET = 1_000;
    private static final int IO_THREADS = 2;
    private static final int CALLBACK_THREADS = 4;
    /** Connects in flight at once: Mosquitto's listen backlog is 100, beyond which SYNs wait for a retransmit. */
    private static final int CONNECT_WINDOW = 64;

    @BrokersTest(Broker.MOSQUITTO)
    void aThousandClientsShareOneEventLoopGroupAndExecutor(BrokerEndpoint broker) throws Exception {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            assertTrue(unix.getMaxFileDescriptorCount() > 2L * FLEET + 200, "the fleet needs about " + 2 * FLEET
                    + " file descriptors (its sockets and Mosquitto's, which inherits this limit); the limit is "
                    + unix.getMaxFileDescriptorCount() + ": raise it with ulimit -n");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int threadsBefore = threads.getThreadCount();
        long started = System.nanoTime();

        String topic = InteropClients.topic("fleet");
        ConcurrentHashMap<String, Boolean> delivered = new ConcurrentHashMap<>();
        EventLoopGroup io = TernMqtt.newEventLoopGroup(IO_THREADS);
        AtomicInteger callbackThreads = new AtomicInteger();
        ExecutorService callbacks = Executors.newFixedThreadPool(CALLBACK_THREADS,
                r -> new Thread(r, "fleet-callback-" + callbackThreads.incrementAndGet()));
        List<AsyncMqttClient> fleet = new ArrayList<>();
        AtomicLong peakThreads = new AtomicLong();
        try {
            AsyncMqttClient watcher = TernMqtt.asyncClient(InteropClients.options(broker, MqttVersion.MQTT_5_0)
                    .executor(callbacks).build(), io);
            fleet.add(watcher);
            await(watcher.connect());
            await(watcher.subscribe(topic + "/#", Qos.AT_LEAST_ONCE, p -> delivered.put(p.payloadAsString(), true)));

            Semaphore window = new Semaphore(CONNECT_WINDOW);
            List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
            for (int i = 0; i < FLEET; i++) {
                MqttVersion version = i % 2 == 0 ? MqttVersion.MQTT_5_0 : MqttVersion.MQTT_3_1_1;
                AsyncMqttClient device = TernMqtt.asyncClient(InteropClients.options(broker, version)
                        .clientId("fleet-" + i + "-" + topic.substring(topic.lastIndexOf('/') + 1))
                        .executor(callbacks).build(), io);
                fleet.add(device);
                String payload = "device-" + i;
                String deviceTopic = topic + "/" + i % 10;
                assertTrue(window.tryAcquire(InteropClients.WAIT.toMillis(), TimeUnit.MILLISECONDS),
                        "connects stalled at device " + i);
                acks.add(device.connect()
                        .whenComplete((ack, error) -> window.release())
                        .thenCompose(ack -> device.publish(Publish.builder().topic(deviceTopic)
                                .payload(payload).qos(Qos.AT_LEAST_ONCE).build())));
                if (i % 100 == 0) {
                    peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
                }
            }
            for (CompletableFuture<PublishResult> ack : acks) {
                PublishResult result = await(ack);
                assertEquals(0x00, result.reasonCode().orElseThrow().code(), "acknowledged: " + result);
            }
            peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
            InteropClients.awaitCondition("every device's message reached the watcher",
                    () -> delivered.size() == FLEET);
        } finally {
            fleet.forEach(AsyncMqttClient::close);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            callbacks.shutdown();
            assertTrue(callbacks.awaitTermination(10, TimeUnit.SECONDS));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        long allowed = threadsBefore + IO_THREADS + CALLBACK_THREADS + 16;
        assertTrue(peakThreads.get() <= allowed, "live threads peaked at " + peakThreads.get() + " for " + FLEET
                + " clients; allowed " + allowed + " (" + threadsBefore + " before)");
        InteropClients.awaitCondition("no tern- thread outlives the fleet", () -> newTernThreads(before).isEmpty());
        assertTrue(seconds < 30, "the fleet took " + seconds + " s");
    }

    private static List<String> newTernThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("tern-"))
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
