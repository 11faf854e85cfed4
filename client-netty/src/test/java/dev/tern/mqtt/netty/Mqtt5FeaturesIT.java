package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.message.PayloadFormat;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.RetainHandling;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.message.Will;
import dev.tern.mqtt.netty.Clients.Inbox;
import dev.tern.mqtt.netty.internal.TernAsyncClient;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import dev.tern.mqtt.testing.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MQTT 5.0 features (and their 3.1.1 counterparts where they exist) against the embedded HiveMQ broker. */
@ExtendWith(HiveMqExtension.class)
class Mqtt5FeaturesIT {

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static Publish msg(String topic, String payload, Qos qos) {
        return Publish.builder().topic(topic).payload(payload).qos(qos).build();
    }

    @Test
    void receiveMaximumIsNeverExceededInABurst(@Limits(receiveMaximum = 5) BrokerEndpoint broker) {
        AsyncMqttClient sub = clients.connected(broker, MqttVersion.MQTT_5_0);
        TernAsyncClient pub = (TernAsyncClient) clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("burst");
        Inbox inbox = new Inbox();
        await(sub.subscribe(topic, Qos.AT_LEAST_ONCE, inbox));
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(pub.publish(msg(topic, Integer.toString(i), Qos.AT_LEAST_ONCE)));
        }
        futures.forEach(Clients::await);
        assertEquals(ClientState.CONNECTED, pub.state());
        int peak = pub.core().session().peakInFlight();
        assertTrue(peak <= 5 && peak > 1, "peak in flight " + peak + " within the server's receive maximum 5");
        for (int i = 0; i < 1000; i++) {
            assertEquals(Integer.toString(i), inbox.take().payloadAsString());
        }
    }

    @Test
    void oversizedPublishFailsAndTheConnectionStaysUp(@Limits(maximumPacketSize = 1024) BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("big");
        Throwable t = failure(c.publish(Publish.builder().topic(topic).payload(new byte[2000])
                .qos(Qos.AT_LEAST_ONCE).build()));
        assertInstanceOf(MqttException.class, t);
        assertTrue(t.getMessage().contains("maximum packet size"), t.getMessage());
        assertEquals(ClientState.CONNECTED, c.state());
        await(c.publish(msg(topic, "small", Qos.AT_LEAST_ONCE)));
    }

    @Test
    void topicAliasesCarryTheRightTopics(BrokerEndpoint broker) {
        AsyncMqttClient sub = clients.connected(broker, MqttVersion.MQTT_5_0);
        AsyncMqttClient pub = clients.connected(broker, MqttVersion.MQTT_5_0);
        String base = Clients.uniqueTopic("alias");
        Inbox inbox = new Inbox();
        await(sub.subscribe(base + "/#", Qos.AT_LEAST_ONCE, inbox));
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int t = 0; t < 8; t++) { // more topics than HiveMQ's default alias maximum
                String topic = base + "/t" + t;
                sent.add(topic);
                await(pub.publish(msg(topic, topic, Qos.AT_LEAST_ONCE)));
            }
        }
        for (String topic : sent) {
            Publish p = inbox.take();
            assertEquals(topic, p.topic());
            assertEquals(topic, p.payloadAsString());
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void willIsPublishedOnDisconnectWithWillButNotOnNormalDisconnect(MqttVersion version, BrokerEndpoint broker) {
        String willTopic = Clients.uniqueTopic("will");
        AsyncMqttClient watcher = clients.connected(broker, version);
        Inbox inbox = new Inbox();
        await(watcher.subscribe(willTopic, Qos.AT_LEAST_ONCE, inbox));
        Will will = Will.of(msg(willTopic, "gone", Qos.AT_LEAST_ONCE));

        AsyncMqttClient polite = clients.async(Clients.options(broker, version).will(will).build());
        await(polite.connect());
        await(polite.disconnect());
        assertNull(inbox.poll(500), "no will after a normal DISCONNECT");

        AsyncMqttClient dying = clients.async(Clients.options(broker, version).will(will).build());
        await(dying.connect());
        await(dying.disconnectWithWill());
        assertEquals("gone", inbox.take().payloadAsString());
    }

    @Test
    void requestResponse(BrokerEndpoint broker) {
        AsyncMqttClient responder = clients.connected(broker, MqttVersion.MQTT_5_0);
        AsyncMqttClient requester = clients.connected(broker, MqttVersion.MQTT_5_0);
        String service = Clients.uniqueTopic("service");
        await(responder.subscribe(service, Qos.AT_LEAST_ONCE, req -> responder.publish(Publish.builder()
                .topic(req.responseTopic().orElseThrow())
                .correlationData(req.correlationData().orElseThrow())
                .payload("re: " + req.payloadAsString()).qos(Qos.AT_LEAST_ONCE).build())));
        assertEquals("re: a", await(requester.request(service, "a".getBytes())).payloadAsString());
        assertEquals("re: b", await(requester.request(service, "b".getBytes())).payloadAsString());
    }

    /**
     * One response topic per client: a later connect() neither subscribes to a second one nor leaves the first
     * behind, whether the session subscribes again by itself after the clean start or the client does on the next
     * request.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theResponseSubscriptionIsReusedAcrossConnects(boolean resubscribeOnSessionLoss, BrokerEndpoint broker) {
        AsyncMqttClient responder = clients.connected(broker, MqttVersion.MQTT_5_0);
        String service = Clients.uniqueTopic("service");
        await(responder.subscribe(service, Qos.AT_LEAST_ONCE, req -> responder.publish(Publish.builder()
                .topic(req.responseTopic().orElseThrow())
                .correlationData(req.correlationData().orElseThrow())
                .payload("re: " + req.payloadAsString()).qos(Qos.AT_LEAST_ONCE).build())));
        TernAsyncClient requester = (TernAsyncClient) clients.async(Clients.options(broker, MqttVersion.MQTT_5_0)
                .resubscribeOnSessionLoss(resubscribeOnSessionLoss).build());
        await(requester.connect());
        assertEquals("re: a", await(requester.request(service, "a".getBytes())).payloadAsString());
        List<String> first = responseFilters(requester);
        assertEquals(1, first.size(), "subscribed once: " + first);
        await(requester.disconnect());
        await(requester.connect()); // a clean start: the broker forgot the subscription
        assertEquals("re: b", await(requester.request(service, "b".getBytes())).payloadAsString());
        assertEquals("re: c", await(requester.request(service, "c".getBytes())).payloadAsString());
        assertEquals(first, responseFilters(requester), "the same one response subscription");
    }

    /** The response topics the session holds, and the ones with a handler; they must agree. */
    private static List<String> responseFilters(TernAsyncClient c) {
        CompletableFuture<List<String>> active = new CompletableFuture<>();
        c.core().loop().execute(() -> {
            List<String> granted = c.core().session().activeSubscriptions().stream()
                    .map(dev.tern.mqtt.spi.StoredSubscription::topicFilter)
                    .filter(f -> f.startsWith("tern/replies/")).toList();
            List<String> handled = c.core().session().subscriptions().entries().stream()
                    .map(dev.tern.mqtt.netty.internal.session.SubscriptionRegistry.Entry::topicFilter)
                    .filter(f -> f.startsWith("tern/replies/")).toList();
            active.complete(granted.equals(handled) ? granted : List.of("granted " + granted, "handled " + handled));
        });
        return await(active);
    }

    @Test
    void requestOn311IsRefused(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_3_1_1);
        assertInstanceOf(dev.tern.mqtt.exceptions.MqttClientStateException.class,
                failure(c.request("x", new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void sharedSubscriptionSplitsMessages(MqttVersion version, BrokerEndpoint broker) {
        String topic = Clients.uniqueTopic("shared");
        String filter = "$share/group1/" + topic;
        Inbox one = new Inbox();
        Inbox two = new Inbox();
        await(clients.connected(broker, version).subscribe(filter, Qos.AT_LEAST_ONCE, one));
        await(clients.connected(broker, version).subscribe(filter, Qos.AT_LEAST_ONCE, two));
        AsyncMqttClient pub = clients.connected(broker, version);
        for (int i = 0; i < 20; i++) {
            await(pub.publish(msg(topic, Integer.toString(i), Qos.AT_LEAST_ONCE)));
        }
        Set<String> all = new HashSet<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Clients.WAIT_SECONDS);
        while (all.size() < 20 && System.nanoTime() < deadline) {
            for (Inbox inbox : List.of(one, two)) {
                Publish p = inbox.poll(20);
                if (p != null) {
                    assertTrue(all.add(p.payloadAsString()), "delivered once: " + p.payloadAsString());
                }
            }
        }
        assertEquals(20, all.size());
    }

    @Test
    void noLocalSuppressesOwnMessages(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        AsyncMqttClient other = clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("nolocal");
        Inbox inbox = new Inbox();
        await(c.subscribe(Subscription.builder(topic).noLocal(true).build(), inbox));
        await(c.publish(msg(topic, "mine", Qos.AT_LEAST_ONCE)));
        await(other.publish(msg(topic, "theirs", Qos.AT_LEAST_ONCE)));
        assertEquals("theirs", inbox.take().payloadAsString());
        assertNull(inbox.poll(200));
    }

    @Test
    void retainHandlingDoNotSend(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("retain-handling");
        await(c.publish(Publish.builder().topic(topic).payload("r").retain(true).qos(Qos.AT_LEAST_ONCE).build()));
        Inbox none = new Inbox();
        await(c.subscribe(Subscription.builder(topic).retainHandling(RetainHandling.DO_NOT_SEND).build(), none));
        assertNull(none.poll(300), "retain handling 2: no retained message");
        AsyncMqttClient c2 = clients.connected(broker, MqttVersion.MQTT_5_0);
        Inbox some = new Inbox();
        await(c2.subscribe(Subscription.builder(topic).retainHandling(RetainHandling.SEND_ON_SUBSCRIBE)
                .retainAsPublished(true).build(), some));
        assertTrue(some.take().isRetain());
        await(c.publish(Publish.builder().topic(topic).retain(true).qos(Qos.AT_LEAST_ONCE).build()));
    }

    @Test
    void subscriptionIdentifiersRouteOverlappingSubscriptionsToTheirHandlers(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        String base = Clients.uniqueTopic("subid");
        Inbox wide = new Inbox();
        Inbox narrow = new Inbox();
        await(c.subscribe(base + "/#", Qos.AT_LEAST_ONCE, wide));
        await(c.subscribe(base + "/b", Qos.AT_LEAST_ONCE, narrow));
        await(c.publish(msg(base + "/a", "a", Qos.AT_LEAST_ONCE)));
        await(c.publish(msg(base + "/b", "b", Qos.AT_LEAST_ONCE)));
        Set<String> wideGot = new HashSet<>(List.of(wide.take().payloadAsString(), wide.take().payloadAsString()));
        assertEquals(Set.of("a", "b"), wideGot);
        Publish b = narrow.take();
        assertEquals("b", b.payloadAsString());
        assertFalse(b.subscriptionIdentifiers().isEmpty(), "the server sent subscription identifiers");
        assertNull(narrow.poll(200));
    }

    @Test
    void propertiesSurviveTheRoundTrip(BrokerEndpoint broker) {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("props");
        Inbox inbox = new Inbox();
        await(c.subscribe(topic, Qos.EXACTLY_ONCE, inbox));
        Publish sent = Publish.builder().topic(topic).payload("{\"t\":21}").qos(Qos.EXACTLY_ONCE)
                .payloadFormat(PayloadFormat.UTF_8).contentType("application/json").messageExpiryInterval(120L)
                .responseTopic(topic + "/reply").correlationData(new byte[] {1, 2, 3})
                .userProperty("unit", "celsius").userProperty("unit", "again").build();
        await(c.publish(sent));
        Publish got = inbox.take();
        assertEquals(PayloadFormat.UTF_8, got.payloadFormat().orElseThrow());
        assertEquals("application/json", got.contentType().orElseThrow());
        assertTrue(got.messageExpiryInterval().getAsLong() <= 120 && got.messageExpiryInterval().getAsLong() > 100);
        assertEquals(topic + "/reply", got.responseTopic().orElseThrow());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), got.correlationData().orElseThrow());
        assertEquals(List.of(UserProperty.of("unit", "celsius"), UserProperty.of("unit", "again")),
                got.userProperties());
    }

    @Test
    void expiredMessageIsNotDelivered(BrokerEndpoint broker) throws Exception {
        AsyncMqttClient c = clients.connected(broker, MqttVersion.MQTT_5_0);
        String topic = Clients.uniqueTopic("expiry");
        await(c.publish(Publish.builder().topic(topic).payload("short").retain(true).messageExpiryInterval(1L)
                .qos(Qos.AT_LEAST_ONCE).build()));
        await(c.publish(Publish.builder().topic(topic + "/long").payload("long").retain(true)
                .messageExpiryInterval(60L).qos(Qos.AT_LEAST_ONCE).build()));
        Thread.sleep(2100); // the retained message's expiry must pass: this is the condition under test
        Inbox inbox = new Inbox();
        await(c.subscribe(topic + "/#", Qos.AT_LEAST_ONCE, inbox));
        assertEquals("long", inbox.take().payloadAsString());
        assertNull(inbox.poll(300), "the expired retained message is gone");
        await(c.publish(Publish.builder().topic(topic + "/long").retain(true).qos(Qos.AT_LEAST_ONCE).build()));
    }
}
