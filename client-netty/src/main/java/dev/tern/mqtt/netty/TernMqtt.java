package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.netty.internal.TernAsyncClient;
import dev.tern.mqtt.netty.internal.TernBlockingClient;
import dev.tern.mqtt.netty.internal.transport.SocketTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates Tern MQTT clients on Netty. The entry point of the library.
 *
 * <pre>{@code
 * MqttClientOptions options = MqttClientOptions.builder().serverUri("mqtt://localhost:1883").build();
 * try (MqttClient client = TernMqtt.blockingClient(options)) {
 *     client.connect();
 *     client.publish("greetings", "hello".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE);
 * }
 * }</pre>
 *
 * <h2>Many clients in one JVM</h2>
 * A client made without an event loop group creates its own with one I/O thread and shuts it down on
 * {@code close()}. For many clients (a fleet of simulated devices), create one group with
 * {@link #newEventLoopGroup(int)}, pass it to every client, and share one callback executor through
 * {@link MqttClientOptions.Builder#executor}; each client then costs no thread of its own. A client never shuts down
 * a group it was given: the caller does, after closing the clients.
 *
 * <pre>{@code
 * EventLoopGroup io = TernMqtt.newEventLoopGroup(2);
 * ExecutorService callbacks = Executors.newFixedThreadPool(4);
 * List<AsyncMqttClient> fleet = new ArrayList<>();
 * for (int i = 0; i < 10_000; i++) {
 *     fleet.add(TernMqtt.asyncClient(base.toBuilder().clientId("device-" + i).executor(callbacks).build(), io));
 * }
 * }</pre>
 *
 * <h2>Transport</h2>
 * On Linux, with {@code io.netty:netty-transport-native-epoll} (classifier {@code linux-x86_64} or
 * {@code linux-aarch_64}, the Netty version Tern uses) on the class path, clients use Netty's native epoll transport:
 * the same behaviour with less CPU per message. Without it, or with Netty's {@code -Dio.netty.transport.noNative=true},
 * they use Java NIO. Tern does not bring the jar along: add it to your application to use it (on the module path,
 * with {@code --add-modules io.netty.transport.classes.epoll}, since Tern only reads it if present).
 *
 * <p>All methods are thread-safe.
 */
public final class TernMqtt {

    private static final AtomicInteger OWNED_GROUPS = new AtomicInteger();

    private TernMqtt() {
    }

    /**
     * A new asynchronous client with its own single-thread event loop group. Nothing is sent until
     * {@link AsyncMqttClient#connect()}.
     */
    public static AsyncMqttClient asyncClient(MqttClientOptions options) {
        Objects.requireNonNull(options, "options");
        return new TernAsyncClient(options, ownedGroup(), true);
    }

    /**
     * A new asynchronous client on a shared event loop group, which the caller owns and shuts down.
     *
     * @param group a group from {@link #newEventLoopGroup(int)}, or one the application made with Netty's NIO
     *        ({@code NioIoHandler}) or, when netty-transport-native-epoll is on the class path, epoll
     *        ({@code EpollIoHandler}) I/O handler
     * @throws IllegalArgumentException if the group uses another transport
     */
    public static AsyncMqttClient asyncClient(MqttClientOptions options, EventLoopGroup group) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(group, "group");
        return new TernAsyncClient(options, group, false);
    }

    /** A new blocking client with its own single-thread event loop group. */
    public static MqttClient blockingClient(MqttClientOptions options) {
        return new TernBlockingClient((TernAsyncClient) asyncClient(options));
    }

    /** A new blocking client on a shared event loop group, which the caller owns and shuts down. */
    public static MqttClient blockingClient(MqttClientOptions options, EventLoopGroup group) {
        return new TernBlockingClient((TernAsyncClient) asyncClient(options, group));
    }

    /**
     * A new event loop group with {@code threads} daemon I/O threads, to share among many clients. The caller owns
     * it: shut it down with {@code shutdownGracefully()} after closing the clients. Its transport is the one the
     * client's own groups use (see the class description).
     */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        return new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("tern-io-shared-" + OWNED_GROUPS.incrementAndGet(), true),
                SocketTransport.ioHandlerFactory());
    }

    private static EventLoopGroup ownedGroup() {
        return new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("tern-io-" + OWNED_GROUPS.incrementAndGet(), true),
                SocketTransport.ioHandlerFactory());
    }
}
