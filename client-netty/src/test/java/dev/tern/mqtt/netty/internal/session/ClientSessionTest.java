package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.BufferOverflowPolicy;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.netty.internal.packet.UnsubAckPacket;
import dev.tern.mqtt.netty.internal.packet.UnsubscribePacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubAckReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;
import dev.tern.mqtt.spi.InMemorySessionStore;
import dev.tern.mqtt.spi.StoredSubscription;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's flows on an EmbeddedChannel: packets out are read back as packet records (no codec). */
class ClientSessionTest {

    private final List<Publish> delivered = new ArrayList<>();
    private final List<Runnable> acks = new ArrayList<>();
    private final List<DisconnectReasonCode> errors = new ArrayList<>();
    private EmbeddedChannel channel;
    private ClientSession session;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel();
        session = new ClientSession(channel.eventLoop(), listener());
    }

    private SessionListener listener() {
        return new SessionListener() {
            @Override
            public void deliver(Publish message, Runnable acknowledgement) {
                delivered.add(message);
                acks.add(acknowledgement);
            }

            @Override
            public void protocolError(DisconnectReasonCode reasonCode, String message) {
                errors.add(reasonCode);
            }
        };
    }

    private void attach(int serverReceiveMaximum, long maximumPacketSize) {
        ServerLimits limits = new ServerLimits(serverReceiveMaximum, Qos.EXACTLY_ONCE, true, maximumPacketSize, 0,
                true, true, true);
        session.attach(channel, MqttVersion.MQTT_5_0, limits, false, p -> 100, 10, 4);
    }

    private CompletableFuture<PublishResult> publish(Qos qos) {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        session.publish(new OutgoingPublish(Publish.builder().topic("t").payload("x").qos(qos).build(), f));
        return f;
    }

    private <T> T out(Class<T> type) {
        Object o = channel.readOutbound();
        assertInstanceOf(type, o);
        return type.cast(o);
    }

    @Test
    void neverMoreInFlightThanTheServerReceiveMaximum() {
        attach(2, 1000);
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(publish(Qos.AT_LEAST_ONCE));
        }
        PublishPacket first = out(PublishPacket.class);
        PublishPacket second = out(PublishPacket.class);
        assertNull(channel.readOutbound(), "only two sent");
        assertEquals(2, session.inFlightCount());
        assertEquals(3, session.queuedCount());
        session.onPubAck(PubAckPacket.of(first.packetId()));
        assertTrue(futures.get(0).isDone());
        out(PublishPacket.class);
        assertNull(channel.readOutbound(), "one ack frees one slot");
        session.onPubAck(PubAckPacket.of(second.packetId()));
        assertEquals(2, session.inFlightCount());
        assertEquals(1, session.queuedCount());
    }

    private void drainOutbound() {
        while (channel.readOutbound() != null) {
            // discard
        }
    }

    @Test
    void onMqtt311AtMost20AreInFlightByDefault() {
        // 3.1.1 has no Receive Maximum (the CONNACK limits are the protocol's own), yet brokers drop beyond theirs
        session.attach(channel, MqttVersion.MQTT_3_1_1, ServerLimits.NONE, false, p -> 100, 65_535, 0);
        for (int i = 0; i < 25; i++) {
            publish(i % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE);
        }
        assertEquals(20, session.inFlightWindow());
        assertEquals(20, session.inFlightCount());
        assertEquals(5, session.queuedCount());
    }

    @Test
    void theWindowIsTheSmallerOfOurCapAndTheServersReceiveMaximum() {
        session = new ClientSession(channel.eventLoop(), listener(), new InMemorySessionStore(),
                new SessionSettings(100, 1 << 20, BufferOverflowPolicy.REJECT, true, true, true, Duration.ofSeconds(5),
                        4, 3));
        attach(10, 1000);
        for (int i = 0; i < 5; i++) {
            publish(Qos.AT_LEAST_ONCE);
        }
        assertEquals(3, session.inFlightWindow(), "our cap of 3 on MQTT 5.0, below the server's 10");
        assertEquals(3, session.inFlightCount());
        drainOutbound();
        session.detach(new MqttConnectionLostException("gone", MqttConnectionLostException.ClosedBy.NETWORK, null,
                null, null));
        ServerLimits two = new ServerLimits(2, Qos.EXACTLY_ONCE, true, 1000, 0, true, true, true);
        session.attach(channel, MqttVersion.MQTT_5_0, two, true, p -> 100, 10, 0);
        assertEquals(2, session.inFlightWindow(), "the server's 2, below our 3");
    }

    private ClientSession sessionWithQueueOf(int maxMessages, long maxBytes, BufferOverflowPolicy policy) {
        return new ClientSession(channel.eventLoop(), listener(), new InMemorySessionStore(),
                new SessionSettings(maxMessages, maxBytes, policy, true, true, true, Duration.ofSeconds(5)));
    }

    private static MqttMessageDroppedException.Reason dropReason(CompletableFuture<PublishResult> f) {
        assertTrue(f.isCompletedExceptionally(), "dropped");
        return assertInstanceOf(MqttMessageDroppedException.class, f.handle((r, t) -> t).join()).reason();
    }

    @Test
    void theQueueBehindTheWindowIsBoundedAndRejectsWhenFull() {
        session = sessionWithQueueOf(3, 1 << 20, BufferOverflowPolicy.REJECT);
        attach(2, 1000);
        List<CompletableFuture<PublishResult>> f = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            f.add(publish(Qos.AT_LEAST_ONCE));
        }
        assertEquals(2, session.inFlightCount());
        assertEquals(3, session.queuedCount(), "at most 3 wait");
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_REJECTED, dropReason(f.get(5)));
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_REJECTED, dropReason(f.get(6)));
        for (int i = 0; i < 5; i++) {
            assertTrue(!f.get(i).isDone(), "sent or waiting: " + i);
        }
        session.onPubAck(PubAckPacket.of(out(PublishPacket.class).packetId()));
        assertTrue(!publish(Qos.AT_LEAST_ONCE).isDone(), "an acknowledgement makes room again");
        assertEquals(3, session.queuedCount());
    }

    @Test
    void theQueueBehindTheWindowAppliesTheOverflowPolicy() {
        session = sessionWithQueueOf(2, 1 << 20, BufferOverflowPolicy.DROP_OLDEST);
        attach(1, 1000);
        List<CompletableFuture<PublishResult>> f = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            f.add(publish(Qos.AT_LEAST_ONCE));
        }
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_DROPPED_OLDEST, dropReason(f.get(1)),
                "the oldest waiting one; the one in flight is not waiting");
        assertTrue(!f.get(0).isDone() && !f.get(2).isDone() && !f.get(3).isDone());
        assertEquals(2, session.queuedCount());
    }

    @Test
    void messagesThatCanGoOutAtOnceNeverCountAgainstTheQueue() {
        session = sessionWithQueueOf(0, 0, BufferOverflowPolicy.REJECT);
        attach(2, 1000);
        CompletableFuture<PublishResult> q0 = publish(Qos.AT_MOST_ONCE);
        CompletableFuture<PublishResult> first = publish(Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> second = publish(Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> third = publish(Qos.AT_LEAST_ONCE);
        assertTrue(!q0.isCompletedExceptionally() && !first.isDone() && !second.isDone());
        assertEquals(MqttMessageDroppedException.Reason.BUFFER_FULL_REJECTED, dropReason(third),
                "with no room to wait, a message beyond the window fails at once");
    }

    @Test
    void anUnsubAckRemovesOnlyTheHandlerItsUnsubscribeWasFor() {
        attach(10, 1000);
        List<String> got = new ArrayList<>();
        CompletableFuture<SubAck> first = new CompletableFuture<>();
        session.subscribe(List.of(Subscription.of("f", Qos.AT_LEAST_ONCE)), m -> got.add("old"), first,
                Duration.ofSeconds(5));
        SubscribePacket sub1 = out(SubscribePacket.class);
        session.onSubAck(new SubAckPacket(sub1.packetId(), List.of(SubAckReasonCode.GRANTED_QOS_1), null, List.of()));
        // unsubscribe, then subscribe again before the UNSUBACK arrives
        CompletableFuture<UnsubAck> unsub = new CompletableFuture<>();
        session.unsubscribe(List.of("f"), unsub, Duration.ofSeconds(5));
        UnsubscribePacket u = out(UnsubscribePacket.class);
        CompletableFuture<SubAck> again = new CompletableFuture<>();
        session.subscribe(List.of(Subscription.of("f", Qos.AT_LEAST_ONCE)), m -> got.add("new"), again,
                Duration.ofSeconds(5));
        SubscribePacket sub2 = out(SubscribePacket.class);
        session.onUnsubAck(new UnsubAckPacket(u.packetId(), List.of(UnsubAckReasonCode.SUCCESS), null, List.of()));
        session.onSubAck(new SubAckPacket(sub2.packetId(), List.of(SubAckReasonCode.GRANTED_QOS_1), null, List.of()));
        assertTrue(unsub.isDone() && again.isDone() && !again.isCompletedExceptionally());
        Publish m = Publish.builder().topic("f").build();
        session.subscriptions().handlersFor(m).forEach(h -> h.accept(m));
        assertEquals(List.of("new"), got, "the handler of the later SUBSCRIBE stays");
        assertEquals(List.of("f"), session.activeSubscriptions().stream().map(StoredSubscription::topicFilter)
                .toList());
    }

    @Test
    void anUnacknowledgedSubscribeIsSentAgainOnTheNextConnectionBeforeAnyMessageArrives() {
        attach(10, 1000);
        List<String> got = new ArrayList<>();
        CompletableFuture<SubAck> sub = new CompletableFuture<>();
        session.subscribe(List.of(Subscription.of("f", Qos.AT_LEAST_ONCE)), m -> got.add(m.topic()), sub,
                Duration.ofSeconds(5));
        CompletableFuture<UnsubAck> unsub = new CompletableFuture<>();
        session.unsubscribe(List.of("g"), unsub, Duration.ofSeconds(5));
        out(SubscribePacket.class);
        out(UnsubscribePacket.class);
        session.detach(new MqttConnectionLostException("cut", MqttConnectionLostException.ClosedBy.NETWORK, null,
                null, null));
        assertTrue(!sub.isDone() && !unsub.isDone(), "kept for the next connection");
        assertEquals(2, session.deferredRequestCount());
        assertEquals(0, session.packetIds().inUse(), "their packet ids are free");

        channel = new EmbeddedChannel();
        attach(10, 1000);
        session.activate(true);
        SubscribePacket again = out(SubscribePacket.class);
        assertEquals("f", again.subscriptions().get(0).topicFilter());
        UnsubscribePacket unsubAgain = out(UnsubscribePacket.class);
        // the resumed session delivers a message for the filter before the SUBACK: its handler is already there
        session.onPublish(PublishPacket.of("f", Qos.AT_LEAST_ONCE, false, 1, ByteBuffer.wrap(new byte[1])));
        assertEquals(1, delivered.size());
        session.subscriptions().handlersFor(delivered.get(0)).forEach(h -> h.accept(delivered.get(0)));
        assertEquals(List.of("f"), got);
        session.onSubAck(new SubAckPacket(again.packetId(), List.of(SubAckReasonCode.GRANTED_QOS_1), null,
                List.of()));
        session.onUnsubAck(new UnsubAckPacket(unsubAgain.packetId(), List.of(UnsubAckReasonCode.SUCCESS), null,
                List.of()));
        assertTrue(sub.isDone() && !sub.isCompletedExceptionally());
        assertTrue(unsub.isDone() && !unsub.isCompletedExceptionally());
    }

    @Test
    void anUnacknowledgedSubscribeFailsWithTheLossWhenNoConnectionFollows() {
        attach(10, 1000);
        CompletableFuture<SubAck> sub = new CompletableFuture<>();
        session.subscribe(List.of(Subscription.of("f", Qos.AT_LEAST_ONCE)), m -> { }, sub, Duration.ofSeconds(5));
        out(SubscribePacket.class);
        MqttConnectionLostException cut = new MqttConnectionLostException("cut",
                MqttConnectionLostException.ClosedBy.NETWORK, null, null, null);
        session.detach(cut);
        session.failDeferredRequests(cut);
        assertTrue(sub.isCompletedExceptionally());
        assertEquals(cut, sub.handle((r, e) -> e).join());
        assertTrue(session.subscriptions().handlersFor(Publish.builder().topic("f").build()).isEmpty(),
                "no handler left behind");
    }

    @Test
    void qos2SendsPubRelNeverThePublishAgainAndCompletesOnPubComp() {
        attach(10, 1000);
        CompletableFuture<PublishResult> f = publish(Qos.EXACTLY_ONCE);
        int id = out(PublishPacket.class).packetId();
        session.onPubRec(PubRecPacket.of(id));
        assertEquals(id, out(PubRelPacket.class).packetId());
        session.onPubRec(PubRecPacket.of(id)); // duplicate PUBREC
        assertEquals(id, out(PubRelPacket.class).packetId(), "repeats PUBREL, not PUBLISH");
        assertTrue(!f.isDone());
        session.onPubComp(PubCompPacket.of(id));
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
        assertEquals(0, session.packetIds().inUse());
    }

    @Test
    void errorReasonCodeFailsWithTheCode() {
        attach(10, 1000);
        CompletableFuture<PublishResult> f = publish(Qos.AT_LEAST_ONCE);
        int id = out(PublishPacket.class).packetId();
        session.onPubAck(new PubAckPacket(id, PubAckReasonCode.NOT_AUTHORIZED, "nope", List.of()));
        MqttAckException e = assertInstanceOf(MqttAckException.class, f.handle((r, t) -> t).join());
        assertEquals(List.of(PubAckReasonCode.NOT_AUTHORIZED), e.reasonCodes());
    }

    @Test
    void oversizedPublishFailsAndNothingIsSent() {
        attach(10, 50);
        CompletableFuture<PublishResult> f = publish(Qos.AT_LEAST_ONCE);
        assertTrue(f.isCompletedExceptionally());
        assertTrue(f.handle((r, t) -> t.getMessage()).join().contains("maximum packet size"));
        assertNull(channel.readOutbound());
        assertEquals(0, session.packetIds().inUse());
    }

    @Test
    void inboundQos2IsDeliveredOnceEvenWhenResent() {
        attach(10, 1000);
        PublishPacket p = PublishPacket.of("t", Qos.EXACTLY_ONCE, false, 7, ByteBuffer.wrap(new byte[] {1}));
        session.onPublish(p);
        session.onPublish(p.withDup()); // resent before we answered
        assertEquals(1, delivered.size());
        assertNull(channel.readOutbound(), "no PUBREC before the handler was handed the message");
        acks.get(0).run();
        assertEquals(7, out(PubRecPacket.class).packetId());
        session.onPublish(p.withDup()); // resent after PUBREC
        assertEquals(1, delivered.size(), "still delivered once");
        assertEquals(7, out(PubRecPacket.class).packetId(), "PUBREC repeated");
        session.onPubRel(PubRelPacket.of(7));
        assertEquals(7, out(PubCompPacket.class).packetId());
        session.onPublish(p); // same id after PUBREL: a new message
        assertEquals(2, delivered.size());
    }

    @Test
    void acknowledgementsGoInTheOrderTheMessagesCameWhateverOrderTheyAreDecidedIn() {
        attach(10, 1000);
        session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 1, ByteBuffer.wrap(new byte[] {1})));
        session.onPublish(PublishPacket.of("t", Qos.EXACTLY_ONCE, false, 2, ByteBuffer.wrap(new byte[] {2})));
        session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 3, ByteBuffer.wrap(new byte[] {3})));
        acks.get(2).run(); // e.g. a message no handler takes, acknowledged at once
        acks.get(1).run();
        assertNull(channel.readOutbound(), "MQTT-4.6.0-2: nothing overtakes the first message's PUBACK");
        acks.get(0).run();
        assertEquals(1, out(PubAckPacket.class).packetId());
        assertEquals(2, out(PubRecPacket.class).packetId());
        assertEquals(3, out(PubAckPacket.class).packetId());
        assertNull(channel.readOutbound());
    }

    @Test
    void anUnacknowledgedMessageOfAnEndedConnectionHoldsBackNothingOnTheNext() {
        attach(10, 1000);
        session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 1, ByteBuffer.wrap(new byte[] {1})));
        session.detach(new MqttConnectionLostException("cut", MqttConnectionLostException.ClosedBy.NETWORK, null,
                null, null));
        channel = new EmbeddedChannel();
        attach(10, 1000);
        session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 1, ByteBuffer.wrap(new byte[] {1}))
                .withDup()); // the server resends it; the application takes the new copy
        acks.get(1).run();
        assertEquals(1, out(PubAckPacket.class).packetId());
        acks.get(0).run(); // the old copy, acknowledged late: its connection is gone
        assertNull(channel.readOutbound());
    }

    @Test
    void outgoingTopicAliasesAreAssignedLeastRecentlyUsedFirst() {
        ServerLimits limits = new ServerLimits(100, Qos.EXACTLY_ONCE, true, 1000, 2, true, true, true);
        session.attach(channel, MqttVersion.MQTT_5_0, limits, false, p -> 100, 10, 0);
        String[] topics = {"a", "b", "a", "c", "b"};
        for (String t : topics) {
            session.publish(new OutgoingPublish(Publish.builder().topic(t).build(), new CompletableFuture<>()));
        }
        PublishPacket a1 = out(PublishPacket.class);
        PublishPacket b1 = out(PublishPacket.class);
        PublishPacket a2 = out(PublishPacket.class);
        PublishPacket c1 = out(PublishPacket.class);
        PublishPacket b2 = out(PublishPacket.class);
        assertEquals("a", a1.topic());
        assertEquals(1, a1.topicAlias());
        assertEquals(2, b1.topicAlias());
        assertEquals("", a2.topic(), "known alias: topic left out");
        assertEquals(1, a2.topicAlias());
        assertEquals("c", c1.topic());
        assertEquals(2, c1.topicAlias(), "b was least recently used and gave its alias up");
        assertEquals("b", b2.topic(), "b must be sent in full again");
        assertEquals(1, b2.topicAlias());
    }

    @Test
    void noTopicAliasesWhenTheServerAllowsNone() {
        attach(10, 1000);
        session.publish(new OutgoingPublish(Publish.builder().topic("a").build(), new CompletableFuture<>()));
        assertNull(out(PublishPacket.class).topicAlias());
    }

    @Test
    void unknownTopicAliasIsAProtocolError() {
        attach(10, 1000);
        session.onPublish(new PublishPacket(false, Qos.AT_MOST_ONCE, false, "", 0, null, null, null, 3, null, null,
                List.of(), List.of(), null));
        assertEquals(List.of(DisconnectReasonCode.TOPIC_ALIAS_INVALID), errors);
    }

    @Test
    void incomingTopicAliasIsResolved() {
        attach(10, 1000);
        session.onPublish(new PublishPacket(false, Qos.AT_MOST_ONCE, false, "a/b", 0, null, null, null, 2, null,
                null, List.of(), List.of(), null));
        session.onPublish(new PublishPacket(false, Qos.AT_MOST_ONCE, false, "", 0, null, null, null, 2, null,
                null, List.of(), List.of(), null));
        assertEquals("a/b", delivered.get(1).topic());
        assertTrue(errors.isEmpty());
    }

    @Test
    void aServerWithinOurReceiveMaximumNeverPausesReading() {
        attach(10, 1000);
        for (int id = 1; id <= 10; id++) {
            session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, id, null));
        }
        assertEquals(10, delivered.size());
        assertTrue(channel.config().isAutoRead(), "ten in hand is what we allowed");
        assertTrue(errors.isEmpty());
    }

    @Test
    void aServerBeyondOurReceiveMaximumIsReadNoFurtherUntilTheApplicationCatchesUp() {
        attach(10, 1000);
        for (int id = 1; id <= 12; id++) {
            session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, id, null));
        }
        assertEquals(12, delivered.size(), "what was read is handed over, not dropped");
        assertTrue(errors.isEmpty(), "no DISCONNECT: the server would send the same backlog again");
        assertFalse(channel.config().isAutoRead(), "reading paused: TCP holds the server back");
        acks.get(0).run();
        assertEquals(1, out(PubAckPacket.class).packetId());
        assertFalse(channel.config().isAutoRead(), "eleven still in hand");
        acks.get(1).run();
        assertEquals(2, out(PubAckPacket.class).packetId());
        assertTrue(channel.config().isAutoRead(), "back within the maximum: reading again");
        session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 13, null));
        assertFalse(channel.config().isAutoRead(), "beyond it again");
    }

    @Test
    void qos2MessagesAwaitingReleaseDoNotKeepReadingPaused() {
        attach(10, 1000);
        for (int id = 1; id <= 11; id++) {
            session.onPublish(PublishPacket.of("t", Qos.EXACTLY_ONCE, false, id, null));
        }
        assertFalse(channel.config().isAutoRead());
        acks.forEach(Runnable::run);
        for (int id = 1; id <= 11; id++) {
            assertEquals(id, out(PubRecPacket.class).packetId());
        }
        assertTrue(channel.config().isAutoRead(), "the PUBRELs that release them must be read");
        assertEquals(11, delivered.size());
    }

    @Test
    void aNewConnectionReadsAndALateAcknowledgementOfTheOldOneChangesNothing() {
        attach(10, 1000);
        for (int id = 1; id <= 11; id++) {
            session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, id, null));
        }
        EmbeddedChannel old = channel;
        assertFalse(old.config().isAutoRead());
        session.detach(new MqttConnectionLostException("cut", MqttConnectionLostException.ClosedBy.NETWORK, null,
                null, null));
        channel = new EmbeddedChannel();
        attach(10, 1000);
        assertTrue(channel.config().isAutoRead());
        for (int id = 1; id <= 10; id++) {
            session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, true, id, null));
        }
        acks.subList(0, 11).forEach(Runnable::run); // the first connection's: moot
        assertNull(channel.readOutbound(), "no PUBACK for the old connection's messages");
        session.onPublish(PublishPacket.of("t", Qos.AT_LEAST_ONCE, false, 11, null));
        assertFalse(channel.config().isAutoRead(), "the old acknowledgements did not count for this connection");
    }

    @Test
    void detachKeepsOutgoingAndFailingThemFreesTheirIds() {
        attach(1, 1000);
        CompletableFuture<PublishResult> sent = publish(Qos.AT_LEAST_ONCE);
        CompletableFuture<PublishResult> queued = publish(Qos.EXACTLY_ONCE);
        MqttConnectionLostException gone = new MqttConnectionLostException("gone",
                MqttConnectionLostException.ClosedBy.NETWORK, null, null, null);
        session.detach(gone);
        assertTrue(!sent.isDone() && !queued.isDone(), "kept for the next connection");
        assertEquals(1, session.packetIds().inUse());
        session.failInFlight(gone);
        session.failPending(gone);
        assertTrue(sent.isCompletedExceptionally());
        assertTrue(queued.isCompletedExceptionally());
        assertEquals(0, session.packetIds().inUse());
    }
}
