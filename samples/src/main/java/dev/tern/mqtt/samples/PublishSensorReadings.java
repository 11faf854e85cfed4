package dev.tern.mqtt.samples;

import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Will;
import dev.tern.mqtt.netty.TernMqtt;
import java.util.Locale;
import java.util.Random;

/**
 * A temperature sensor with the blocking client: each {@code publish} returns once the broker acknowledged the
 * reading. A retained status topic says "online" while connected; the will turns it to "offline" if the sensor
 * vanishes without saying goodbye.
 *
 * <p>Run: {@code PublishSensorReadings [--broker mqtt://host:port]}; watch with
 * {@code mqtt sub -t 'sensors/#' -v}.
 */
public final class PublishSensorReadings {

    private static final String SENSOR = "sensor-42";
    private static final String STATUS = "sensors/" + SENSOR + "/status";
    private static final String TEMPERATURE = "sensors/" + SENSOR + "/temperature";

    public static void main(String[] args) throws InterruptedException {
        Will offline = Will.of(Publish.builder().topic(STATUS).payload("offline").retain(true).build());
        try (SampleBroker broker = SampleBroker.fromArgs(args);
             MqttClient client = TernMqtt.blockingClient(broker.options(SENSOR).will(offline).build())) {
            client.connect();
            client.publish(Publish.builder().topic(STATUS).payload("online").retain(true).qos(Qos.AT_LEAST_ONCE).build());
            System.out.println(SENSOR + " connected to " + broker.uri());

            Random random = new Random();
            double celsius = 21.0;
            for (int i = 0; i < 5; i++) {
                celsius += random.nextGaussian() * 0.2;
                Publish reading = Publish.builder()
                        .topic(TEMPERATURE)
                        .payload(String.format(Locale.ROOT, "%.2f", celsius))
                        .qos(Qos.AT_LEAST_ONCE)
                        .build();
                PublishResult result = client.publish(reading);  // waits for the PUBACK
                System.out.println("published " + reading.payloadAsString() + " C, broker answered "
                        + result.reasonCode().map(Object::toString).orElse("nothing (QoS 0)"));
                Thread.sleep(200);  // the sensor's sampling period
            }

            client.publish(Publish.builder().topic(STATUS).payload("offline").retain(true).qos(Qos.AT_LEAST_ONCE).build());
            client.disconnect();  // a normal DISCONNECT: the broker discards the will
        }
    }
}
