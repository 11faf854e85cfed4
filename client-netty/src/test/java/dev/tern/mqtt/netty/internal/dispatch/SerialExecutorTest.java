package dev.tern.mqtt.netty.internal.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {

    @Test
    void isIdleOnlyWithNothingQueuedAndNoTurnScheduled() {
        List<Runnable> turns = new ArrayList<>();
        SerialExecutor held = new SerialExecutor(turns::add); // turns run only when the test runs them
        assertTrue(held.isIdle());
        held.execute(() -> { });
        assertFalse(held.isIdle(), "a task queued, its turn not run yet");
        turns.remove(0).run();
        assertTrue(held.isIdle(), "the turn ran everything");
    }

    @Test
    void tasksRunInSubmissionOrderAcrossTurns() {
        List<Runnable> turns = new ArrayList<>();
        SerialExecutor held = new SerialExecutor(turns::add);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // more than one turn's batch
            int n = i;
            held.execute(() -> ran.add(n));
        }
        while (!turns.isEmpty()) {
            turns.remove(0).run();
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(i, ran.get(i));
        }
        assertTrue(held.isIdle());
    }
}
