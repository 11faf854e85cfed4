package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keep-alive (MQTT 5.0 section 3.1.2.10) of one connection, driven by the {@link MqttChannelHandler} at the end of
 * its pipeline. It sends
 * PINGREQ when nothing was sent for the keep-alive interval (as the protocol requires) and also when nothing was
 * received for that long (so a link that went quiet in one direction is noticed). If nothing at all arrives within
 * half the interval after a PINGREQ, the connection is declared dead: {@code onDead} gets a message saying so, at
 * most 1.5 times the keep-alive after the last sign of life. While reading is paused (a server that sent more than our
 * Receive Maximum, until the application catches up) the server counts as alive; PINGREQ still goes out.
 *
 * <p>It watches the end of each socket read (any bytes received are a sign of life, not only PINGRESP) and each
 * flush (what is sent goes out with one), not every packet: the clock was read twice per message and the handler
 * was a hop per packet in each direction, on the event loop's hottest path. Not a handler of its own: adding one to
 * the pipeline at every CONNACK was a pipeline change per connect and a handler context (64 bytes) per connection.
 * It is its own timer task ({@link #run}) for the same reason: no method reference object per client. Every method
 * runs on the channel's event loop.
 */
final class KeepAlive implements Runnable {

    private final long intervalNanos;
    // no fields for the seconds or the ping timeout: derived from the interval, 8 bytes less per connection
    private final Consumer<String> onDead;

    /** The context of the handler that drives this: PINGREQ is written from there. */
    private final ChannelHandlerContext ctx;
    private long lastWrite;
    private long lastRead;
    private long pingSentAt;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    /**
     * Starts the clock: the connection counts as having just sent and received. With {@code schedule} false the
     * first check is left to whoever calls {@link #run} (a timer already running, which must fire within the
     * interval; a check before the interval has passed only schedules the next).
     */
    KeepAlive(ChannelHandlerContext ctx, int keepAliveSeconds, Consumer<String> onDead, boolean schedule) {
        this.ctx = ctx;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.onDead = onDead;
        long now = now();
        lastWrite = now;
        lastRead = now;
        if (schedule) {
            schedule(intervalNanos);
        }
    }

    /** Stops the timer for good. */
    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** A socket read ended: the server is there. */
    void readComplete() {
        lastRead = now();
        pingSentAt = 0;
    }

    /** A flush is on its way out. */
    void flushed() {
        lastWrite = now();
    }

    /** How long an answer to PINGREQ may take: half the keep-alive interval. */
    private long pingTimeoutNanos() {
        return intervalNanos / 2;
    }

    /** The event loop's clock: the one its timers run on (a test's EmbeddedChannel can move it). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void schedule(long delayNanos) {
        if (!stopped) {
            timer = ctx.executor().schedule(this, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
        }
    }

    /** The timer: checks, pings or declares the connection dead, and schedules the next check. */
    @Override
    public void run() {
        if (stopped) {
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // reading is paused on purpose (a server beyond our Receive Maximum): its silence proves nothing
            readComplete();
        }
        long now = now();
        if (pingSentAt != 0) {
            long waited = now - pingSentAt;
            if (waited >= pingTimeoutNanos()) {
                stop();
                onDead.accept("no packet from the server within " + TimeUnit.NANOSECONDS.toMillis(waited)
                        + " ms after PINGREQ (keep alive " + TimeUnit.NANOSECONDS.toSeconds(intervalNanos)
                        + " s): the connection is dead");
                return;
            }
            schedule(pingSentAt + pingTimeoutNanos() - now);
            return;
        }
        long idleSince = Math.min(lastWrite, lastRead);
        if (now - idleSince >= intervalNanos) {
            ctx.writeAndFlush(PingReqPacket.INSTANCE, ctx.voidPromise());
            pingSentAt = now;
            lastWrite = now;
            schedule(pingTimeoutNanos());
        } else {
            schedule(idleSince + intervalNanos - now);
        }
    }
}
