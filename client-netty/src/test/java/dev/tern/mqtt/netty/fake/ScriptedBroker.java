package dev.tern.mqtt.netty.fake;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.codec.MqttDecoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PingRespPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubAckPacket;
import dev.tern.mqtt.netty.internal.packet.SubscribePacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.reason.SubAckReasonCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A scripted MQTT server for exact failure points: a small Netty server on 127.0.0.1 using Tern's codec, which
 * records every packet it receives and lets a {@link Script} decide each answer. Test code only.
 *
 * <pre>{@code
 * try (ScriptedBroker broker = ScriptedBroker.start((conn, packet) -> {
 *     if (packet instanceof ConnectPacket) {
 *         // never answer: the client's CONNACK timeout fires
 *     }
 * })) { ... }
 * }</pre>
 */
public final class ScriptedBroker implements AutoCloseable {

    /** Decides how the server answers a packet. Runs on the server's event loop. */
    @FunctionalInterface
    public interface Script {
        void onPacket(Connection connection, MqttPacket packet);
    }

    /** One client connection as the script sees it. */
    public static final class Connection {
        private final Channel channel;
        private final int index;
        private volatile MqttVersion version = MqttVersion.MQTT_5_0;

        Connection(Channel channel, int index) {
            this.channel = channel;
            this.index = index;
        }

        /** 0 for the first connection the server accepted, 1 for the next (a reconnect), and so on. */
        public int index() {
            return index;
        }

        /** The version of the client's CONNECT. */
        public MqttVersion version() {
            return version;
        }

        /** Sends a packet, encoded in the connection's version. */
        public void send(MqttPacket packet) {
            channel.writeAndFlush(packet);
        }

        /** Sends raw bytes, for malformed packets. */
        public void sendRaw(int... bytes) {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(b));
        }

        /** Encodes packets from now on in {@code v}, whatever the client spoke. */
        public void encodeAs(MqttVersion v) {
            channel.pipeline().get(MqttEncoderHandler.class).setVersion(v);
        }

        /** Closes the TCP connection. */
        public void close() {
            channel.close();
        }

        /**
         * Waits until the client closed this connection (fails after 10 s); by then the server has read every packet
         * the client sent on it.
         */
        public void awaitClosedByClient() {
            if (!channel.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the client did not close connection " + index + " within 10 s");
            }
        }
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final BlockingQueue<MqttPacket> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    private ScriptedBroker(Script script) {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Connection conn = new Connection(ch, accepted.getAndIncrement());
                        connections.add(conn);
                        ch.pipeline().addLast(new MqttDecoderHandler(MqttVersion.MQTT_5_0, 1 << 20),
                                new MqttEncoderHandler(MqttVersion.MQTT_5_0),
                                new SimpleChannelInboundHandler<MqttPacket>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, MqttPacket p) {
                                        if (p instanceof ConnectPacket) {
                                            MqttVersion v = ((ConnectPacket) p).protocolVersion();
                                            conn.version = v;
                                            ctx.pipeline().get(MqttDecoderHandler.class).setVersion(v);
                                            ctx.pipeline().get(MqttEncoderHandler.class).setVersion(v);
                                        }
                                        received.add(p);
                                        script.onPacket(conn, p);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** Starts a server that answers with {@code script}. */
    public static ScriptedBroker start(Script script) {
        return new ScriptedBroker(script);
    }

    /**
     * A script that behaves like a plain broker for the basics: CONNACK success (with the given CONNACK for MQTT 5.0),
     * PINGRESP, SUBACK granting the requested QoS, PUBACK for QoS 1; then hands every packet to {@code more}.
     */
    public static Script accepting(ConnAckPacket connAck, Script more) {
        return (conn, p) -> {
            if (p instanceof ConnectPacket) {
                conn.send(conn.version() == MqttVersion.MQTT_5_0 ? connAck
                        : ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
            } else if (p instanceof dev.tern.mqtt.netty.internal.packet.PingReqPacket) {
                conn.send(PingRespPacket.INSTANCE);
            } else if (p instanceof SubscribePacket) {
                SubscribePacket s = (SubscribePacket) p;
                conn.send(new SubAckPacket(s.packetId(), s.subscriptions().stream()
                        .map(r -> SubAckReasonCode.fromCode(r.qos().code()).orElseThrow())
                        .collect(Collectors.toList()), null, List.of()));
            } else if (p instanceof PublishPacket && ((PublishPacket) p).packetId() != 0
                    && ((PublishPacket) p).qos().code() == 1) {
                conn.send(PubAckPacket.of(((PublishPacket) p).packetId()));
            }
            more.onPacket(conn, p);
        };
    }

    /** How many connections the server accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** The URI to connect to. */
    public String uri() {
        return "mqtt://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The next packet the server received of {@code type}, skipping others; fails after 10 s. */
    public <T extends MqttPacket> T expect(Class<T> type) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (true) {
                MqttPacket p = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (p == null) {
                    throw new AssertionError("the server received no " + type.getSimpleName() + " within 10 s");
                }
                if (type.isInstance(p)) {
                    return type.cast(p);
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Every packet received and not yet taken by {@link #expect}, taken now, without waiting. */
    public java.util.List<MqttPacket> takeReceived() {
        java.util.List<MqttPacket> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The next client connection; fails after 10 s. */
    public Connection nextConnection() {
        try {
            Connection c = connections.poll(10, TimeUnit.SECONDS);
            if (c == null) {
                throw new AssertionError("no client connected within 10 s");
            }
            return c;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
