package dev.tern.mqtt.samples;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.reactive.ConnectionEvent;
import dev.tern.mqtt.reactive.ReactiveMqttClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A sensor pipeline with the Reactor client: subscribe to temperature readings, compute each sensor's moving average
 * over its last five readings with Reactor operators, and publish an alert whenever it passes 25 C. Demand drives
 * the subscription: a reading is acknowledged as the pipeline takes it, so the broker holds readings while the
 * pipeline is busy. Two simulated sensors feed it; the sample stops after three alerts.
 *
 * <p>Run: {@code ReactiveSensorPipeline [--broker mqtt://host:port]} (without it, an embedded HiveMQ CE broker is
 * started); watch with {@code mqtt sub -t 'alerts/#' -v}.
 */
public final class ReactiveSensorPipeline {

    private static final double THRESHOLD = 25.0;
    private static final int WINDOW = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static void main(String[] args) {
        try (SampleBroker broker = SampleBroker.fromArgs(args)) {
            try (ReactiveMqttClient client =
                         ReactiveMqttClient.create(broker.options("sensor-pipeline").build(), TernMqtt::asyncClient)) {
                client.connect().block(TIMEOUT);
                client.lifecycle() // the streams below ride through a lost connection; say when it happens
                        .filter(e -> e instanceof ConnectionEvent.Disconnected d && d.event().willReconnect())
                        .subscribe(e -> System.err.println("connection lost; reconnecting"));
                Flux<Publish> alerts = client.subscribe("sensors/+/temperature", Qos.AT_LEAST_ONCE)
                        .groupBy(Publish::topic)
                        .flatMap(sensor -> sensor
                                .map(reading -> Double.parseDouble(reading.payloadAsString()))
                                .buffer(WINDOW, 1) // a sliding window: the last five readings
                                .filter(window -> window.size() == WINDOW)
                                .map(window -> window.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                                .filter(average -> average > THRESHOLD)
                                .map(average -> alert(sensor.key(), average)))
                        .take(3); // then the subscription is cancelled, which unsubscribes

                Disposable sensors = client.publish(simulatedReadings()).subscribe();
                client.publish(alerts) // one outcome per alert, in order
                        .doOnNext(outcome -> System.out.println(outcome.publish().topic() + " "
                                + outcome.publish().payloadAsString()
                                + (outcome.isSuccess() ? "" : " NOT SENT: " + outcome.error().orElseThrow())))
                        .blockLast(TIMEOUT);
                sensors.dispose();
                client.disconnect().block(TIMEOUT);
            }
        }
    }

    private static Publish alert(String readingTopic, double average) {
        String text = String.format(Locale.ROOT, "moving average %.2f C is above %.1f C", average, THRESHOLD);
        String sensor = readingTopic.split("/")[1];
        return Publish.builder().topic("alerts/" + sensor).payload(text).qos(Qos.AT_LEAST_ONCE).build();
    }

    /** A steady kitchen sensor and a warming boiler, every 50 ms; readings the link cannot take are dropped. */
    private static Flux<Publish> simulatedReadings() {
        return Flux.interval(Duration.ofMillis(50))
                .onBackpressureDrop()
                .concatMapIterable(tick -> List.of(
                        reading("kitchen", 21.0 + (tick % 3) * 0.1),
                        reading("boiler", 20.0 + tick * 0.5)));
    }

    private static Publish reading(String sensor, double celsius) {
        return Publish.builder().topic("sensors/" + sensor + "/temperature")
                .payload(String.format(Locale.ROOT, "%.2f", celsius)).qos(Qos.AT_LEAST_ONCE).build();
    }
}
