package dev.tern.mqtt.reactive.internal;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.TopicFilter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * Acknowledges QoS 1 and 2 messages that arrive for a filter the facade has unsubscribed, after the UNSUBACK: the
 * server may still send messages it had queued, and by then the async client has removed the router as their
 * handler. With manual acknowledgement the async client does not acknowledge a message that reaches no handler, so
 * without this each such message would keep a place of the Receive Maximum for the rest of the connection (and
 * HiveMQ CE, which sends a client new messages only when an acknowledgement comes back, could stop sending).
 *
 * <p>Subscribes to the async client's {@code messages()} stream, with unbounded demand, only once the facade first
 * unsubscribes. It remembers the last {@link #REMEMBERED} unsubscribed filters and acknowledges a message that
 * matches one of them and no current stream of the facade. Thread-safe.
 */
final class StrayMessages implements Flow.Subscriber<Publish> {

    /** How many unsubscribed filters are remembered. */
    static final int REMEMBERED = 1024;

    private final AsyncMqttClient client;
    private final MessageRouter router;
    // guarded by itself; in order of retirement, the eldest forgotten first
    private final Map<String, Boolean> retired = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private boolean subscribed; // guarded by retired

    StrayMessages(AsyncMqttClient client, MessageRouter router) {
        this.client = client;
        this.router = router;
    }

    /** The facade sent UNSUBSCRIBE for these filters. */
    void retire(List<String> filters) {
        boolean subscribe;
        synchronized (retired) {
            filters.forEach(f -> retired.put(f, Boolean.TRUE));
            subscribe = !subscribed;
            subscribed = true;
        }
        if (subscribe) {
            client.messages().subscribe(this);
        }
    }

    /** The application subscribes to these filters again (without a stream): their messages are its own. */
    void revive(List<String> filters) {
        synchronized (retired) {
            filters.forEach(retired::remove);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Publish message) {
        if (message.qos() == Qos.AT_MOST_ONCE || router.wants(message.topic())) {
            return;
        }
        boolean stray = false;
        synchronized (retired) {
            for (String f : retired.keySet()) {
                if (TopicFilter.matches(f, message.topic())) {
                    stray = true;
                    break;
                }
            }
        }
        if (stray) {
            client.acknowledge(message); // a second acknowledgement of a message is harmless
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the messages() stream does not fail
    }

    @Override
    public void onComplete() {
        // the client was closed
    }
}
