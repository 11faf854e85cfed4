package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.spi.InMemorySessionStore;
import dev.tern.mqtt.spi.StoredPublish;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session across connections, on EmbeddedChannels: what is resent, republished, resubscribed, buffered, dropped
 * and stored. Each {@code connect} is a new channel, as a reconnect is.
 */
class SessionAcrossConnectionsTest {

    private static final ServerLimits LIMITS = new ServerLimits(10, Qos.EXACTLY_ONCE, true, 10_000, 0, true, true,
            true);
    private static final MqttConnectionLostException CUT = new MqttConnectionLostException("cut",
            MqttConnectionLostException.ClosedBy.NETWORK, null, null, null);

    private final List<Publish> delivered = new ArrayList<>();
    private final List<Runnable> acks = new ArrayList<>();
    private final InMemorySessionStore store = new InMemorySessionStore();
    private EmbeddedChannel channel;
    private ClientSession session;

    private ClientSession session(SessionSettings settings) {
        EmbeddedChannel first = new EmbeddedChannel();
        ClientSession s = new ClientSession(first.eventLoop(), new SessionListener() {
            @Override
            public void deliver(Publish message, Runnable acknowledgement) {
                delivered.add(message);
                acks.add(acknowledgement);
            }

            @Override
            public void protocolError(DisconnectReasonCode reasonCode, String message) {
                throw new AssertionError(message);
            }
        }, store, settings);
        session = s;
        return s;
    }

    private static SessionSettings settings(int maxMessages, long maxBytes, BufferOverflowPolicy policy) {
        return new SessionSettings(maxMessages, maxBytes, policy, true, true, true, Duration.ofSeconds(5));
    }

    private void connect(boolean sessionPresent) {
        channel = new EmbeddedChannel();
        session.attach(channel, MqttVersion.MQTT_5_0, LIMITS, sessionPresent, p -> 100, 10, 0);
    }

    /** A connection in {@code version} with {@code limits}, whose sizer is the real encoder's. */
    private void connect(MqttVersion version, ServerLimits limits, boolean sessionPresent) {
        channel = new EmbeddedChannel();
        session.attach(channel, version, limits, sessionPresent, p -> MqttPacketEncoder.encodedSize(p, version), 10,
                0);
    }

    private void cut() {
        channel.close();
        session.detach(CUT);
    }

    private CompletableFuture<PublishResult> publish(String topic, Qos qos) {
        return publish(Publish.builder().topic(topic).payload("x").qos(qos).build());
    }

    private CompletableFuture<PublishResult> publish(Publish message) {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        session.publish(new OutgoingPublish(message, f));
        return f;
    }

    private <T> T out(Class<T> type) {
        Object o = channel.readOutbound();
        assertInstanceOf(type, o, "next packet out");
        return type.cast(o);
    }

    @Test
    void resumedSessionResendsPublishWithDupAndPubRelInOriginalOrder() {
        session(SessionSettings.DEFAULTS);
        connect(false);
        CompletableFuture<PublishResult> a = publish("a", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> b = publish("b", Qos.EXACTLY_ONCE);
        CompletableFuture<PublishResult> c = publish("c", Qos.EXACTLY_ONCE);
        int idA = out(PublishPacket.class).packetId();
        int idB = out(PublishPacket.class).packetId();
        int idC = out(PublishPacket.class).packetId();
        session.onPubRec(PubRecPacket.of(idB));
        assertEquals(idB, out(PubRelPacket.class).packetId());
        cut();
        publish("d", Qos.AT_LEAST_ONCE); // offline: waits behind the resends

        connect(true);
        PublishPacket resentA = out(PublishPacket.class);
        assertEquals(idA, resentA.packetId());
        assertTrue(resentA.dup(), "DUP=1 on a resend");
        assertEquals(idB, out(PubRelPacket.class).packetId(), "PUBREL again, never the PUBLISH of b");
        PublishPacket resentC = out(PublishPacket.class);
        assertEquals(idC, resentC.packetId());
        assertTrue(resentC.dup());
        PublishPacket d = out(PublishPacket.class);
        assertEquals("d", d.topic());
        assertFalse(d.dup());
        assertNull(channel.readOutbound());

        session.onPubAck(PubAckPacket.of(idA));
        session.onPubComp(PubCompPacket.of(idB));
        assertTrue(a.isDone() && !a.isCompletedExceptionally());
        assertTrue(b.isDone() && !b.isCompletedExceptionally());
        assertFalse(c.isDone());
    }

    @Test
    void aWaitingMessageIsMappedAndCheckedAgainForTheNextConnection() {
        session(SessionSettings.DEFAULTS);
        connect(MqttVersion.MQTT_5_0, new ServerLimits(1, Qos.EXACTLY_ONCE, true, 10_000, 0, true, true, true),
                false);
        publish("a", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> withProperty = publish(Publish.builder().topic("b").payload("x")
                .qos(Qos.AT_LEAST_ONCE).userProperty("k", "v").build());
        CompletableFuture<PublishResult> large = publish(Publish.builder().topic("c").payload(new byte[200])
                .qos(Qos.AT_LEAST_ONCE).build());
        assertEquals("a", out(PublishPacket.class).topic());
        assertNull(channel.readOutbound(), "b and c were checked and wait for the window of 1");
        cut();

        connect(MqttVersion.MQTT_3_1_1, new ServerLimits(10, Qos.EXACTLY_ONCE, true, 100, 0, true, true, true),
                true);
        PublishPacket resentA = out(PublishPacket.class);
        assertTrue(resentA.dup());
        PublishPacket b = out(PublishPacket.class);
        assertEquals("b", b.topic());
        assertFalse(b.dup());
        assertTrue(b.userProperties().isEmpty(), "mapped again for MQTT 3.1.1, which has no user properties");
        assertNull(channel.readOutbound(), "c is over this server's maximum packet size");
        assertTrue(large.isCompletedExceptionally());
        Throwable why = large.handle((r, e) -> e).join();
        assertTrue(why.getMessage().contains("more than the server's maximum packet size of 100"), why.getMessage());
        assertTrue(channel.isOpen(), "the connection stays up");
        assertFalse(withProperty.isDone());
        session.onPubAck(PubAckPacket.of(b.packetId()));
        assertTrue(withProperty.isDone() && !withProperty.isCompletedExceptionally());
    }

    @Test
    void aMessagePreparedForAnotherVersionIsMappedAndSizedAgain() {
        session(SessionSettings.DEFAULTS);
        // 3.1.1 drops the user property, so prepared for 3.1.1 the packet is small; in 5.0 it is over the limit
        Publish message = Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE)
                .userProperty("key", "x".repeat(100)).build();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(message, f);
        op.prepare(MqttVersion.MQTT_3_1_1);
        connect(MqttVersion.MQTT_5_0, new ServerLimits(10, Qos.EXACTLY_ONCE, true, 100, 0, true, true, true), false);
        session.publish(op);
        assertNull(channel.readOutbound(), "over the 5.0 server's maximum packet size");
        Throwable why = f.handle((r, e) -> e).join();
        assertTrue(why.getMessage().contains("more than the server's maximum packet size of 100"), why.getMessage());
    }

    @Test
    void aPreparedMessageIsCheckedAsAnUnpreparedOne() {
        session(SessionSettings.DEFAULTS);
        connect(MqttVersion.MQTT_5_0, new ServerLimits(10, Qos.EXACTLY_ONCE, true, 100, 0, true, true, true), false);
        OutgoingPublish small = new OutgoingPublish(Publish.builder().topic("s").payload("x").build(),
                new CompletableFuture<>());
        small.prepare(MqttVersion.MQTT_5_0);
        CompletableFuture<PublishResult> large = new CompletableFuture<>();
        OutgoingPublish big = new OutgoingPublish(Publish.builder().topic("b").payload(new byte[200]).build(), large);
        big.prepare(MqttVersion.MQTT_5_0);
        session.publish(small);
        session.publish(big);
        assertEquals("s", out(PublishPacket.class).topic());
        assertNull(channel.readOutbound());
        Throwable why = large.handle((r, e) -> e).join();
        assertTrue(why.getMessage().contains("more than the server's maximum packet size of 100"), why.getMessage());
    }

    @Test
    void anErrorAcknowledgementEndsTheExchangeForGood() {
        session(SessionSettings.DEFAULTS);
        connect(false);
        CompletableFuture<PublishResult> refused = publish("a", Qos.AT_LEAST_ONCE);
        int id = out(PublishPacket.class).packetId();
        session.onPubAck(new PubAckPacket(id, dev.tern.mqtt.reason.PubAckReasonCode.NOT_AUTHORIZED, null, List.of()));
        assertTrue(refused.isCompletedExceptionally());
        cut();
        connect(true);
        assertNull(channel.readOutbound(), "MQTT-4.4.0-2: nothing is resent after an error acknowledgement");
        assertTrue(store.outgoing().isEmpty());
    }

    @Test
    void lostSessionRepublishesAsNewAndFailsWhatWasAlreadyReleased() {
        session(SessionSettings.DEFAULTS);
        connect(false);
        CompletableFuture<PublishResult> a = publish("a", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> b = publish("b", Qos.EXACTLY_ONCE);
        CompletableFuture<PublishResult> c = publish("c", Qos.EXACTLY_ONCE);
        out(PublishPacket.class);
        int idB = out(PublishPacket.class).packetId();
        out(PublishPacket.class);
        session.onPubRec(PubRecPacket.of(idB));
        out(PubRelPacket.class);
        cut();

        connect(false);
        PublishPacket a2 = out(PublishPacket.class);
        PublishPacket c2 = out(PublishPacket.class);
        assertEquals(List.of("a", "c"), List.of(a2.topic(), c2.topic()), "republished in order");
        assertFalse(a2.dup(), "a new message, not a resend");
        MqttConnectionLostException e = assertInstanceOf(MqttConnectionLostException.class,
                b.handle((r, t) -> t).join());
        assertTrue(e.getMessage().contains("PUBREC"), e.getMessage());
        session.onPubAck(PubAckPacket.of(a2.packetId()));
        assertTrue(a.isDone() && !a.isCompletedExceptionally());
        assertFalse(c.isDone());
    }

    @Test
    void lostSessionWithoutRepublishFailsInFlight() {
        session(new SessionSettings(10, 1000, BufferOverflowPolicy.REJECT, true, true, false, Duration.ofSeconds(5)));
        connect(false);
        CompletableFuture<PublishResult> a = publish("a", Qos.AT_LEAST_ONCE);
        out(PublishPacket.class);
        cut();
        connect(false);
        assertNull(channel.readOutbound());
        assertInstanceOf(MqttConnectionLostException.class, a.handle((r, t) -> t).join());
        assertEquals(0, session.packetIds().inUse());
    }

    @Test
    void lostSessionResubscribesEveryActiveSubscriptionBeforeAnyPublish() {
        session(SessionSettings.DEFAULTS);
        connect(false);
        CompletableFuture<SubAck> sub = new CompletableFuture<>();
        session.subscribe(List.of(Subscription.of("x/#", Qos.EXACTLY_ONCE), Subscription.of("y", Qos.AT_MOST_ONCE)),
                m -> { }, sub, Duration.ofSeconds(5));
        SubscribePacket first = out(SubscribePacket.class);
        session.onSubAck(new SubAckPacket(first.packetId(), List.of(SubAckReasonCode.GRANTED_QOS_2,
                SubAckReasonCode.GRANTED_QOS_0), null, List.of()));
        assertTrue(sub.isDone() && !sub.isCompletedExceptionally());
        cut();
        publish("z", Qos.AT_LEAST_ONCE);

        connect(false);
        SubscribePacket again = out(SubscribePacket.class);
        assertEquals(List.of("x/#", "y"), again.subscriptions().stream().map(r -> r.topicFilter()).toList());
        assertEquals(Qos.EXACTLY_ONCE, again.subscriptions().get(0).qos());
        assertEquals(first.subscriptionIdentifier(), again.subscriptionIdentifier(), "same identifier: handlers"
                + " keep matching");
        assertEquals("z", out(PublishPacket.class).topic(), "the buffered message goes after the SUBSCRIBE");

        cut();
        connect(true);
        assertEquals("z", out(PublishPacket.class).topic(), "session present: no SUBSCRIBE, only the resend");
        assertNull(channel.readOutbound());
    }

    @Test
    void offlineBufferKeepsOrderAcrossQosLevels() {
        session(SessionSettings.DEFAULTS);
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        Qos[] qos = {Qos.AT_MOST_ONCE, Qos.AT_LEAST_ONCE, Qos.EXACTLY_ONCE, Qos.AT_MOST_ONCE, Qos.AT_LEAST_ONCE};
        for (int i = 0; i < qos.length; i++) {
            futures.add(publish("m" + i, qos[i]));
        }
        assertEquals(5, session.queuedCount());
        connect(false);
        for (int i = 0; i < qos.length; i++) {
            PublishPacket p = out(PublishPacket.class);
            assertEquals("m" + i, p.topic());
            assertEquals(qos[i], p.qos());
        }
        assertTrue(futures.get(0).isDone(), "QoS 0 completes once written");
    }

    @Test
    void rejectPolicyFailsTheNewMessageAndKeepsTheOthers() {
        session(settings(2, 1000, BufferOverflowPolicy.REJECT));
        CompletableFuture<PublishResult> a = publish("a", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> b = publish("b", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> c = publish("c", Qos.AT_LEAST_ONCE);
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_REJECTED, dropped(c).reason());
        assertFalse(a.isDone() || b.isDone());
        connect(false);
        assertEquals(List.of("a", "b"), topicsOut());
    }

    @Test
    void dropOldestPolicyFailsTheOldestWaitingMessage() {
        session(settings(2, 1000, BufferOverflowPolicy.DROP_OLDEST));
        CompletableFuture<PublishResult> a = publish("a", Qos.AT_LEAST_ONCE);
        publish("b", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> c = publish("c", Qos.AT_LEAST_ONCE);
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_DROPPED_OLDEST, dropped(a).reason());
        assertFalse(c.isDone());
        connect(false);
        assertEquals(List.of("b", "c"), topicsOut());
    }

    @Test
    void dropNewestPolicyFailsTheNewestWaitingMessage() {
        session(settings(2, 1000, BufferOverflowPolicy.DROP_NEWEST));
        publish("a", Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> b = publish("b", Qos.AT_LEAST_ONCE);
        publish("c", Qos.AT_LEAST_ONCE);
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_DROPPED_NEWEST, dropped(b).reason());
        connect(false);
        assertEquals(List.of("a", "c"), topicsOut());
    }

    @Test
    void byteBoundCountsTopicAndPayload() {
        session(settings(100, 10, BufferOverflowPolicy.DROP_OLDEST)); // "a" + "x" = 2 bytes each
        List<CompletableFuture<PublishResult>> f = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            f.add(publish("a", Qos.AT_LEAST_ONCE));
        }
        assertEquals(5, session.queuedCount());
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_DROPPED_OLDEST, dropped(f.get(0)).reason());
        CompletableFuture<PublishResult> huge = publish(Publish.builder().topic("big").payload(new byte[20]).build());
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_REJECTED, dropped(huge).reason(),
                "a message larger than the whole buffer is refused, never makes room");
        assertEquals(5, session.queuedCount());
    }

    @Test
    void qos0BufferingCanBeTurnedOff() {
        session(new SessionSettings(10, 1000, BufferOverflowPolicy.REJECT, false, true, true, Duration.ofSeconds(5)));
        assertEquals(MqttMessageDroppedException.Reason.QOS0_NOT_BUFFERED,
                dropped(publish("a", Qos.AT_MOST_ONCE)).reason());
        assertFalse(publish("b", Qos.AT_LEAST_ONCE).isDone());
    }

    @Test
    void expiredMessageIsDroppedAndSurvivorCarriesWhatIsLeftOfItsExpiry() {
        session(SessionSettings.DEFAULTS);
        long now = System.currentTimeMillis();
        CompletableFuture<PublishResult> old = new CompletableFuture<>();
        session.publish(new OutgoingPublish(Publish.builder().topic("old").qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(5L).build(), old, now - 6_000));
        CompletableFuture<PublishResult> fresh = new CompletableFuture<>();
        session.publish(new OutgoingPublish(Publish.builder().topic("fresh").qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(100L).build(), fresh, now - 30_500));
        connect(false);
        assertEquals(MqttMessageDroppedException.Reason.EXPIRED, dropped(old).reason());
        PublishPacket p = out(PublishPacket.class);
        assertEquals("fresh", p.topic());
        assertEquals(70L, p.messageExpiryInterval(), "100 s minus the 30.5 s it waited, rounded up");
    }

    @Test
    void storeHoldsEveryStageAndANewSessionResumesFromIt() {
        session(SessionSettings.DEFAULTS);
        connect(false);
        publish("a", Qos.AT_LEAST_ONCE);
        publish("b", Qos.EXACTLY_ONCE);
        out(PublishPacket.class);
        int idB = out(PublishPacket.class).packetId();
        session.onPubRec(PubRecPacket.of(idB));
        out(PubRelPacket.class);
        session.onPublish(PublishPacket.of("in", Qos.EXACTLY_ONCE, false, 77, null));
        cut();
        publish("c", Qos.AT_MOST_ONCE);
        assertEquals(List.of(StoredPublish.Stage.SENT, StoredPublish.Stage.RELEASED, StoredPublish.Stage.BUFFERED),
                store.outgoing().stream().map(StoredPublish::stage).toList());
        assertEquals(java.util.Set.of(77), store.inboundQos2());

        // a new client (a restarted process) with the same store
        delivered.clear();
        session(SessionSettings.DEFAULTS);
        assertEquals(2, session.inFlightCount());
        assertEquals(1, session.queuedCount());
        connect(true);
        PublishPacket a = out(PublishPacket.class);
        assertEquals("a", a.topic());
        assertTrue(a.dup());
        assertEquals(idB, out(PubRelPacket.class).packetId());
        assertEquals("c", out(PublishPacket.class).topic());
        session.onPublish(PublishPacket.of("in", Qos.EXACTLY_ONCE, false, 77, null).withDup());
        assertTrue(delivered.isEmpty(), "inbound QoS 2 awaiting PUBREL is not delivered again after a restart");
        assertEquals(77, out(PubRecPacket.class).packetId());
        session.onPubAck(PubAckPacket.of(a.packetId()));
        session.onPubComp(PubCompPacket.of(idB));
        session.onPubRel(PubRelPacket.of(77));
        assertTrue(store.outgoing().isEmpty());
        assertTrue(store.inboundQos2().isEmpty());
    }

    @Test
    void inboundQos2IsDeliveredOnceAcrossAReconnectAndForgottenWithTheSession() {
        session(SessionSettings.DEFAULTS);
        connect(false);
        PublishPacket p = PublishPacket.of("t", Qos.EXACTLY_ONCE, false, 5, null);
        session.onPublish(p);
        acks.get(0).run();
        assertEquals(5, out(PubRecPacket.class).packetId());
        cut();
        connect(true);
        session.onPublish(p.withDup());
        assertEquals(1, delivered.size(), "resent on the resumed session: not delivered again");
        assertEquals(5, out(PubRecPacket.class).packetId());
        cut();
        connect(false);
        session.onPublish(p);
        assertEquals(2, delivered.size(), "a new session: the same id is a new message");
    }

    private List<String> topicsOut() {
        List<String> topics = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            topics.add(((PublishPacket) o).topic());
        }
        return topics;
    }

    private static MqttMessageDroppedException dropped(CompletableFuture<PublishResult> f) {
        assertTrue(f.isCompletedExceptionally(), "the future failed");
        return assertInstanceOf(MqttMessageDroppedException.class, f.handle((r, t) -> t).join());
    }
}
