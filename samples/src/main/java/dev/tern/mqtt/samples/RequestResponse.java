package dev.tern.mqtt.samples;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 5 request/response: a time service answers on the response topic of each request, copying its correlation
 * data; the caller's {@code request()} subscribes to a response topic once, sends each request with fresh
 * correlation data and completes with the matching reply.
 *
 * <p>Run: {@code RequestResponse [--broker mqtt://host:port]} (the broker must speak MQTT 5).
 */
public final class RequestResponse {

    private static final String REQUESTS = "services/time/requests";

    public static void main(String[] args) throws Exception {
        try (SampleBroker broker = SampleBroker.fromArgs(args);
             AsyncMqttClient service = TernMqtt.asyncClient(broker.options("time-service").build());
             AsyncMqttClient caller = TernMqtt.asyncClient(broker.options("caller").build())) {

            service.connect().get(10, TimeUnit.SECONDS);
            service.subscribe(REQUESTS, Qos.AT_LEAST_ONCE, request -> {
                String zone = request.payloadAsString();
                String now = ZonedDateTime.now(ZoneId.of(zone)).toLocalTime().withNano(0).toString();
                Publish.Builder reply = Publish.builder()
                        .topic(request.responseTopic().orElseThrow())
                        .payload(now)
                        .qos(Qos.AT_LEAST_ONCE);
                request.correlationData().ifPresent(reply::correlationData);
                service.publish(reply.build());  // from a handler: the client allows it, no deadlock
            }).get(10, TimeUnit.SECONDS);

            caller.connect().get(10, TimeUnit.SECONDS);
            for (String zone : List.of("UTC", "Europe/Paris", "Asia/Tokyo")) {
                Publish request = Publish.builder().topic(REQUESTS).payload(zone).qos(Qos.AT_LEAST_ONCE).build();
                Publish reply = caller.request(request, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
                System.out.println("time in " + zone + ": " + reply.payloadAsString()
                        + " (reply on " + reply.topic() + ")");
            }

            caller.disconnect().get(10, TimeUnit.SECONDS);
            service.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
