package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.netty.internal.packet.PingReqPacket;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keep-alive (MQTT 5.0 section 3.1.2.10) as a pipeline handler between the codec and the client handler. It sends
 * PINGREQ when nothing was sent for the keep-alive interval (as the protocol requires) and also when nothing was
 * received for that long (so a link that went quiet in one direction is noticed). If nothing at all arrives within
 * half the interval after a PINGREQ, the connection is declared dead: {@code onDead} gets a message saying so, at
 * most 1.5 times the keep-alive after the last sign of life.
 *
 * <p>It watches the end of each socket read (any bytes received are a sign of life, not only PINGRESP) and each
 * flush (what is sent goes out with one), not every packet: the clock was read twice per message and the handler
 * was a hop per packet in each direction, on the event loop's hottest path. Every method runs on the channel's
 * event loop.
 */
final class KeepAlive extends ChannelDuplexHandler {

    private final long intervalNanos;
    private final long pingTimeoutNanos;
    private final int keepAliveSeconds;
    private final Consumer<String> onDead;

    private ChannelHandlerContext ctx;
    private long lastWrite;
    private long lastRead;
    private long pingSentAt;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    KeepAlive(int keepAliveSeconds, Consumer<String> onDead) {
        this.keepAliveSeconds = keepAliveSeconds;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.pingTimeoutNanos = intervalNanos / 2;
        this.onDead = onDead;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = now();
        lastWrite = now;
        lastRead = now;
        schedule(intervalNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    /** Stops the timer; the handler then only passes packets through. */
    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastRead = now();
        pingSentAt = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        lastWrite = now();
        ctx.flush();
    }

    /** The event loop's clock: the one its timers run on (a test's EmbeddedChannel can move it). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void schedule(long delayNanos) {
        if (!stopped) {
            timer = ctx.executor().schedule(this::tick, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = now();
        if (pingSentAt != 0) {
            long waited = now - pingSentAt;
            if (waited >= pingTimeoutNanos) {
                stop();
                onDead.accept("no packet from the server within " + TimeUnit.NANOSECONDS.toMillis(waited)
                        + " ms after PINGREQ (keep alive " + keepAliveSeconds + " s): the connection is dead");
                return;
            }
            schedule(pingSentAt + pingTimeoutNanos - now);
            return;
        }
        long idleSince = Math.min(lastWrite, lastRead);
        if (now - idleSince >= intervalNanos) {
            ctx.writeAndFlush(PingReqPacket.INSTANCE, ctx.voidPromise());
            pingSentAt = now;
            lastWrite = now;
            schedule(pingTimeoutNanos);
        } else {
            schedule(idleSince + intervalNanos - now);
        }
    }
}
