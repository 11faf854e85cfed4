package dev.tern.mqtt.benchmarks.e2e;

import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;

/**
 * Tern's blocking client: {@code publish} returns once the message is written (QoS 0) or acknowledged, so the
 * harness's window is always one message. Used where a blocking API applies: QoS 0 throughput and latency.
 */
final class TernBlockingDriver extends TernDriver {

    private MqttClient blocking;

    @Override
    public void connect(String host, int port, String clientId) {
        blocking = TernMqtt.blockingClient(options(host, port, clientId));
        blocking.connect();
        client = blocking.async();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion done) {
        Throwable failure = null;
        try {
            blocking.publish(Publish.builder().topic(topic).payload(payload).qos(Qos.fromCode(qos)).build());
        } catch (RuntimeException e) {
            failure = e;
        }
        done.complete(failure);
    }

    @Override
    public void subscribe(String topic, int qos, Runnable onMessage) {
        blocking.subscribe(topic, Qos.fromCode(qos), message -> onMessage.run());
    }

    @Override
    public void disconnect() {
        blocking.disconnect();
        blocking.close();
    }
}
