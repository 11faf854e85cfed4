package dev.tern.mqtt.benchmarks;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH's benchmark threads as Netty {@link FastThreadLocalThread}s, like event-loop threads. Netty 4.2 gives
 * only such threads the allocators' per-thread caches, object recycling and {@code ByteBufUtil}'s scratch arrays; on
 * a plain JMH thread every buffer wrapper and every string decode would allocate, and the figures would describe a
 * thread the codec never runs on.
 *
 * <p>JMH instantiates it when the forked JVM runs with {@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=dev.tern.mqtt.benchmarks.EventLoopLikeExecutor}; {@link PublishCodecBenchmark} sets both.
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {

    /** The constructor JMH calls reflectively. */
    public EventLoopLikeExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }

    /**
     * Fails a trial that is not running on such a thread, for example one started with {@code -f 0}, which ignores
     * the forked JVM's arguments.
     */
    static void requireFastThreadLocalThread() {
        if (!FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
            throw new IllegalStateException("benchmark thread " + Thread.currentThread().getName()
                    + " is not a FastThreadLocalThread; run forked (-f 1) or pass -Djmh.executor=CUSTOM"
                    + " -Djmh.executor.class=" + EventLoopLikeExecutor.class.getName());
        }
    }
}
