package dev.tern.mqtt.netty.internal.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SerialExecutorTest {

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
        assertEquals(200, ran.size());
    }
}
