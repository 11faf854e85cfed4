package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionLaneTest {

    private final AtomicInteger tasksStarted = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletionLane lane = new CompletionLane(task -> {
        tasksStarted.incrementAndGet();
        pool.execute(task);
    }, loop.next());

    @AfterEach
    void stop() {
        pool.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void runsEveryCompletionOffTheCallingThread() throws InterruptedException {
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            lane.execute(() -> {
                threads.add(Thread.currentThread());
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "all ran");
        assertFalse(threads.contains(Thread.currentThread()), "never on the submitting thread");
        assertTrue(tasksStarted.get() < n, "batched: " + tasksStarted.get() + " executor tasks for " + n);
    }

    @Test
    void aCompletionBlockedOnALaterOneDoesNotWaitForItself() throws InterruptedException {
        // a callback that waits for another future of the same client, whose completion is queued behind it
        CountDownLatch later = new CountDownLatch(1);
        CountDownLatch firstReturned = new CountDownLatch(1);
        lane.execute(waitsFor(later, firstReturned));
        lane.execute(later::countDown);
        assertTrue(firstReturned.await(10, TimeUnit.SECONDS), "the later completion ran while the first blocked");
    }

    @Test
    void aChainOfBlockedCompletionsStillProgresses() throws InterruptedException {
        int n = 20;
        CountDownLatch allReturned = new CountDownLatch(n);
        submitBlockedChain(n, allReturned);
        assertTrue(allReturned.await(10, TimeUnit.SECONDS), "every blocked completion returned");
    }

    /** A completion that blocks until {@code release} opens (at most 10 s), then counts {@code returned} down. */
    private static Runnable waitsFor(CountDownLatch release, CountDownLatch returned) {
        return () -> {
            try {
                if (release.await(10, TimeUnit.SECONDS)) {
                    returned.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * Submits {@code n} completions that each block until released, then the completion that releases them all,
     * last, behind the blocked ones; each counts {@code allReturned} down when it returns.
     */
    private void submitBlockedChain(int n, CountDownLatch allReturned) {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            lane.execute(waitsFor(release, allReturned));
        }
        lane.execute(release::countDown);
    }

    @Test
    void runsOnTheCallingThreadOnceTheExecutorRefuses() {
        pool.shutdown();
        List<Thread> ran = new ArrayList<>();
        lane.execute(() -> ran.add(Thread.currentThread()));
        lane.execute(() -> ran.add(Thread.currentThread()));
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), ran);
    }

    @Test
    void aThrowingCompletionDoesNotStopTheOthers() throws InterruptedException {
        CountDownLatch after = new CountDownLatch(1);
        lane.execute(() -> {
            throw new IllegalStateException("from a test callback");
        });
        lane.execute(after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    @Test
    void workHandedOverWhileTheOnlyDrainTaskIsBlockedStillRuns() throws InterruptedException {
        // the running drain task takes new work itself, so only the watchdog can see that it never will
        assertALaterCompletionRunsWhileTheFirstBlocks();
    }

    /** One completion blocks until a second, handed over after it started, has run. */
    private void assertALaterCompletionRunsWhileTheFirstBlocks() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        lane.execute(() -> {
            started.countDown();
            waitsFor(release, returned).run();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS), "the first completion started");
        lane.execute(release::countDown);
        assertTrue(returned.await(10, TimeUnit.SECONDS), "the later completion ran while the first blocked");
    }

    @Test
    void workHandedOverAfterTheLoopBeganShuttingDownWithTheWatchdogScheduledStillRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch loopReleased = new CountDownLatch(1);
        try {
            lane.execute(() -> {
                started.countDown();
                waitsFor(release, returned).run();
            });
            assertTrue(started.await(10, TimeUnit.SECONDS), "the first completion started");
            loop.execute(() -> { // the watchdog, scheduled from here on, cannot run before the loop shuts down
                loopHeld.countDown();
                try {
                    loopReleased.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(loopHeld.await(10, TimeUnit.SECONDS), "the loop is held");
            lane.execute(() -> { }); // work behind the blocked completion: the watchdog is scheduled
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS); // which drops the scheduled watchdog
            lane.execute(release::countDown);
            assertTrue(returned.await(5, TimeUnit.SECONDS), "the later completion ran while the first blocked");
        } finally {
            loopReleased.countDown();
        }
    }

    @Test
    void aCompletionBlockedOnALaterOneOfTheSameBatchOfManyDoesNotWaitForItself() throws InterruptedException {
        CountDownLatch later = new CountDownLatch(1);
        CountDownLatch firstReturned = new CountDownLatch(1);
        Runnable[] batch = new Runnable[102];
        batch[0] = waitsFor(later, firstReturned);
        for (int i = 1; i < 101; i++) {
            batch[i] = () -> { };
        }
        batch[101] = later::countDown;
        lane.executeAll(batch, batch.length);
        assertTrue(firstReturned.await(10, TimeUnit.SECONDS), "the later completion ran while the first blocked");
    }

    @Test
    void aChainOfBlockedCompletionsInOneBatchOfManyStillProgresses() throws InterruptedException {
        int n = 20;
        CountDownLatch allReturned = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Runnable[] batch = new Runnable[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = waitsFor(release, allReturned);
        }
        batch[n] = release::countDown;
        lane.executeAll(batch, batch.length);
        assertTrue(allReturned.await(10, TimeUnit.SECONDS), "every blocked completion returned");
    }

    @Test
    void withItsLoopShutDownTheLaneStillBacksABlockedCompletionUp() throws Exception {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        assertALaterCompletionRunsWhileTheFirstBlocks();
    }

    // ---- completions decided on an event loop: gathered, and handed over once the loop is done --------------

    @Test
    void completionsOfOneLoopTaskAreHandedOverTogether() throws Exception {
        int n = 1000;
        CountDownLatch done = new CountDownLatch(n);
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Thread loopThread = loop.submit(() -> {
            for (int i = 0; i < n; i++) {
                lane.execute(() -> {
                    threads.add(Thread.currentThread());
                    done.countDown();
                });
            }
            assertTrue(tasksStarted.get() < n, "handed over in batches: " + tasksStarted.get() + " tasks");
            return Thread.currentThread();
        }).get(10, TimeUnit.SECONDS);
        assertTrue(done.await(10, TimeUnit.SECONDS), "all ran");
        assertFalse(threads.contains(loopThread), "never on the event loop");
        assertTrue(tasksStarted.get() < n, "batched: " + tasksStarted.get() + " executor tasks for " + n);
    }

    @Test
    void completionsOfOneLoopTaskAreHandedOverOnceWhenItEnds() throws Exception {
        // like the PUBACKs of one socket read: however many, one hand-over (one pool thread woken) after the read
        int n = 1000;
        CountDownLatch done = new CountDownLatch(n);
        int startedDuringTheTask = loop.submit(() -> {
            for (int i = 0; i < n; i++) {
                lane.execute(done::countDown);
            }
            return tasksStarted.get();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(0, startedDuringTheTask, "nothing handed over before the loop task ended");
        assertTrue(done.await(10, TimeUnit.SECONDS), "all ran");
    }

    @Test
    void aCompletionBlockedOnALaterOneOfTheSameBatchDoesNotWaitForItself() throws Exception {
        CountDownLatch later = new CountDownLatch(1);
        CountDownLatch firstReturned = new CountDownLatch(1);
        loop.execute(() -> {
            lane.execute(waitsFor(later, firstReturned));
            for (int i = 0; i < 100; i++) {
                lane.execute(() -> { });
            }
            lane.execute(later::countDown);
        });
        assertTrue(firstReturned.await(10, TimeUnit.SECONDS), "the later completion ran while the first blocked");
    }

    @Test
    void aChainOfBlockedCompletionsInOneBatchStillProgresses() throws InterruptedException {
        int n = 20;
        CountDownLatch allReturned = new CountDownLatch(n);
        loop.execute(() -> submitBlockedChain(n, allReturned));
        assertTrue(allReturned.await(10, TimeUnit.SECONDS), "every blocked completion returned");
    }

    @Test
    void theLoopAndOtherThreadsCompleteAtTheSameTime() throws Exception {
        int perThread = 20_000;
        CountDownLatch done = new CountDownLatch(2 * perThread);
        loop.execute(new Runnable() {
            int left = perThread;

            @Override
            public void run() {
                for (int i = 0; i < 500 && left > 0; i++, left--) {
                    lane.execute(done::countDown);
                }
                if (left > 0) {
                    loop.execute(this); // after the hand-over: a new batch
                }
            }
        });
        for (int i = 0; i < perThread; i++) {
            lane.execute(done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "all ran, " + done.getCount() + " left");
    }
}
