package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.exceptions.MqttClientStateException;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishIntakeTest {

    /** Stands in for the event loop: one thread. */
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final AtomicInteger loopTasks = new AtomicInteger();

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    /** Keeps the loop busy until the returned latch is counted down. */
    private CountDownLatch holdLoop() {
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    private static OutgoingPublish publish(String topic) {
        return new OutgoingPublish(Publish.builder().topic(topic).payload(new byte[1]).build(),
                new CompletableFuture<PublishResult>());
    }

    @Test
    void handsOverEveryPublishInSubmissionOrderPerThread() throws InterruptedException {
        int perThread = 20_000;
        List<String> received = new ArrayList<>(); // loop thread only
        CountDownLatch all = new CountDownLatch(2 * perThread);
        PublishIntake intake = new PublishIntake(task -> {
            loopTasks.incrementAndGet();
            loop.execute(task);
        }, op -> {
            received.add(op.message.topic());
            all.countDown();
        });
        Thread a = new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
                intake.submit(publish("a/" + i));
            }
        });
        Thread b = new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
                intake.submit(publish("b/" + i));
            }
        });
        a.start();
        b.start();
        assertTrue(all.await(20, TimeUnit.SECONDS), "all handed over");
        CompletableFuture<List<String>> snapshot = CompletableFuture.supplyAsync(() -> List.copyOf(received), loop);
        List<String> seen = snapshot.join();
        assertEquals(2 * perThread, seen.size());
        int nextA = 0;
        int nextB = 0;
        for (String t : seen) {
            if (t.startsWith("a/")) {
                assertEquals("a/" + nextA++, t);
            } else {
                assertEquals("b/" + nextB++, t);
            }
        }
        assertTrue(loopTasks.get() < 2 * perThread, "batched: " + loopTasks.get() + " tasks");
    }

    @Test
    void aPublishSubmittedBeforeAnotherOperationReachesTheLoopFirst() throws Exception {
        List<String> order = new ArrayList<>();
        PublishIntake intake = new PublishIntake(loop, op -> order.add(op.message.topic()));
        for (int round = 0; round < 1_000; round++) {
            intake.submit(publish("p" + round));
            int r = round;
            loop.execute(() -> order.add("op" + r));
        }
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(order), loop).get(10, TimeUnit.SECONDS);
        for (int round = 0; round < 1_000; round++) {
            assertTrue(seen.indexOf("p" + round) < seen.indexOf("op" + round), "publish " + round + " first");
        }
    }

    @Test
    void aPublishIsNotOvertakenWhileAnotherThreadIsStillSchedulingTheDrain() throws Exception {
        // Thread a claims the drain and is held inside execute(); meanwhile this thread publishes and then hands the
        // loop an operation of its own: that operation must still come after this thread's publish.
        Thread[] claimer = new Thread[1];
        CountDownLatch claimerInExecute = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        List<String> order = new ArrayList<>(); // loop thread only
        PublishIntake intake = new PublishIntake(task -> {
            if (Thread.currentThread() == claimer[0]) {
                claimerInExecute.countDown();
                try {
                    otherDone.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            loop.execute(task);
        }, op -> order.add(op.message.topic()));
        Thread a = new Thread(() -> intake.submit(publish("from-a")));
        claimer[0] = a;
        a.start();
        assertTrue(claimerInExecute.await(10, TimeUnit.SECONDS), "a is scheduling the drain");
        intake.submit(publish("from-b"));
        loop.execute(() -> order.add("b's next operation"));
        otherDone.countDown();
        a.join(10_000);
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(order), loop).get(10, TimeUnit.SECONDS);
        assertTrue(seen.indexOf("from-b") >= 0 && seen.indexOf("from-b") < seen.indexOf("b's next operation"),
                "b's publish before b's next operation: " + seen);
        assertTrue(seen.contains("from-a"), "a's publish handed over too: " + seen);
    }

    @Test
    void failsThePublishWhenTheLoopIsShutDown() {
        loop.shutdown();
        PublishIntake intake = new PublishIntake(loop, op -> { });
        OutgoingPublish op = publish("t");
        intake.submit(op);
        ExecutionException e = assertThrows(ExecutionException.class, () -> op.future.get(1, TimeUnit.SECONDS));
        assertInstanceOf(MqttClientStateException.class, e.getCause());
    }

    @Test
    void aDrainHandsOverAtMostABatchAndTheRestFollowsInOrder() throws Exception {
        CountDownLatch release = holdLoop(); // the loop is busy while everything is submitted
        int n = 2 * PublishIntake.BATCH + 100;
        CountDownLatch all = new CountDownLatch(n);
        List<String> order = new ArrayList<>();
        List<Integer> perTask = new ArrayList<>();
        PublishIntake intake = new PublishIntake(task -> loop.execute(() -> {
            int before = order.size();
            task.run();
            perTask.add(order.size() - before);
        }), op -> {
            order.add(op.message.topic());
            all.countDown();
        });
        for (int i = 0; i < n; i++) {
            intake.submit(publish("t" + i));
        }
        release.countDown();
        assertTrue(all.await(10, TimeUnit.SECONDS), "all handed over");
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(order), loop).get(10, TimeUnit.SECONDS);
        List<Integer> tasks = CompletableFuture.supplyAsync(() -> List.copyOf(perTask), loop).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            assertEquals("t" + i, seen.get(i));
        }
        assertEquals(List.of(PublishIntake.BATCH, PublishIntake.BATCH, 100), tasks);
    }

    @Test
    void manyProducersAllHandedOverEachInItsOwnOrder() throws InterruptedException {
        int producers = 4;
        int perThread = 10_000;
        List<String> received = new ArrayList<>(); // loop thread only
        CountDownLatch all = new CountDownLatch(producers * perThread);
        PublishIntake intake = new PublishIntake(loop, op -> {
            received.add(op.message.topic());
            all.countDown();
        });
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            String prefix = "p" + p + "/";
            Thread t = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    intake.submit(publish(prefix + i));
                }
            });
            threads.add(t);
            t.start();
        }
        assertTrue(all.await(20, TimeUnit.SECONDS), "all handed over");
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(received), loop).join();
        assertEquals(producers * perThread, seen.size());
        int[] next = new int[producers];
        for (String t : seen) {
            int p = t.charAt(1) - '0';
            assertEquals("p" + p + "/" + next[p]++, t);
        }
    }

    @Test
    void aPublishSubmittedWhileADrainRunsGoesWithItWithoutAnotherTask() throws Exception {
        List<String> order = new ArrayList<>();
        PublishIntake[] intake = new PublishIntake[1];
        intake[0] = new PublishIntake(task -> {
            loopTasks.incrementAndGet();
            loop.execute(task);
        }, op -> {
            order.add(op.message.topic());
            if (op.message.topic().equals("first")) {
                intake[0].submit(publish("during")); // as another thread would while the drain hands over
            }
        });
        intake[0].submit(publish("first"));
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(order), loop).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("first", "during"), seen);
        assertEquals(1, loopTasks.get(), "one drain task");
    }

    @Test
    void aDrainThatRunsBeforeItsClaimerReturnsStillTakesWhatIsSubmittedMeanwhile() throws Exception {
        // The loop runs the drain before execute() returns to the claiming thread, the order a fast loop can take:
        // a submit during that drain must not schedule another one.
        Thread loopThread = loop.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
        List<String> order = new ArrayList<>(); // loop thread only
        PublishIntake[] intake = new PublishIntake[1];
        intake[0] = new PublishIntake(task -> {
            loopTasks.incrementAndGet();
            CountDownLatch ran = new CountDownLatch(1);
            loop.execute(() -> {
                task.run();
                ran.countDown();
            });
            if (Thread.currentThread() != loopThread) {
                try {
                    ran.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, op -> {
            order.add(op.message.topic());
            if (op.message.topic().equals("first")) {
                intake[0].submit(publish("during"));
            }
        });
        intake[0].submit(publish("first"));
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(order), loop).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("first", "during"), seen);
        assertEquals(1, loopTasks.get(), "one drain task");
    }

    @Test
    void failsWhatWaitsWhenTheLoopRejectsADrainsYield() throws Exception {
        CountDownLatch release = holdLoop(); // the loop is busy while everything is submitted
        AtomicInteger accepted = new AtomicInteger();
        List<OutgoingPublish> handedOver = new ArrayList<>(); // loop thread only
        PublishIntake intake = new PublishIntake(task -> {
            if (accepted.getAndIncrement() > 0) {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            }
            loop.execute(task);
        }, handedOver::add);
        int n = PublishIntake.BATCH + 10;
        List<OutgoingPublish> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OutgoingPublish op = publish("t" + i);
            all.add(op);
            intake.submit(op);
        }
        release.countDown();
        for (int i = PublishIntake.BATCH; i < n; i++) {
            OutgoingPublish op = all.get(i);
            ExecutionException e = assertThrows(ExecutionException.class, () -> op.future.get(10, TimeUnit.SECONDS));
            assertInstanceOf(MqttClientStateException.class, e.getCause());
        }
        List<OutgoingPublish> seen = CompletableFuture.supplyAsync(() -> List.copyOf(handedOver), loop)
                .get(10, TimeUnit.SECONDS);
        assertEquals(all.subList(0, PublishIntake.BATCH), seen);
    }

    @Test
    void whenTheSinkFailsOnOneMessageTheRestStillFollowInOrder() throws Exception {
        CountDownLatch release = holdLoop(); // the loop is busy while everything is submitted
        List<String> order = new ArrayList<>(); // loop thread only
        CountDownLatch rest = new CountDownLatch(3);
        PublishIntake intake = new PublishIntake(loop, op -> {
            if (op.message.topic().equals("t1")) {
                throw new IllegalStateException("sink failed");
            }
            order.add(op.message.topic());
            rest.countDown();
        });
        for (int i = 0; i < 4; i++) {
            intake.submit(publish("t" + i));
        }
        release.countDown();
        assertTrue(rest.await(10, TimeUnit.SECONDS), "the rest handed over");
        intake.submit(publish("later"));
        List<String> seen = CompletableFuture.supplyAsync(() -> List.copyOf(order), loop).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("t0", "t2", "t3", "later"), seen);
    }

    @Test
    void encodingAheadStopsWhenTheConnectionCannotUseTheBytesAndResumesWhenItCould() {
        boolean[] aliases = {true};
        List<OutgoingPublish.AheadVerdict> verdicts = new ArrayList<>();
        // the sink does what the session's first send does with the bytes: drops them on a connection with topic
        // aliases, takes them (or notes that it would have) on one without
        PublishIntake intake = new PublishIntake(Runnable::run, op -> {
            if (aliases[0]) {
                op.preparedPacketUnusable();
            } else {
                op.takePreparedPacket(dev.tern.mqtt.MqttVersion.MQTT_5_0, false);
            }
            verdicts.add(op.aheadVerdict());
        });
        assertTrue(intake.encodesAhead());
        intake.submit(prepared("a"));
        assertFalse(intake.encodesAhead(), "the bytes were wasted");
        intake.submit(prepared("b"));
        aliases[0] = false;
        intake.submit(prepared("c"));
        assertTrue(intake.encodesAhead(), "the bytes would have been used");
        intake.submit(prepared("d"));
        assertEquals(List.of(OutgoingPublish.AheadVerdict.WASTED, OutgoingPublish.AheadVerdict.NONE,
                OutgoingPublish.AheadVerdict.WANTED, OutgoingPublish.AheadVerdict.USED), verdicts);
    }

    private static OutgoingPublish prepared(String topic) {
        OutgoingPublish op = publish(topic);
        op.prepare(dev.tern.mqtt.MqttVersion.MQTT_5_0);
        return op;
    }
}
