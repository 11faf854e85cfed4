package dev.tern.mqtt.samples;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Load balancing with an MQTT 5 shared subscription: two workers subscribe to {@code $share/workers/jobs/#}, and the
 * broker hands each job to one of them only. The producer does not know how many workers there are. How jobs are
 * spread is the broker's choice: some alternate, others (HiveMQ) keep feeding a worker while it keeps up.
 *
 * <p>Run: {@code SubscribeWithSharedGroup [--broker mqtt://host:port]}.
 */
public final class SubscribeWithSharedGroup {

    private static final String SHARED_FILTER = "$share/workers/jobs/#";
    private static final int JOBS = 10;

    public static void main(String[] args) throws Exception {
        Map<String, Integer> jobsPerWorker = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(JOBS);

        try (SampleBroker broker = SampleBroker.fromArgs(args);
             AsyncMqttClient worker1 = TernMqtt.asyncClient(broker.options("worker-1").build());
             AsyncMqttClient worker2 = TernMqtt.asyncClient(broker.options("worker-2").build());
             MqttClient producer = TernMqtt.blockingClient(broker.options("producer").build())) {

            for (AsyncMqttClient worker : List.of(worker1, worker2)) {
                String name = worker.clientId();
                worker.connect().get(10, TimeUnit.SECONDS);
                worker.subscribe(SHARED_FILTER, Qos.AT_LEAST_ONCE, job -> {
                    System.out.println(name + " takes " + job.topic() + " " + job.payloadAsString());
                    jobsPerWorker.merge(name, 1, Integer::sum);
                    done.countDown();
                }).get(10, TimeUnit.SECONDS);
            }

            producer.connect();
            for (int i = 0; i < JOBS; i++) {
                byte[] payload = ("job " + i).getBytes(StandardCharsets.UTF_8);
                producer.publish("jobs/resize-image", payload, Qos.AT_LEAST_ONCE);
            }

            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(done.getCount() + " of " + JOBS + " jobs were not delivered");
            }
            System.out.println("jobs per worker: " + jobsPerWorker + " (each job went to exactly one worker)");
            producer.disconnect();
            worker1.disconnect().get(10, TimeUnit.SECONDS);
            worker2.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
