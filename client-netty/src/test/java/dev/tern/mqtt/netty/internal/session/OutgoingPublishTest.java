package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutgoingPublishTest {

    private static final Publish MESSAGE = Publish.builder().topic("t").payload("x").build();

    @Test
    void withoutARelayTheFutureCompletesOnTheDecidingThread() {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f);
        PublishResult result = new PublishResult(MESSAGE, null, null, List.of());
        op.succeed(result);
        assertSame(result, f.join());
    }

    @Test
    void withARelayTheFutureCompletesOnlyWhenTheRelayRunsIt() {
        List<Runnable> relayed = new ArrayList<>();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f, relayed::add);
        IllegalStateException cause = new IllegalStateException("gone");
        op.fail(cause);
        assertFalse(f.isDone(), "not on the deciding thread");
        assertEquals(1, relayed.size());
        relayed.get(0).run();
        assertTrue(f.isCompletedExceptionally());
        assertSame(cause, f.handle((r, e) -> e).join());
    }

    @Test
    void theFirstOutcomeWins() {
        List<Runnable> relayed = new ArrayList<>();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f, relayed::add);
        PublishResult result = new PublishResult(MESSAGE, null, null, List.of());
        op.succeed(result);
        op.fail(new IllegalStateException("too late"));
        assertEquals(1, relayed.size(), "handed to the relay once");
        relayed.get(0).run();
        assertSame(result, f.join());
    }

    @Test
    void aPreparedMessageIsSizedAsItsMappedPacketWithoutTheSizerAndOtherVersionsByTheSizer() {
        Publish withProperties = Publish.builder().topic("a/b").payload("hello").qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(30L).contentType("text/plain").userProperty("k", "v").build();
        Publish plainQos1 = Publish.builder().topic("a/\u00e9").payload(new byte[300]).qos(Qos.AT_LEAST_ONCE)
                .retain(true).build();
        for (Publish m : List.of(MESSAGE, plainQos1, withProperties)) {
            int id = m.qos() == Qos.AT_MOST_ONCE ? 0 : 1;
            for (MqttVersion version : MqttVersion.values()) {
                OutgoingPublish op = new OutgoingPublish(m, new CompletableFuture<>());
                op.prepare(version);
                PublishPacket mapped = PacketMapper.publish(m, id, version);
                assertEquals(MqttPacketEncoder.encodedSize(mapped, version),
                        op.encodedSize(version, p -> {
                            throw new AssertionError("the sizer was asked for a prepared version");
                        }), m + " " + version);
                MqttVersion other = version == MqttVersion.MQTT_5_0 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5_0;
                List<MqttPacket> asked = new ArrayList<>();
                assertEquals(7, op.encodedSize(other, p -> {
                    asked.add(p);
                    return 7;
                }));
                assertEquals(List.of(PacketMapper.publish(m, id, other)), asked, m + " in " + other);
                assertTrue(op.sendsAsMapped(version));
                assertEquals(!PacketMapper.sendsProperties(m, version), op.plain(version));
            }
        }
    }
}
