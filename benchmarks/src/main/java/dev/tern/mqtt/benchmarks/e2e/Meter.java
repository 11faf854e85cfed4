package dev.tern.mqtt.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What one measured phase cost this JVM: wall time, process CPU time (all threads, including GC and JIT) and bytes
 * allocated on the heap (the sum over live threads; a thread that ends during the phase takes its count with it,
 * so allocation can be under-counted where a library's threads come and go).
 */
final class Meter {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long wallStart;
    private long cpuStart;
    private Map<Long, Long> allocStart;
    long wallNanos;
    long cpuNanos;
    long allocatedBytes;

    void start() {
        allocStart = allocatedPerThread();
        cpuStart = OS.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    void stop() {
        wallNanos = System.nanoTime() - wallStart;
        cpuNanos = OS.getProcessCpuTime() - cpuStart;
        long total = 0;
        for (Map.Entry<Long, Long> e : allocatedPerThread().entrySet()) {
            total += e.getValue() - allocStart.getOrDefault(e.getKey(), 0L);
        }
        allocatedBytes = total;
    }

    private static Map<Long, Long> allocatedPerThread() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return m;
    }

    static int liveThreads() {
        return THREADS.getThreadCount();
    }
}
