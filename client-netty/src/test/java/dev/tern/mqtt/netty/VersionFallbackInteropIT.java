package dev.tern.mqtt.netty;

import static dev.tern.mqtt.netty.InteropClients.await;
import static dev.tern.mqtt.netty.InteropClients.failure;
import static dev.tern.mqtt.netty.InteropClients.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.InteropClients.Inbox;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.BrokersTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * Falling back from MQTT 5.0 to 3.1.1 against Aedes, a 3.1.1-only broker, which answers an MQTT 5.0 CONNECT with
 * the 3.1.1 CONNACK {@code 20 02 00 01} (return code 1, unacceptable protocol version) and closes. A {@link TcpProxy}
 * in between shows the protocol level of every CONNECT the client sent.
 */
@Timeout(60)
class VersionFallbackInteropIT {

    private final InteropClients clients = new InteropClients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @BrokersTest(Broker.AEDES)
    void withFallbackAnMqtt5ClientConnectsWith311AndKeepsIt(BrokerEndpoint aedes) {
        try (TcpProxy proxy = TcpProxy.to(aedes)) {
            AsyncMqttClient c = clients.async(InteropClients.options(aedes, MqttVersion.MQTT_5_0)
                    .serverUri(proxy.uri()).fallbackToMqtt311(true).build());
            ConnAck ack = await(c.connect());
            assertEquals(ConnAckReasonCode.SUCCESS, ack.reasonCode());
            assertEquals(MqttVersion.MQTT_3_1_1, c.version());
            assertEquals(List.of(5, 4), protocolLevels(proxy), "a 5.0 CONNECT, refused, then a 3.1.1 CONNECT");

            String topic = InteropClients.topic("fallback");
            Inbox inbox = new Inbox();
            await(c.subscribe(topic, Qos.EXACTLY_ONCE, inbox));
            for (Qos qos : Qos.values()) {
                await(c.publish(message(topic, "at " + qos, qos)));
                assertEquals("at " + qos, inbox.take().payloadAsString());
            }

            await(c.disconnect());
            await(c.connect());
            assertEquals(MqttVersion.MQTT_3_1_1, c.version());
            assertEquals(List.of(5, 4, 4), protocolLevels(proxy), "the second connect goes straight to 3.1.1");
            await(c.subscribe(topic, Qos.EXACTLY_ONCE, inbox)); // a clean start: the broker forgot the subscription
            await(c.publish(message(topic, "again", Qos.AT_LEAST_ONCE)));
            assertEquals("again", inbox.take().payloadAsString());
        }
    }

    @BrokersTest(Broker.AEDES)
    void theBlockingClientFallsBackToo(BrokerEndpoint aedes) {
        MqttClient c = clients.blocking(InteropClients.options(aedes, MqttVersion.MQTT_5_0).fallbackToMqtt311(true)
                .build());
        assertEquals(ConnAckReasonCode.SUCCESS, c.connect().reasonCode());
        assertEquals(MqttVersion.MQTT_3_1_1, c.async().version());
        String topic = InteropClients.topic("fallback-blocking");
        Inbox inbox = new Inbox();
        c.subscribe(topic, Qos.AT_LEAST_ONCE, inbox);
        c.publish(topic, "hello".getBytes(), Qos.AT_LEAST_ONCE);
        assertEquals("hello", inbox.take().payloadAsString());
    }

    @BrokersTest(Broker.AEDES)
    void withoutFallbackTheConnectFailsAndNothingIsRemembered(BrokerEndpoint aedes) {
        try (TcpProxy proxy = TcpProxy.to(aedes)) {
            AsyncMqttClient c = clients.async(InteropClients.options(aedes, MqttVersion.MQTT_5_0)
                    .serverUri(proxy.uri()).build());
            assertInstanceOf(MqttException.class, failure(c.connect()));
            assertEquals(ClientState.DISCONNECTED, c.state());
            assertEquals(MqttVersion.MQTT_5_0, c.version());
            assertInstanceOf(MqttException.class, failure(c.connect()));
            assertEquals(List.of(5, 5), protocolLevels(proxy), "each connect tries 5.0 once, and only 5.0");
        }
    }

    /** Aedes's 3.1.1 CONNACK {@code 20 02 00 01} is recognised as what it means, not as a malformed 5.0 CONNACK. */
    @BrokersTest(Broker.AEDES)
    void withoutFallbackTheRefusalIsAConnectionRefusedException(BrokerEndpoint aedes) {
        AsyncMqttClient c = clients.async(InteropClients.options(aedes, MqttVersion.MQTT_5_0).build());
        MqttConnectionRefusedException e = assertInstanceOf(MqttConnectionRefusedException.class,
                failure(c.connect()));
        assertEquals(ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION, e.connAck().reasonCode());
    }

    @BrokersTest(Broker.AEDES)
    void aMqtt311ClientNeedsNoFallback(BrokerEndpoint aedes) {
        try (TcpProxy proxy = TcpProxy.to(aedes)) {
            AsyncMqttClient c = clients.async(InteropClients.options(aedes, MqttVersion.MQTT_3_1_1)
                    .serverUri(proxy.uri()).fallbackToMqtt311(true).build());
            await(c.connect());
            assertEquals(MqttVersion.MQTT_3_1_1, c.version());
            assertEquals(List.of(4), protocolLevels(proxy));
        }
    }

    /** The protocol level byte of each CONNECT the proxy saw, in order. */
    private static List<Integer> protocolLevels(TcpProxy proxy) {
        InteropClients.awaitCondition("the proxy saw every CONNECT", () -> proxy.clientHellos().stream()
                .allMatch(h -> levelOf(h) >= 0));
        return proxy.clientHellos().stream().map(VersionFallbackInteropIT::levelOf).toList();
    }

    /** CONNECT: 0x10, remaining length (1 to 4 bytes), 00 04 'M' 'Q' 'T' 'T', protocol level; -1 if incomplete. */
    private static int levelOf(byte[] connect) {
        int i = 1;
        while (i < connect.length && (connect[i] & 0x80) != 0) {
            i++;
        }
        int level = i + 1 + 6;
        return connect.length > level && connect[0] == 0x10 ? connect[level] : -1;
    }
}
