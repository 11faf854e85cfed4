package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The one Artemis stop-time exception that {@link EmbeddedBroker} keeps off stderr, and only that one. */
class ArtemisStopRaceTest {

    @Test
    void artemisThreadsRejectedAtStopAreQuietAndEverythingElseIsStillReported() throws Exception {
        Class.forName(EmbeddedBroker.class.getName(), true, EmbeddedBroker.class.getClassLoader());
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            die("Thread-0 (activemq-paging-tern-embedded)", new RejectedExecutionException("pool shut down"));
            assertEquals("", captured.toString(StandardCharsets.UTF_8), "Artemis's stop race is not printed");

            die("worker", new IllegalStateException("a real failure"));
            String printed = captured.toString(StandardCharsets.UTF_8);
            assertTrue(printed.startsWith("Exception in thread \"worker\" java.lang.IllegalStateException: a real"
                    + " failure"), printed);

            captured.reset();
            die("Thread-1 (activemq-netty-threads)", new IllegalStateException("another failure"));
            assertTrue(captured.toString(StandardCharsets.UTF_8).contains("another failure"),
                    "other exceptions of Artemis's threads are still printed");
        } finally {
            System.setErr(original);
        }
    }

    private static void die(String name, RuntimeException e) throws InterruptedException {
        Thread t = new Thread(() -> {
            throw e;
        }, name);
        t.start();
        t.join(10_000);
    }
}
