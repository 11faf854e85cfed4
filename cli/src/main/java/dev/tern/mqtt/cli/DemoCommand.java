package dev.tern.mqtt.cli;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mqtt demo}: everything in one process, nothing to install. Starts an embedded broker, a dashboard that
 * subscribes to every sensor's temperature with the async client, and a sensor that publishes readings with the
 * blocking client; prints what each does, then stops everything and exits 0 if every reading arrived.
 */
@Command(name = "demo", sortOptions = false,
        description = "Run an embedded broker, a simulated temperature sensor and a subscriber for a few seconds.")
final class DemoCommand implements Callable<Integer> {

    static final String SENSOR = "sensor-1";
    static final String TOPIC = "demo/sensors/" + SENSOR + "/temperature";
    static final String FILTER = "demo/sensors/+/temperature";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--readings", defaultValue = "10", paramLabel = "N",
            description = "Number of readings the sensor publishes (default: ${DEFAULT-VALUE}).")
    int readings;

    @Option(names = "--interval", defaultValue = "300", paramLabel = "MS",
            description = "Milliseconds between two readings (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    private PrintWriter out;

    @Override
    public Integer call() throws InterruptedException {
        if (readings < 1 || intervalMillis < 0) {
            throw new ParameterException(spec.commandLine(), "--readings must be at least 1 and --interval positive");
        }
        out = spec.commandLine().getOut();
        say("broker     starting (ActiveMQ Artemis, embedded in this process)");
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            say("broker     listening on %s", broker.uri());
            MqttClientOptions base = MqttClientOptions.builder()
                    .serverUri(broker.uri().toString())
                    .fallbackToMqtt311(true)
                    .ackTimeout(TIMEOUT)
                    .build();
            CountDownLatch received = new CountDownLatch(readings);
            try (AsyncMqttClient dashboard = TernMqtt.asyncClient(base.toBuilder().clientId("dashboard").build());
                 MqttClient sensor = TernMqtt.blockingClient(base.toBuilder().clientId(SENSOR).build())) {
                Clients.await(dashboard.connect(), TIMEOUT, "dashboard connect");
                Clients.await(dashboard.subscribe(FILTER, Qos.AT_LEAST_ONCE, message -> {
                    say("dashboard  received  %s %s", message.topic(), message.payloadAsString());
                    received.countDown();
                }), TIMEOUT, "subscribe");
                say("dashboard  subscribed to %s", FILTER);

                sensor.connect();
                say("sensor     %s connected, publishing %d readings at QoS 1, one every %d ms",
                        SENSOR, readings, intervalMillis);
                publishReadings(sensor);

                boolean complete = received.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                sensor.disconnect();
                dashboard.disconnect().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long got = readings - received.getCount();
                say("done       %d readings published, %d received", readings, got);
                return complete ? ExitCode.OK : ExitCode.FAILED;
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                spec.commandLine().getErr().println("mqtt demo: " + Failures.describe(e));
                return Failures.exitCode(e);
            }
        }
    }

    private void publishReadings(MqttClient sensor) throws InterruptedException {
        Random random = new Random();
        double celsius = 20.0 + random.nextDouble() * 3;
        for (int n = 0; n < readings; n++) {
            if (n > 0) {
                TimeUnit.MILLISECONDS.sleep(intervalMillis);  // the sensor's sampling period
            }
            celsius += random.nextGaussian() * 0.15;
            String payload = String.format(Locale.ROOT, "{\"sensor\":\"%s\",\"seq\":%d,\"celsius\":%.2f}",
                    SENSOR, n, celsius);
            say("sensor     publishes %s %s", TOPIC, payload);
            sensor.publish(Publish.builder().topic(TOPIC).payload(payload).qos(Qos.AT_LEAST_ONCE).build());
        }
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(String.format(Locale.ROOT, format, args));
            out.flush();
        }
    }
}
