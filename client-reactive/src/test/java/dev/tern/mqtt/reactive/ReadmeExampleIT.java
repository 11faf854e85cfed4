package dev.tern.mqtt.reactive;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five-line Reactor example of the README and of {@link ReactiveMqttClient}'s Javadoc, as written there (but
 * printing into a list), so that it keeps compiling and working.
 */
@ExtendWith(HiveMqExtension.class)
class ReadmeExampleIT {

    @Test
    void theFiveLineExampleReceivesReadings(BrokerEndpoint broker) {
        MqttClientOptions options = MqttClientOptions.builder().serverUri(broker.uri()).build();
        List<String> printed = new CopyOnWriteArrayList<>();

        ReactiveMqttClient client = ReactiveMqttClient.create(options, TernMqtt::asyncClient);
        Disposable subscription = client.connect()
                .thenMany(client.subscribe("sensors/+/temperature", Qos.AT_LEAST_ONCE))
                .map(Publish::payloadAsString)
                .subscribe(printed::add);

        try (Clients clients = new Clients()) {
            ReactiveMqttClient sensor = clients.connected(broker);
            String reading = "21.5 " + UUID.randomUUID();
            Publish publish = Publish.builder().topic("sensors/7/temperature").payload(reading)
                    .qos(Qos.AT_LEAST_ONCE).build();
            // published until the broker has the subscription; the one it routes is printed
            Clients.awaitTrue(() -> sensor.publish(publish)
                    .map(r -> r.reasonCode().orElseThrow() == PubAckReasonCode.SUCCESS));
            Clients.await(() -> printed.contains(reading));
            assertTrue(printed.stream().allMatch(reading::equals), printed.toString());
        } finally {
            subscription.dispose();
            client.close();
        }
    }
}
