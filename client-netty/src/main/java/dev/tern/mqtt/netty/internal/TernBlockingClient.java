package dev.tern.mqtt.netty.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.ClientState;
import dev.tern.mqtt.MqttClient;
import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.exceptions.MqttMessageDroppedException;
import dev.tern.mqtt.exceptions.MqttProtocolException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.netty.internal.dispatch.CallbackDispatcher;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import io.netty.util.internal.ThreadExecutorMap;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The blocking {@link MqttClient}: a hand-written adapter over {@link TernAsyncClient}. Each call waits on the raw
 * future (completed on the event loop, so waiting never depends on the callback executor), with an explicit timeout,
 * and rethrows a failure as a new exception of the same type thrown here, on the caller's thread, with the original
 * as its cause. Thread-safe.
 */
public final class TernBlockingClient implements MqttClient {

    private final TernAsyncClient async;

    public TernBlockingClient(TernAsyncClient async) {
        this.async = Objects.requireNonNull(async, "async");
    }

    @Override
    public ConnAck connect() {
        checkNotOnEventLoop("connect");
        Duration budget = async.options().connectTimeout().plus(async.options().connAckTimeout())
                .multipliedBy(async.options().serverUris().size());
        if (async.options().isFallbackToMqtt311()) {
            budget = budget.multipliedBy(2);
        }
        return await(async.connectRaw(), budget.plusSeconds(1), "connect");
    }

    @Override
    public PublishResult publish(Publish message) {
        checkNotOnEventLoop("publish");
        return await(async.publishRaw(message), ackTimeout(), "publish to " + message.topic());
    }

    @Override
    public SubAck subscribe(List<Subscription> subscriptions, Consumer<Publish> handler) {
        checkNotOnEventLoop("subscribe");
        Objects.requireNonNull(handler, "handler");
        // the core times out SUBACK itself after the ack timeout; the extra second lets its exception win
        return await(async.subscribeRaw(subscriptions, handler), ackTimeout().plusSeconds(1), "subscribe");
    }

    @Override
    public UnsubAck unsubscribe(List<String> topicFilters) {
        checkNotOnEventLoop("unsubscribe");
        return await(async.unsubscribeRaw(topicFilters), ackTimeout().plusSeconds(1), "unsubscribe");
    }

    @Override
    public void setMessageHandler(Consumer<Publish> handler) {
        async.setMessageHandler(handler);
    }

    @Override
    public Publish request(Publish request, Duration timeout) {
        checkNotOnEventLoop("request");
        return await(async.requestRaw(request, timeout), timeout.plusSeconds(1), "request on " + request.topic());
    }

    @Override
    public void disconnect() {
        checkNotOnEventLoop("disconnect");
        await(async.disconnectRaw(DisconnectReasonCode.NORMAL_DISCONNECTION), ackTimeout(), "disconnect");
    }

    @Override
    public void reauthenticate() {
        checkNotOnEventLoop("reauthenticate");
        await(async.reauthenticateRaw(), ackTimeout().plusSeconds(1), "reauthenticate");
    }

    @Override
    public void disconnectWithWill() {
        checkNotOnEventLoop("disconnectWithWill");
        await(async.disconnectRaw(DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE), ackTimeout(),
                "disconnectWithWill");
    }

    @Override
    public ClientState state() {
        return async.state();
    }

    @Override
    public AsyncMqttClient async() {
        return async;
    }

    @Override
    public void close() {
        async.close();
    }

    private Duration ackTimeout() {
        return async.options().ackTimeout();
    }

    /** Fails fast instead of deadlocking: waiting on an event loop would stop the I/O the wait depends on. */
    static void checkNotOnEventLoop(String operation) {
        if (ThreadExecutorMap.currentExecutor() != null) {
            throw new IllegalStateException("blocking " + operation + "() called on a Netty event loop thread ("
                    + Thread.currentThread().getName() + "); it would deadlock. Use the AsyncMqttClient there.");
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String operation) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MqttTimeoutException(operation + " did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(operation + " was interrupted", e);
        } catch (ExecutionException e) {
            throw rethrowable(CallbackDispatcher.unwrap(e));
        }
    }

    /**
     * A new exception of the same type as {@code t}, created here so its stack trace is the caller's, with
     * {@code t} as its cause.
     */
    static RuntimeException rethrowable(Throwable t) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        String message = t.getMessage();
        if (t instanceof MqttConnectionRefusedException) {
            return new MqttConnectionRefusedException(((MqttConnectionRefusedException) t).connAck(), t);
        }
        if (t instanceof MqttConnectionLostException) {
            MqttConnectionLostException l = (MqttConnectionLostException) t;
            return new MqttConnectionLostException(message, l.closedBy(), l.reasonCode().orElse(null),
                    l.reasonString().orElse(null), t);
        }
        if (t instanceof MqttAckException) {
            MqttAckException a = (MqttAckException) t;
            return new MqttAckException(message, a.reasonCodes(), a.reasonString().orElse(null), t);
        }
        if (t instanceof MqttMessageDroppedException) {
            return new MqttMessageDroppedException(message, ((MqttMessageDroppedException) t).reason(), t);
        }
        if (t instanceof MqttTimeoutException) {
            return new MqttTimeoutException(message, t);
        }
        if (t instanceof MqttClientStateException) {
            return new MqttClientStateException(message, t);
        }
        if (t instanceof MqttProtocolException) {
            MqttProtocolException p = (MqttProtocolException) t;
            String suffix = String.format(" (reason code 0x%02X %s)", p.reasonCode().code(), p.reasonCode());
            String plain = message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length())
                    : message;
            MqttProtocolException copy = new MqttProtocolException(p.reasonCode(), plain);
            copy.initCause(t);
            return copy;
        }
        if (t instanceof MqttException) {
            return new MqttException(message, t);
        }
        if (t instanceof IllegalStateException) {
            return new IllegalStateException(message, t);
        }
        if (t instanceof IllegalArgumentException) {
            return new IllegalArgumentException(message, t);
        }
        return new MqttException(String.valueOf(message), t);
    }
}
