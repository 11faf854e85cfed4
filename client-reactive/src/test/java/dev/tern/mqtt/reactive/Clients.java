package dev.tern.mqtt.reactive;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.spi.ReconnectPolicy;
import dev.tern.mqtt.testing.BrokerEndpoint;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Test helpers: reactive clients on the test broker that close after each test, unique topics, conditions. */
final class Clients implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ReactiveMqttClient> open = new ArrayList<>();

    static String uniqueTopic(String prefix) {
        return "rx/" + prefix + "/" + UUID.randomUUID();
    }

    static Publish qos1(String topic, String payload) {
        return Publish.builder().topic(topic).payload(payload).qos(Qos.AT_LEAST_ONCE).build();
    }

    /** A facade that owns a new, not yet connected client of {@code broker}. */
    ReactiveMqttClient client(BrokerEndpoint broker, UnaryOperator<MqttClientOptions.Builder> settings) {
        MqttClientOptions.Builder base = MqttClientOptions.builder();
        if (broker != null) {
            base.serverUri(broker.uri());
        }
        MqttClientOptions options = settings.apply(base
                .clientId("rx-" + UUID.randomUUID().toString().substring(0, 8)).ackTimeout(WAIT)).build();
        ReactiveMqttClient c = ReactiveMqttClient.create(options, TernMqtt::asyncClient);
        open.add(c);
        return c;
    }

    /**
     * A facade of a connected client whose connection goes through {@code proxy}, reconnecting every 50 ms (instead
     * of the default backoff) so that the tests wait little.
     */
    ReactiveMqttClient connectedThrough(CutProxy proxy, UnaryOperator<MqttClientOptions.Builder> settings) {
        ReactiveMqttClient c = client(null, b -> settings.apply(b.serverUri(proxy.uri())
                .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(50)))));
        c.connect().block(WAIT);
        return c;
    }

    /** Publishes "probe" until the broker has a subscriber for it; exactly one probe is delivered. */
    static void awaitSubscribed(ReactiveMqttClient publisher, String topic) {
        awaitReasonCode(publisher, topic, PubAckReasonCode.SUCCESS);
    }

    /** Publishes "probe" at QoS 1 until the PUBACK carries {@code expected}. */
    static void awaitReasonCode(ReactiveMqttClient publisher, String topic, PubAckReasonCode expected) {
        awaitTrue(() -> publisher.publish(qos1(topic, "probe"))
                .map(r -> r.reasonCode().orElseThrow() == expected));
    }

    /** A facade of a connected client with default options. */
    ReactiveMqttClient connected(BrokerEndpoint broker) {
        return connected(broker, b -> b);
    }

    ReactiveMqttClient connected(BrokerEndpoint broker, UnaryOperator<MqttClientOptions.Builder> settings) {
        ReactiveMqttClient c = client(broker, settings);
        c.connect().block(WAIT);
        return c;
    }

    /** Returns once {@code condition} holds, checking every 10 ms; fails after {@link #WAIT}. */
    static void await(BooleanSupplier condition) {
        awaitTrue(() -> Mono.fromSupplier(condition::getAsBoolean));
    }

    /** Returns once a subscription to {@code check} emits true, trying every 10 ms; fails after {@link #WAIT}. */
    static void awaitTrue(Supplier<Mono<Boolean>> check) {
        Mono.defer(check)
                .filter(ok -> ok)
                .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(10)))
                .timeout(WAIT)
                .block();
    }

    @Override
    public void close() {
        open.forEach(ReactiveMqttClient::close);
    }
}
