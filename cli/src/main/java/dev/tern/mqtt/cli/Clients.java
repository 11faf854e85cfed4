package dev.tern.mqtt.cli;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.lifecycle.LifecycleListener;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Will;
import dev.tern.mqtt.netty.TernMqtt;
import dev.tern.mqtt.spi.ReconnectPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ParameterException;

/** Builds clients from the command line's {@link ConnectionOptions}, and waits for their futures. */
final class Clients {

    private Clients() {
    }

    /**
     * How the CLI reconnects: quickly at first, and at least every 5 seconds, so that a broker that is back is found
     * soon (the library's default waits up to a minute, which suits a fleet of devices rather than a person). Like
     * the library's default it gives up when the broker refuses for a reason retrying cannot change (bad user name
     * or password, not authorized, banned, ...): a policy of one's own keeps retrying those unless told not to, and
     * {@code pub} and {@code sub} would then wait for ever.
     */
    static final ReconnectPolicy RECONNECT = ReconnectPolicy.exponentialBackoff(Duration.ofMillis(100),
            Duration.ofSeconds(5)).stoppingOnPermanentRefusals();

    /**
     * The client options the flags ask for; falling back to MQTT 3.1.1 is always on in the CLI, and so is automatic
     * reconnect unless {@code --no-reconnect}. A first connect that fails is not retried (as mosquitto).
     */
    static MqttClientOptions options(ConnectionOptions c) {
        Duration timeout = Duration.ofSeconds(c.timeoutSeconds);
        MqttClientOptions.Builder b = MqttClientOptions.builder()
                .serverUri(c.serverUri())
                .tls(c.tls())
                .proxy(c.proxyOptions())
                .clientId(c.clientId == null ? "" : c.clientId)
                .version(c.version)
                .fallbackToMqtt311(true)
                .cleanStart(!c.keepSession)
                .sessionExpiryInterval(c.effectiveSessionExpiry())
                .keepAliveSeconds(c.keepAlive)
                .connectTimeout(timeout)
                .connAckTimeout(timeout)
                .ackTimeout(timeout)
                .username(c.username)
                .password(c.password)
                .automaticReconnect(!c.noReconnect)
                .reconnectPolicy(RECONNECT);
        if (c.hasWill()) {
            b.will(Will.of(Publish.builder()
                    .topic(c.willTopic)
                    .payload(c.willPayload == null ? "" : c.willPayload)
                    .qos(c.willQos == null ? Qos.AT_MOST_ONCE : c.willQos)
                    .retain(c.willRetain)
                    .build()));
        }
        return b.build();
    }

    /**
     * A new asynchronous client for these flags, not yet connected, telling {@code listener} about its connection.
     *
     * @throws ParameterException (a usage error) if the client rejects a value the flags' own checks let through
     */
    static AsyncMqttClient newClient(ConnectionOptions c, LifecycleListener listener) {
        MqttClientOptions options;
        try {
            options = options(c).toBuilder().addLifecycleListener(listener).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(c.spec.commandLine(), e.getMessage(), e);
        }
        return TernMqtt.asyncClient(options);
    }

    /**
     * Waits for a future at most {@code timeout}.
     *
     * @throws MqttException what the future failed with, or {@link MqttTimeoutException} on timeout
     * @throws IllegalStateException if interrupted (the interrupt flag is set again)
     */
    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new MqttTimeoutException(what + " did not complete within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new MqttException(what + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting: " + what, e);
        }
    }
}
