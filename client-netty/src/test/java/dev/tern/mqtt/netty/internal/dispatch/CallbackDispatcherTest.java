package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackDispatcherTest {

    private static final long WAIT_SECONDS = 10;
    /** Longer than {@link #WAIT_SECONDS}: what the test waits for must happen before a blocked callback gives up. */
    private static final long BLOCK_SECONDS = 3 * WAIT_SECONDS;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    /** Opens the loop held by {@link #holdTheLoop}. */
    private final CountDownLatch loopReleased = new CountDownLatch(1);
    /** Opens the blocked callback. */
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void stop() {
        unblock.countDown();
        loopReleased.countDown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void shutdownRunsTheCompletionsQueuedBehindABlockedCallbackAndLeavesNoThread() throws Exception {
        CallbackDispatcher dispatcher = new CallbackDispatcher(null, loop);
        Executor lane = dispatcher.completions();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch blocking = new CountDownLatch(1);
        lane.execute(() -> {
            threads.add(Thread.currentThread());
            blocking.countDown();
            awaitQuietly(unblock);
        });
        assertTrue(blocking.await(WAIT_SECONDS, TimeUnit.SECONDS), "the first callback runs and blocks");
        holdTheLoop(); // from here its watchdog never runs, as when the loop shuts down with the check scheduled
        int behind = 5;
        CountDownLatch ranBehind = new CountDownLatch(behind);
        for (int i = 0; i < behind; i++) {
            lane.execute(() -> {
                threads.add(Thread.currentThread());
                ranBehind.countDown();
            });
        }

        Thread closing = new Thread(() -> dispatcher.shutdown(TimeUnit.SECONDS.toMillis(BLOCK_SECONDS)), "closing");
        closing.start();
        assertTrue(ranBehind.await(WAIT_SECONDS, TimeUnit.SECONDS),
                "the completions behind the blocked callback ran while it blocked: " + ranBehind.getCount() + " left");
        assertTrue(closing.isAlive(), "shutdown waits for the blocked callback");

        unblock.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(closing.isAlive(), "shutdown returned once the callback did");
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(t.isAlive(), "no callback thread left: " + t.getName());
            assertTrue(t.getName().startsWith("tern-callback-"), "ran on a callback thread: " + t.getName());
        }
    }

    /** Keeps the event loop busy until the test ends: it runs none of its tasks, the lane's watchdog included. */
    private void holdTheLoop() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        loop.execute(() -> {
            held.countDown();
            awaitQuietly(loopReleased);
        });
        assertTrue(held.await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop is held");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BLOCK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
