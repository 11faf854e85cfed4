package dev.tern.mqtt.netty.fault;

import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.LifecycleListener;
import dev.tern.mqtt.lifecycle.ReconnectingEvent;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a client's life-cycle events, in order, and waits for the next of each kind. Test code only. */
final class Lifecycle implements LifecycleListener {

    static final long WAIT_SECONDS = 10;

    final List<Object> all = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    private final BlockingQueue<ConnectedEvent> connected = new LinkedBlockingQueue<>();
    private final BlockingQueue<DisconnectedEvent> disconnected = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReconnectingEvent> reconnecting = new LinkedBlockingQueue<>();

    @Override
    public void onConnected(ConnectedEvent event) {
        record(event);
        connected.add(event);
    }

    @Override
    public void onDisconnected(DisconnectedEvent event) {
        record(event);
        disconnected.add(event);
    }

    @Override
    public void onReconnecting(ReconnectingEvent event) {
        record(event);
        reconnecting.add(event);
    }

    private void record(Object event) {
        all.add(event);
        threads.add(Thread.currentThread().getName());
    }

    ConnectedEvent nextConnected() {
        return next(connected, "connected");
    }

    DisconnectedEvent nextDisconnected() {
        return next(disconnected, "disconnected");
    }

    ReconnectingEvent nextReconnecting() {
        return next(reconnecting, "reconnecting");
    }

    int connectedCount() {
        return (int) all.stream().filter(e -> e instanceof ConnectedEvent).count();
    }

    private static <T> T next(BlockingQueue<T> queue, String what) {
        try {
            T e = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + what + " event within " + WAIT_SECONDS + " s");
            }
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
