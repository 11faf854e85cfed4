package dev.tern.mqtt.benchmarks;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.UserProperty;
import dev.tern.mqtt.netty.internal.codec.MqttPacketDecoder;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * PUBLISH through the codec, one packet per operation: {@code encode*} measures
 * {@link MqttPacketEncoder#encode} into a pooled buffer (released inside the operation, as the channel does once it
 * is written), {@code decode*} measures {@link MqttPacketDecoder#decode} of one complete pre-encoded packet, payload
 * copy included (the reader index is reset before each call).
 *
 * <p>The benchmark threads are Netty {@code FastThreadLocalThread}s ({@link EventLoopLikeExecutor}), so buffers come
 * from the same per-thread caches as on an event loop, and leak detection is off: the figures are the codec's, on
 * the path an event loop runs. Run with {@code benchmarks/jmh.sh}, or {@code java -jar
 * benchmarks/target/benchmarks.jar PublishCodec -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Prepended, so that -jvmArgsAppend on the command line adds to these instead of replacing them.
@Fork(value = 1, jvmArgsPrepend = {
        "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.tern.mqtt.benchmarks.EventLoopLikeExecutor",
        "-Dio.netty.leakDetection.level=disabled"})
public class PublishCodecBenchmark {

    /** A realistic, all-ASCII topic name of 46 characters. */
    static final String TOPIC = "sensors/building-7/floor-3/room-12/temperature";

    /** An arbitrary non-zero packet identifier for QoS 1. */
    static final int PACKET_ID = 4711;

    /** The largest packet MQTT allows; the size check is on the path, its value is not. */
    private static final int MAX_PACKET_SIZE = 268_435_460;

    @State(Scope.Thread)
    public static class EncodeState {

        @Param({"MQTT_5_0", "MQTT_3_1_1"})
        public MqttVersion version;

        @Param({"AT_MOST_ONCE", "AT_LEAST_ONCE"})
        public Qos qos;

        @Param({"64", "4096"})
        public int payloadSize;

        /** {@code adaptive} is Netty 4.2's default allocator (what a channel uses unless told otherwise). */
        @Param({"pooled", "adaptive"})
        public String allocator;

        ByteBufAllocator alloc;
        PublishPacket packet;

        @Setup(Level.Trial)
        public void setUp() {
            EventLoopLikeExecutor.requireFastThreadLocalThread();
            alloc = allocator(allocator);
            packet = plainPublish(qos, payloadSize);
        }
    }

    @State(Scope.Thread)
    public static class DecodeState {

        @Param({"MQTT_5_0", "MQTT_3_1_1"})
        public MqttVersion version;

        @Param({"AT_MOST_ONCE", "AT_LEAST_ONCE"})
        public Qos qos;

        @Param({"64", "4096"})
        public int payloadSize;

        MqttPacketDecoder decoder;
        ByteBuf wire;

        @Setup(Level.Trial)
        public void setUp() {
            EventLoopLikeExecutor.requireFastThreadLocalThread();
            PublishPacket packet = plainPublish(qos, payloadSize);
            decoder = new MqttPacketDecoder(version, MAX_PACKET_SIZE);
            wire = preEncode(packet, version, decoder);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            wire.release();
        }
    }

    /**
     * MQTT 5.0, QoS 1, 64-byte payload, with the properties a request/response publish carries: payload format,
     * message expiry, content type, response topic, 16 bytes of correlation data and one user property.
     */
    @State(Scope.Thread)
    public static class PropertiesState {

        ByteBufAllocator alloc;
        PublishPacket packet;
        MqttPacketDecoder decoder;
        ByteBuf wire;

        @Setup(Level.Trial)
        public void setUp() {
            EventLoopLikeExecutor.requireFastThreadLocalThread();
            alloc = PooledByteBufAllocator.DEFAULT;
            packet = new PublishPacket(false, Qos.AT_LEAST_ONCE, false, TOPIC, PACKET_ID, payload(64),
                    1, 3600L, null, "replies/client-42", payload(16),
                    List.of(new UserProperty("trace-id", "4bf92f3577b34da6")), List.of(), "application/json");
            decoder = new MqttPacketDecoder(MqttVersion.MQTT_5_0, MAX_PACKET_SIZE);
            wire = preEncode(packet, MqttVersion.MQTT_5_0, decoder);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            wire.release();
        }
    }

    @Benchmark
    public int encode(EncodeState state) {
        return encodeAndRelease(state.alloc, state.packet, state.version);
    }

    @Benchmark
    public MqttPacket decode(DecodeState state) {
        state.wire.readerIndex(0);
        return state.decoder.decode(state.wire);
    }

    @Benchmark
    public int encodeWithProperties(PropertiesState state) {
        return encodeAndRelease(state.alloc, state.packet, MqttVersion.MQTT_5_0);
    }

    @Benchmark
    public MqttPacket decodeWithProperties(PropertiesState state) {
        state.wire.readerIndex(0);
        return state.decoder.decode(state.wire);
    }

    private static int encodeAndRelease(ByteBufAllocator alloc, PublishPacket packet, MqttVersion version) {
        ByteBuf out = MqttPacketEncoder.encode(alloc, packet, version);
        int size = out.readableBytes();
        out.release();
        return size;
    }

    static ByteBufAllocator allocator(String name) {
        switch (name) {
            case "pooled":
                return PooledByteBufAllocator.DEFAULT;
            case "adaptive":
                return new AdaptiveByteBufAllocator();
            default:
                throw new IllegalArgumentException("allocator must be pooled or adaptive, was " + name);
        }
    }

    static PublishPacket plainPublish(Qos qos, int payloadSize) {
        int packetId = qos == Qos.AT_MOST_ONCE ? 0 : PACKET_ID;
        return PublishPacket.of(TOPIC, qos, false, packetId, payload(payloadSize));
    }

    /** Random bytes in a heap buffer, as an application hands them over. */
    static ByteBuffer payload(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /**
     * Encodes {@code packet} into a pooled direct buffer, like one a socket read delivers, and checks once that it
     * decodes back to the same packet, so a broken codec fails the run instead of measuring an exception path.
     */
    static ByteBuf preEncode(PublishPacket packet, MqttVersion version, MqttPacketDecoder decoder) {
        ByteBuf wire = MqttPacketEncoder.encode(PooledByteBufAllocator.DEFAULT, packet, version);
        MqttPacket decoded = decoder.decode(wire);
        if (!(decoded instanceof PublishPacket publish)
                || !publish.topic().equals(packet.topic())
                || !publish.payload().equals(packet.payload())
                || wire.isReadable()) {
            wire.release();
            throw new IllegalStateException("PUBLISH does not survive the round trip: " + decoded);
        }
        return wire;
    }
}
