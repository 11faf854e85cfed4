package dev.tern.mqtt.netty.internal.connection;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.netty.TernMqtt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP connect phase, which the client times itself (no Netty connect timeout, no bootstrap): a server whose accept
 * queue is full never answers the SYN, so the connect hangs until the client's connect timeout, or until the
 * application gives up with disconnect().
 */
@Timeout(30)
class ConnectTimeoutIT {

    private ServerSocket silent;
    private final List<Socket> queueFillers = new ArrayList<>();
    private final List<AsyncMqttClient> clients = new ArrayList<>();

    /** A listening socket that never accepts, its queue filled so that the kernel drops further SYNs. */
    @BeforeEach
    void fillAcceptQueue() throws IOException {
        silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), 200);
                queueFillers.add(s);
            } catch (IOException full) {
                s.close();
                return; // this one hung: the queue is full
            }
        }
        throw new IllegalStateException("the accept queue did not fill up; cannot make a connect hang here");
    }

    @AfterEach
    void close() throws IOException {
        clients.forEach(AsyncMqttClient::close);
        for (Socket s : queueFillers) {
            s.close();
        }
        silent.close();
    }

    private AsyncMqttClient client(Duration connectTimeout) {
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder()
                .server("127.0.0.1", silent.getLocalPort()).automaticReconnect(false)
                .connectTimeout(connectTimeout).build());
        clients.add(c);
        return c;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aConnectThatHangsFailsAfterTheConnectTimeout() {
        AsyncMqttClient c = client(Duration.ofMillis(400));
        long start = System.nanoTime();
        Throwable cause = failure(c.connect());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(MqttTimeoutException.class, cause);
        assertTrue(cause.getMessage().contains("could not connect to") && cause.getMessage().contains("within"),
                cause.getMessage());
        assertTrue(millis >= 350, "failed after " + millis + " ms, before the timeout");
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void disconnectStopsAHangingConnect() throws Exception {
        AsyncMqttClient c = client(Duration.ofSeconds(20));
        CompletableFuture<ConnAck> connect = c.connect();
        Thread.sleep(200); // let the SYN go out: disconnect must end a pending TCP connect, not one not yet begun
        assertFalse(connect.isDone());
        c.disconnect().get(5, TimeUnit.SECONDS);
        Throwable cause = failure(connect);
        assertInstanceOf(MqttConnectionLostException.class, cause);
        assertTrue(cause.getMessage().contains("cancelled"), cause.getMessage());
        assertEquals(ClientState.DISCONNECTED, c.state());
    }

    @Test
    void anUnknownHostFailsTheConnectWithTheResolversError() {
        AsyncMqttClient c = TernMqtt.asyncClient(MqttClientOptions.builder().server("no-such-host.invalid", 1883)
                .automaticReconnect(false).connectTimeout(Duration.ofSeconds(5)).build());
        clients.add(c);
        Throwable cause = failure(c.connect());
        assertInstanceOf(MqttConnectionLostException.class, cause);
        assertTrue(cause.getMessage().contains("UnknownHostException"), cause.getMessage());
        assertEquals(ClientState.DISCONNECTED, c.state());
    }
}
