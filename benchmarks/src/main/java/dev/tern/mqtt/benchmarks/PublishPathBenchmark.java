package dev.tern.mqtt.benchmarks;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.session.ClientSession;
import dev.tern.mqtt.netty.internal.session.OutgoingPublish;
import dev.tern.mqtt.netty.internal.session.ServerLimits;
import dev.tern.mqtt.netty.internal.session.SessionListener;
import dev.tern.mqtt.reason.DisconnectReasonCode;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One published message from the API to bytes, without a socket: {@code Publish.builder()...build()}, a new
 * {@link OutgoingPublish} sized as the publishing thread sizes it ({@link OutgoingPublish#prepare}),
 * {@link ClientSession#publish} (limits check, queue, packet mapping, in-memory session
 * store) and the real {@link MqttEncoderHandler} on an {@link EmbeddedChannel}, whose written buffer is released;
 * for QoS 1 the PUBACK is handled too, so the future completes as it would from a server. Measures what the client
 * spends per message above the codec and below the event-loop hand-off (which {@code TernAsyncClient} adds).
 *
 * <p>Run with {@code benchmarks/jmh.sh PublishPath}; {@code -prof gc} gives the bytes allocated per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {
        "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.tern.mqtt.benchmarks.EventLoopLikeExecutor",
        "-Dio.netty.leakDetection.level=disabled"})
@State(Scope.Thread)
public class PublishPathBenchmark {

    @Param({"AT_MOST_ONCE", "AT_LEAST_ONCE"})
    public Qos qos;

    private final byte[] payload = new byte[64];
    private EmbeddedChannel channel;
    private ClientSession session;

    @Setup(Level.Trial)
    public void setUp() {
        EventLoopLikeExecutor.requireFastThreadLocalThread();
        MqttVersion version = MqttVersion.MQTT_5_0;
        channel = new EmbeddedChannel(new MqttEncoderHandler(version));
        session = new ClientSession(channel.eventLoop(), new SessionListener() {
            @Override
            public void deliver(Publish message, Runnable acknowledgement) {
                throw new AssertionError("nothing is subscribed");
            }

            @Override
            public void protocolError(DisconnectReasonCode reasonCode, String message) {
                throw new AssertionError(message);
            }
        });
        session.attach(channel, version, ServerLimits.NONE, false, p -> MqttPacketEncoder.encodedSize(p, version),
                65_535, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public CompletableFuture<PublishResult> publish() {
        Publish message = Publish.builder()
                .topic(PublishCodecBenchmark.TOPIC)
                .payload(payload)
                .qos(qos)
                .build();
        CompletableFuture<PublishResult> future = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(message, future);
        op.prepare(MqttVersion.MQTT_5_0); // as TernAsyncClient does on the publishing thread
        session.publish(op);
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ((ByteBuf) written).release();
        }
        if (qos != Qos.AT_MOST_ONCE) {
            session.onPubAck(PubAckPacket.of(op.packetId()));
        }
        if (!future.isDone()) {
            throw new IllegalStateException("the message was not completed: " + message);
        }
        return future;
    }
}
