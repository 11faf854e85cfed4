package dev.tern.mqtt.benchmarks.e2e;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opening a fleet with a client whose connect reports through a listener (both Paho clients, whose listener types
 * share nothing): at most {@code parallel} connects outstanding, then waiting for all of them, failing with the first
 * failure.
 */
final class CallbackConnects {

    private final Semaphore outstanding;
    private final CountDownLatch finished;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    CallbackConnects(int n, int parallel) {
        this.outstanding = new Semaphore(parallel);
        this.finished = new CountDownLatch(n);
    }

    /** Call before each connect: blocks while {@code parallel} connects are outstanding. */
    void beforeConnect() throws InterruptedException {
        outstanding.acquire();
    }

    /** Called from the client's listener when a connect finished; {@code failure} is null on success. */
    void finished(Throwable failure) {
        if (failure != null) {
            firstFailure.compareAndSet(null, failure);
        }
        outstanding.release();
        finished.countDown();
    }

    /** Waits until every connect finished; throws if one failed or they took more than 300 s. */
    void awaitAll() throws InterruptedException {
        if (!finished.await(300, TimeUnit.SECONDS) || firstFailure.get() != null) {
            throw new IllegalStateException("fleet did not connect", firstFailure.get());
        }
    }
}
