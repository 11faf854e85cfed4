package dev.tern.mqtt.netty;

import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.Clients.Inbox;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking facade over the async core. */
@ExtendWith(HiveMqExtension.class)
class BlockingClientIT {

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void connectsPublishesSubscribesAndDisconnects(MqttVersion version, BrokerEndpoint broker) {
        MqttClient c = clients.track(TernMqtt.blockingClient(Clients.options(broker, version).build()));
        ConnAck ack = c.connect();
        assertEquals(ConnAckReasonCode.SUCCESS, ack.reasonCode());
        String topic = Clients.uniqueTopic("blocking");
        Inbox inbox = new Inbox();
        c.subscribe(topic, Qos.EXACTLY_ONCE, inbox);
        c.publish(topic, "hello".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE);
        assertEquals("hello", inbox.take().payloadAsString());
        c.unsubscribe(topic);
        c.disconnect();
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void rethrowsOnTheCallersThreadWithTheOriginalAsCause(BrokerEndpoint broker) {
        MqttClient c = clients.track(TernMqtt.blockingClient(Clients.options(broker, MqttVersion.MQTT_5_0)
                .build()));
        MqttClientStateException e = assertThrows(MqttClientStateException.class,
                () -> c.publish(Publish.builder().topic("t").build()));
        assertNotNull(e.getCause(), "the async exception is the cause");
        assertInstanceOf(MqttClientStateException.class, e.getCause());
        assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().contains(
                "rethrowsOnTheCallersThread")), "stack trace is the caller's");
    }

    @Test
    void connectionRefusedByNetworkIsConnectionLost() throws Exception {
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        MqttClient c = clients.track(TernMqtt.blockingClient(dev.tern.mqtt.MqttClientOptions.builder()
                .server("127.0.0.1", freePort).connectTimeout(Duration.ofSeconds(2)).build()));
        MqttConnectionLostException e = assertThrows(MqttConnectionLostException.class, c::connect);
        assertEquals(MqttConnectionLostException.ClosedBy.NETWORK, e.closedBy());
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void blockingCallOnAnEventLoopFailsFast(BrokerEndpoint broker) throws Exception {
        EventLoopGroup group = TernMqtt.newEventLoopGroup(1);
        try {
            MqttClient c = clients.track(TernMqtt.blockingClient(Clients.options(broker, MqttVersion.MQTT_5_0)
                    .build(), group));
            Throwable thrown = group.submit(() -> {
                try {
                    c.connect();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }).get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, thrown);
            assertTrue(thrown.getMessage().contains("event loop"), thrown.getMessage());
        } finally {
            clients.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
