package dev.tern.mqtt.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.InteropClients.Inbox;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.InteropTest;
import dev.tern.mqtt.testing.Mosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The blocking client against every broker: the everyday calls, errors on the caller's thread, re-entrant handlers. */
@Timeout(60)
class BlockingInteropIT {

    private final InteropClients clients = new InteropClients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void connectSubscribePublishUnsubscribeDisconnect(BrokerEndpoint broker, MqttVersion version) {
        MqttClient c = clients.blocking(InteropClients.options(broker, version).build());
        assertEquals(ClientState.DISCONNECTED, c.state());
        ConnAck ack = c.connect();
        assertEquals(ConnAckReasonCode.SUCCESS, ack.reasonCode());
        assertEquals(ClientState.CONNECTED, c.state());

        String topic = InteropClients.topic("blocking");
        Inbox inbox = new Inbox();
        SubAck subAck = c.subscribe(List.of(Subscription.of(topic, Qos.EXACTLY_ONCE)), inbox);
        assertEquals(List.of(SubAckReasonCode.GRANTED_QOS_2), subAck.reasonCodes());
        for (Qos qos : Qos.values()) {
            PublishResult result = c.publish(topic, ("m" + qos.code()).getBytes(StandardCharsets.UTF_8), qos);
            assertEquals(qos, result.publish().qos());
            Publish got = inbox.take();
            assertEquals("m" + qos.code(), got.payloadAsString());
            assertEquals(qos, got.qos());
        }
        UnsubAck unsubAck = c.unsubscribe(topic);
        assertTrue(unsubAck.reasonCodes().stream().noneMatch(code -> code.isError()), unsubAck.toString());
        c.publish(topic, "after".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE);
        assertNull(inbox.quiet(), "unsubscribed");

        c.disconnect();
        assertEquals(ClientState.DISCONNECTED, c.state());
        c.connect();
        assertEquals(ClientState.CONNECTED, c.state(), "a blocking client connects again");
    }

    @InteropTest(brokers = Broker.MOSQUITTO)
    void aRefusedSubscriptionIsRethrownOnTheCallersThread(MqttVersion version) {
        assumeTrue(Mosquitto.findDynamicSecurityPlugin().isPresent() || System.getenv("CI") != null,
                "mosquitto_dynamic_security.so not installed: Mosquitto refuses no SUBSCRIBE without it");
        try (Mosquitto refusing = Mosquitto.builder().refuseSubscriptions("tern/refused/#").build()) {
            BrokerEndpoint broker = refusing.start();
            MqttClient c = clients.blocking(InteropClients.options(broker, version).build());
            c.connect();
            MqttAckException e = assertThrows(MqttAckException.class,
                    () -> c.subscribe("tern/refused/blocking", Qos.AT_LEAST_ONCE, p -> { }));
            assertEquals(1, e.reasonCodes().size());
            assertTrue(e.reasonCodes().get(0).isError(), e.getMessage());
            assertInstanceOf(MqttAckException.class, e.getCause(), "the original is the cause");
            assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().contains(
                    "aRefusedSubscriptionIsRethrownOnTheCallersThread")), "the stack trace is the caller's");
            assertEquals(ClientState.CONNECTED, c.state());
        }
    }

    @InteropTest(brokers = {Broker.HIVEMQ, Broker.MOSQUITTO, Broker.AEDES})
    void aHandlerMayMakeBlockingCallsOnItsOwnClient(BrokerEndpoint broker, MqttVersion version) {
        MqttClient c = clients.blocking(InteropClients.options(broker, version).build());
        c.connect();
        String in = InteropClients.topic("reentrant-in");
        String out = InteropClients.topic("reentrant-out");
        String extra = InteropClients.topic("reentrant-extra");
        Inbox outInbox = new Inbox();
        Inbox extraInbox = new Inbox();
        List<String> threads = new CopyOnWriteArrayList<>();
        c.subscribe(out, Qos.AT_LEAST_ONCE, outInbox);
        c.subscribe(in, Qos.EXACTLY_ONCE, msg -> {
            threads.add(Thread.currentThread().getName());
            c.subscribe(extra, Qos.AT_LEAST_ONCE, extraInbox);
            c.publish(out, msg.payloadAsBytes(), Qos.EXACTLY_ONCE);
            c.publish(extra, "from the handler".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE);
        });
        c.publish(in, "ping".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE);
        assertEquals("ping", outInbox.take().payloadAsString());
        assertEquals("from the handler", extraInbox.take().payloadAsString());
        assertTrue(!threads.isEmpty() && !threads.get(0).startsWith("tern-io"), "not on the event loop: " + threads);
    }
}
