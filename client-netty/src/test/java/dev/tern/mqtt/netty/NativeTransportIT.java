package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.Clients.Inbox;
import dev.tern.mqtt.netty.internal.transport.SocketTransport;
import dev.tern.mqtt.testing.BrokerEndpoint;
import dev.tern.mqtt.testing.HiveMqExtension;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tern.mqtt.netty.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linux's native epoll transport, picked when netty-transport-native-epoll is on the class path (it is for these
 * tests, which the build runs with native transports off and again on), and NIO beside it in the same JVM on a group
 * the application made.
 */
@ExtendWith(HiveMqExtension.class)
class NativeTransportIT {

    private final Clients clients = new Clients();
    private final List<EventLoopGroup> groups = new ArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        clients.close();
        for (EventLoopGroup g : groups) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private void roundTrip(AsyncMqttClient c, String what) {
        await(c.connect());
        String topic = Clients.uniqueTopic(what);
        Inbox inbox = new Inbox();
        await(c.subscribe(topic, Qos.EXACTLY_ONCE, inbox));
        for (Qos qos : Qos.values()) {
            await(c.publish(Publish.builder().topic(topic).payload(qos.name()).qos(qos).build()));
            assertEquals(qos.name(), inbox.take().payloadAsString());
        }
    }

    /** Epoll when its jar is there (it is, for these tests), NIO when Netty's switch turns native transports off. */
    @Test
    void theTransportIsEpollUnlessTurnedOffAndCarriesEveryQos(BrokerEndpoint broker) {
        boolean noNative = Boolean.getBoolean("io.netty.transport.noNative"); // the build runs both ways
        assertEquals(!noNative, SocketTransport.isEpoll(), "netty-transport-native-epoll is on the class path");
        EventLoopGroup shared = TernMqtt.newEventLoopGroup(1);
        groups.add(shared);
        assertTrue(((IoEventLoop) shared.next()).isIoType(noNative ? NioIoHandler.class : EpollIoHandler.class),
                "a new group runs " + (noNative ? "NIO" : "epoll"));
        roundTrip(clients.track(TernMqtt.asyncClient(Clients.options(broker, MqttVersion.MQTT_5_0).build(),
                shared)), "shared");
        roundTrip(clients.track(TernMqtt.asyncClient(Clients.options(broker, MqttVersion.MQTT_3_1_1).build())),
                "owned");
    }

    @Test
    void anNioGroupTheApplicationMadeStillWorks(BrokerEndpoint broker) {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        groups.add(nio);
        roundTrip(clients.track(TernMqtt.asyncClient(Clients.options(broker, MqttVersion.MQTT_5_0).build(), nio)),
                "nio");
    }

    @Test
    void aGroupOfAnotherTransportIsRefusedAtOnce(BrokerEndpoint broker) {
        EventLoopGroup local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        groups.add(local);
        MqttClientOptions options = Clients.options(broker, MqttVersion.MQTT_5_0).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TernMqtt.asyncClient(options, local));
        assertTrue(e.getMessage().contains("NIO"), e.getMessage());
    }
}
