package dev.tern.mqtt.netty.fault;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A TCP proxy on 127.0.0.1 between a client and a broker that injects network faults: cut every connection now or
 * after a number of bytes (with RST or FIN), cut again and again at random byte offsets, stall one direction or both
 * (a half-open link: bytes vanish and no close is passed on), delay every byte, and refuse new connections. Test code
 * only.
 *
 * <p>All relaying runs on one thread, so a fault takes effect at an exact byte: "cut after 100 bytes" forwards exactly
 * 100 more bytes (counted over both directions of every link) and then cuts that link. The control methods may be
 * called from any thread; each takes effect before it returns.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
 *     client connects to proxy.uri();
 *     proxy.cutAfterBytes(100, FaultProxy.Cut.RST);
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    /** How a connection is cut. */
    public enum Cut {
        /** Reset: SO_LINGER 0, then close; both ends see "connection reset". */
        RST,
        /** An orderly close: both ends read end-of-stream. */
        FIN
    }

    /** Which way bytes flow. */
    public enum Direction {
        /** From the client to the broker. */
        UPSTREAM,
        /** From the broker to the client. */
        DOWNSTREAM,
        /** Both ways. */
        BOTH
    }

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel server;
    private final String targetHost;

    // proxy thread only
    private int targetPort;
    private final List<Link> links = new ArrayList<>();
    private long cutBudget = -1;
    private Cut cutKind = Cut.RST;
    private Random chaos;
    private int chaosMinBytes;
    private int chaosMaxBytes;
    private int chaosCutsLeft;
    private long delayNanos;
    private long refuseUntilNanos;
    private boolean refusing;
    private int accepted;
    private int refused;
    private int cuts;

    private FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fault-proxy", true),
                NioIoHandler.newFactory());
        loop = group.next();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code host:port}. */
    public static FaultProxy start(String host, int port) {
        return new FaultProxy(host, port);
    }

    /** The URI a client connects to instead of the broker's. */
    public String uri() {
        return "mqtt://127.0.0.1:" + port();
    }

    /** The proxy's port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    // ---- faults --------------------------------------------------------------------------------------------------

    /** Forwards new connections to another port from now on (for a broker that came back on a new port). */
    public void retarget(int port) {
        onProxy(() -> targetPort = port);
    }

    /** Cuts every open connection now. */
    public void cutAll(Cut how) {
        onProxy(() -> {
            for (Link l : new ArrayList<>(links)) {
                l.cut(how);
            }
        });
    }

    /** Forwards exactly {@code bytes} more bytes (both directions, all connections), then cuts that connection. */
    public void cutAfterBytes(long bytes, Cut how) {
        onProxy(() -> {
            cutBudget = bytes;
            cutKind = how;
        });
    }

    /**
     * Cuts {@code times} times, each after a random number of bytes in {@code [minBytes, maxBytes]}, with RST or FIN
     * at random; the random source is seeded, so the offsets (though not the timing) repeat with the seed.
     */
    public void cutRepeatedly(long seed, int times, int minBytes, int maxBytes) {
        onProxy(() -> {
            chaos = new Random(seed);
            chaosMinBytes = minBytes;
            chaosMaxBytes = maxBytes;
            chaosCutsLeft = times;
            armChaos();
        });
    }

    /** Stops cutting (any armed or repeated cut). */
    public void stopCutting() {
        onProxy(() -> {
            chaos = null;
            cutBudget = -1;
        });
    }

    /**
     * Drops the bytes flowing in {@code direction} on every open connection, and passes no close on: for the ends it
     * is a half-open link. New connections are not affected.
     */
    public void stall(Direction direction) {
        onProxy(() -> {
            for (Link l : links) {
                l.stallUp |= direction != Direction.DOWNSTREAM;
                l.stallDown |= direction != Direction.UPSTREAM;
            }
        });
    }

    /** Delays every forwarded byte by {@code delay} (order is kept); zero turns delaying off. */
    public void delay(Duration delay) {
        onProxy(() -> delayNanos = delay.toNanos());
    }

    /** Accepts and at once resets new connections for {@code duration}. */
    public void refuseFor(Duration duration) {
        onProxy(() -> {
            refusing = false;
            refuseUntilNanos = System.nanoTime() + duration.toNanos();
        });
    }

    /** Accepts and at once resets new connections until {@link #accept(boolean) accept(true)}. */
    public void accept(boolean accept) {
        onProxy(() -> {
            refusing = !accept;
            refuseUntilNanos = 0;
        });
    }

    // ---- observations --------------------------------------------------------------------------------------------

    /** Connections accepted, including refused ones. */
    public int accepted() {
        return onProxy(() -> accepted);
    }

    /** Connections refused. */
    public int refused() {
        return onProxy(() -> refused);
    }

    /** Connections cut by a fault. */
    public int cuts() {
        return onProxy(() -> cuts);
    }

    /** Connections relayed right now. */
    public int openLinks() {
        return onProxy(links::size);
    }

    /** Waits until {@code condition} holds (checked every 10 ms), failing after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10); // polling a condition with a deadline, not waiting for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        onProxy(() -> {
            for (Link l : new ArrayList<>(links)) {
                l.cut(Cut.FIN);
            }
        });
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- relaying, proxy thread only -----------------------------------------------------------------------------

    private void accept(Channel client) {
        accepted++;
        if (refusing || System.nanoTime() < refuseUntilNanos) {
            refused++;
            reset(client);
            return;
        }
        Link link = new Link(client);
        links.add(link);
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Relay(link, false))
                .connect(targetHost, targetPort).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        links.remove(link);
                        reset(client);
                        return;
                    }
                    link.broker = f.channel();
                    client.pipeline().addLast(new Relay(link, true));
                    client.config().setAutoRead(true);
                });
    }

    private void armChaos() {
        if (chaos != null && chaosCutsLeft > 0) {
            chaosCutsLeft--;
            cutBudget = chaosMinBytes + chaos.nextInt(chaosMaxBytes - chaosMinBytes + 1);
            cutKind = chaos.nextBoolean() ? Cut.RST : Cut.FIN;
        } else {
            chaos = null;
        }
    }

    private static void reset(Channel ch) {
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
    }

    /** One client connection and its connection to the broker. */
    private final class Link {
        final Channel client;
        Channel broker;
        boolean stallUp;
        boolean stallDown;
        boolean closed;

        Link(Channel client) {
            this.client = client;
        }

        void cut(Cut how) {
            if (closed) {
                return;
            }
            closed = true;
            links.remove(this);
            for (Channel ch : new Channel[] {client, broker}) {
                if (ch != null) {
                    if (how == Cut.RST) {
                        reset(ch);
                    } else {
                        ch.close();
                    }
                }
            }
        }

        /** One end closed by itself: pass it on, unless the link is stalled (half-open). */
        void endClosed() {
            if (closed) {
                return;
            }
            if (stallUp || stallDown) {
                return;
            }
            closed = true;
            links.remove(this);
            client.close();
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** Forwards what one end reads to the other, applying the faults. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Link link;
        private final boolean upstream;

        Relay(Link link, boolean upstream) {
            this.link = link;
            this.upstream = upstream;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (link.closed || (upstream ? link.stallUp : link.stallDown)) {
                ReferenceCountUtil.release(buf);
                return;
            }
            Channel to = upstream ? link.broker : link.client;
            if (cutBudget >= 0 && buf.readableBytes() >= cutBudget) {
                int keep = (int) cutBudget;
                ByteBuf head = buf.readRetainedSlice(keep);
                buf.release();
                cutBudget = -1;
                Cut how = cutKind;
                cuts++;
                forward(to, head, () -> link.cut(how));
                armChaos();
                return;
            }
            if (cutBudget >= 0) {
                cutBudget -= buf.readableBytes();
            }
            forward(to, buf, null);
        }

        private void forward(Channel to, ByteBuf bytes, Runnable then) {
            Runnable write = () -> {
                if (bytes.isReadable() && to.isActive()) {
                    to.writeAndFlush(bytes);
                } else {
                    bytes.release();
                }
                if (then != null) {
                    then.run();
                }
            };
            if (delayNanos > 0) {
                loop.schedule(write, delayNanos, TimeUnit.NANOSECONDS);
            } else {
                write.run();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            link.endClosed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void onProxy(Runnable r) {
        onProxy(() -> {
            r.run();
            return null;
        });
    }

    private <T> T onProxy(Callable<T> c) {
        if (loop.inEventLoop()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return loop.submit(c).syncUninterruptibly().getNow();
    }
}
