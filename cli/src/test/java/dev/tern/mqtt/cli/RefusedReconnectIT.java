package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code mqtt pub} and {@code mqtt sub} when the broker refuses the reconnect for a reason retrying cannot change
 * (here 0x86 bad user name or password, as after a password change): reconnecting stops at once and the command
 * ends with exit status 3 and one line naming the CONNACK, instead of retrying for ever. A scripted broker accepts
 * the first connection and refuses the later ones; the commands run in this JVM, in the background.
 */
class RefusedReconnectIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void subEndsWithStatus3WhenTheReconnectIsRefusedForGood() throws Exception {
        try (FakeBroker broker = FakeBroker.acceptingOnceThenRefusing(0x86)) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> sub = start(out, err, "sub", "-t", "it/refused", "-p",
                    String.valueOf(broker.port()));
            await(() -> out.toString().contains("hello")); // past its SUBACK
            broker.cutAll();
            int status = sub.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(ExitCode.CONNECT_FAILED, status, err.toString());
            assertLastLine(err.toString(), "mqtt sub: connection refused by 127.0.0.1:" + broker.port()
                    + ": CONNACK 0x86 BAD_USER_NAME_OR_PASSWORD when reconnecting; not retrying, after 1 messages");
            assertEquals(2, broker.connects(), "no retry after the refusal");
        }
    }

    @Test
    void pubEndsWithStatus3WhenTheReconnectIsRefusedForGood() throws Exception {
        try (FakeBroker broker = FakeBroker.acceptingOnceThenRefusing(0x87)) {
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> pub = start(new StringWriter(), err, "pub", "-t", "it/refused", "-m", "m{n}",
                    "--repeat", "200", "--interval", "50", "-p", String.valueOf(broker.port()));
            await(() -> broker.publishes() >= 2);
            broker.cutAll();
            int status = pub.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(ExitCode.CONNECT_FAILED, status, err.toString());
            String last = assertLastLine(err.toString(), null);
            assertTrue(last.matches("mqtt pub: connection refused by 127\\.0\\.0\\.1:" + broker.port()
                    + ": CONNACK 0x87 NOT_AUTHORIZED when reconnecting; not retrying; \\d+ of 200 messages"
                    + " acknowledged"), last);
            assertEquals(2, broker.connects(), "no retry after the refusal");
        }
    }

    /** Runs a command against 127.0.0.1 on its own daemon thread. */
    private static CompletableFuture<Integer> start(StringWriter out, StringWriter err, String... args) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-h";
        all[args.length + 1] = "127.0.0.1";
        Thread t = new Thread(() -> result.complete(Mqtt.execute(new PrintWriter(out), new PrintWriter(err), all)),
                "mqtt-" + args[0]);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Asserts that the last line of {@code text} is {@code expected} (any line if null), and returns it. */
    private static String assertLastLine(String text, String expected) {
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (expected != null) {
            assertEquals(expected, last, text);
        }
        return last;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + LIMIT);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
