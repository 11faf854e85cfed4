package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.dispatch.CallbackDispatcher;
import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KeepAlive}, driven by the {@link MqttChannelHandler} that ends a client's pipeline, on an EmbeddedChannel
 * whose clock the test moves: when PINGREQ goes out, when a link is dead.
 */
class KeepAliveTest {

    private final List<String> dead = new ArrayList<>();
    private EmbeddedChannel channel;
    private MqttChannelHandler handler;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel();
        // a core that never opened a channel of its own: it ignores this channel's events
        ClientCore core = new ClientCore(MqttClientOptions.builder().server("127.0.0.1", 1883).build(),
                channel.eventLoop(), new CallbackDispatcher(Runnable::run, channel.eventLoop()));
        handler = new MqttChannelHandler(core, MqttVersion.MQTT_5_0, 1 << 20, false);
        // as in a client's pipeline, flushes pass KeepAliveFlushes (here flushing each at once) before the handler
        channel.pipeline().addLast(new KeepAliveFlushes(1, handler), handler);
        channel.freezeTime();
        handler.startKeepAlive(10, dead::add, true); // on a timer of its own
    }

    private void advanceSeconds(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    /** What the server's bytes look like to the handler: the end of a socket read. */
    private void read() {
        channel.pipeline().fireChannelReadComplete();
    }

    /** What the client's writes look like to the handler: a flush (packets may bypass it on their way out). */
    private void flush() {
        channel.flush();
    }

    @Test
    void pingAfterAKeepAliveWithoutTraffic() {
        advanceSeconds(9);
        assertNull(channel.readOutbound());
        advanceSeconds(1);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
        assertNull(channel.readOutbound());
    }

    @Test
    void trafficBothWaysPostponesThePing() {
        advanceSeconds(6);
        flush();
        read();
        advanceSeconds(4);
        assertNull(channel.readOutbound(), "6 s since the last read and flush");
        advanceSeconds(6);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
    }

    @Test
    void onlyWritingStillPingsSoThatASilentServerIsNoticed() {
        for (int i = 0; i < 5; i++) {
            advanceSeconds(2);
            flush();
        }
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound(), "nothing read for 10 s");
    }

    @Test
    void onlyReadingStillPingsAsTheProtocolRequires() {
        for (int i = 0; i < 5; i++) {
            advanceSeconds(2);
            read();
        }
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound(), "nothing sent for 10 s");
    }

    @Test
    void whileReadingIsPausedOnPurposeSilenceIsNotDeathButPingsStillGoOut() {
        channel.config().setAutoRead(false); // as a server beyond our Receive Maximum makes the session do
        for (int i = 0; i < 4; i++) {
            advanceSeconds(10);
            assertSame(PingReqPacket.INSTANCE, channel.readOutbound(), "the server must hear from us");
            advanceSeconds(5);
        }
        assertTrue(dead.isEmpty(), "nothing could be read: the silence says nothing about the link");
        channel.config().setAutoRead(true);
        advanceSeconds(10);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
        advanceSeconds(5);
        assertEquals(1, dead.size(), "reading again: an unanswered ping is death again");
    }

    @Test
    void nothingReadWithinHalfAKeepAliveAfterThePingMeansDead() {
        advanceSeconds(10);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
        flush(); // writing does not prove the server is there
        advanceSeconds(4);
        assertTrue(dead.isEmpty());
        advanceSeconds(1);
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).contains("after PINGREQ"), dead.get(0));
        advanceSeconds(30);
        assertNull(channel.readOutbound(), "stopped: no more pings");
        assertEquals(1, dead.size());
    }

    @Test
    void anythingReadAfterThePingKeepsTheLinkAlive() {
        advanceSeconds(10);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
        advanceSeconds(2);
        read();
        advanceSeconds(5);
        assertTrue(dead.isEmpty());
        advanceSeconds(5);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound(), "the next ping, 10 s after the last sign of life");
    }

    @Test
    void stopEndsTheTimer() {
        handler.stopKeepAlive();
        advanceSeconds(60);
        assertNull(channel.readOutbound());
        assertTrue(dead.isEmpty());
    }

    @Test
    void removingTheHandlerEndsTheTimer() {
        advanceSeconds(10);
        assertSame(PingReqPacket.INSTANCE, channel.readOutbound());
        channel.pipeline().remove(handler);
        advanceSeconds(60);
        assertNull(channel.readOutbound());
        assertTrue(dead.isEmpty(), "the ping went unanswered, but the connection's end is not declared twice");
    }
}
