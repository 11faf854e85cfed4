package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.SubAck;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.UnsubAck;
import dev.tern.mqtt.reason.SubAckReasonCode;
import dev.tern.mqtt.reason.UnsubAckReasonCode;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.Deque;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * An {@link AsyncMqttClient} without a network, in manual acknowledgement mode, for unit tests of the facade. It
 * records SUBSCRIBE, UNSUBSCRIBE and acknowledgements in {@link #log}, can hold acknowledgement futures for the test
 * to complete ({@link #autoComplete} off) or fail ({@link #failNext}), delivers messages to the handler the facade
 * registered, and notes a {@code messages()} subscriber. A dynamic proxy, so that methods added to the interface
 * later need no change here; they throw.
 */
final class FakeAsyncClient {

    /** "SUBSCRIBE a/#", "UNSUBSCRIBE a/#", "ACK a/1 payload", "CLOSE", in call order. */
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
    volatile boolean autoComplete = true;
    volatile boolean manualAcknowledgement = true;
    /** Failures for the next SUBSCRIBE and UNSUBSCRIBE calls, in order; each is logged, then fails. */
    final Deque<Throwable> failNext = new ConcurrentLinkedDeque<>();
    volatile Consumer<Publish> handler;
    /** The subscriber of {@code messages()}, if any. */
    volatile Flow.Subscriber<? super Publish> streamSubscriber;

    final AsyncMqttClient client = (AsyncMqttClient) Proxy.newProxyInstance(AsyncMqttClient.class.getClassLoader(),
            new Class<?>[] {AsyncMqttClient.class}, (proxy, method, args) -> invoke(method, args));

    static Publish message(String topic, String payload, Qos qos) {
        return Publish.builder().topic(topic).payload(payload).qos(qos).build();
    }

    /** Hands a message to the registered handler, as the client's message lane would. */
    void deliver(Publish message) {
        handler.accept(message);
    }

    List<String> acks() {
        synchronized (log) {
            return log.stream().filter(l -> l.startsWith("ACK ")).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private Object invoke(Method method, Object[] args) {
        switch (method.getName() + "/" + (args == null ? 0 : args.length)) {
            case "subscribe/2" -> {
                List<Subscription> subs = (List<Subscription>) args[0];
                handler = (Consumer<Publish>) args[1];
                subs.forEach(s -> log.add("SUBSCRIBE " + s.topicFilter()));
                return answer(new SubAck(subs.stream().map(s -> SubAckReasonCode.GRANTED_QOS_1).toList(), null,
                        List.of()));
            }
            case "subscribe/1" -> {
                List<Subscription> subs = (List<Subscription>) args[0];
                subs.forEach(s -> log.add("SUBSCRIBE " + s.topicFilter()));
                return answer(new SubAck(subs.stream().map(s -> SubAckReasonCode.GRANTED_QOS_1).toList(), null,
                        List.of()));
            }
            case "messages/0" -> {
                return (Flow.Publisher<Publish>) subscriber -> {
                    streamSubscriber = subscriber;
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                        }

                        @Override
                        public void cancel() {
                        }
                    });
                };
            }
            case "unsubscribe/1" -> {
                List<String> filters = (List<String>) args[0];
                filters.forEach(f -> log.add("UNSUBSCRIBE " + f));
                return answer(new UnsubAck(filters.stream().map(f -> UnsubAckReasonCode.SUCCESS).toList(), null,
                        List.of()));
            }
            case "acknowledge/1" -> {
                if (!manualAcknowledgement) {
                    throw new IllegalStateException("manual acknowledgement is off");
                }
                Publish p = (Publish) args[0];
                if (p.qos() != Qos.AT_MOST_ONCE) {
                    log.add("ACK " + p.topic() + " " + p.payloadAsString());
                }
                return null;
            }
            case "close/0" -> {
                log.add("CLOSE");
                return null;
            }
            case "toString/0" -> {
                return "FakeAsyncClient";
            }
            case "hashCode/0" -> {
                return System.identityHashCode(this);
            }
            default -> throw new UnsupportedOperationException(method.toString());
        }
    }

    private <T> CompletableFuture<T> answer(T value) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Throwable failure = failNext.poll();
        if (failure != null) {
            f.completeExceptionally(failure);
        } else if (autoComplete) {
            f.complete(value);
        } else {
            pending.add(f);
        }
        return f;
    }
}
