package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.PublishResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutgoingPublishTest {

    private static final Publish MESSAGE = Publish.builder().topic("t").payload("x").build();

    @Test
    void withoutARelayTheFutureCompletesOnTheDecidingThread() {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f);
        PublishResult result = new PublishResult(MESSAGE, null, null, List.of());
        op.succeed(result);
        assertSame(result, f.join());
    }

    @Test
    void withARelayTheFutureCompletesOnlyWhenTheRelayRunsIt() {
        List<Runnable> relayed = new ArrayList<>();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f, relayed::add);
        IllegalStateException cause = new IllegalStateException("gone");
        op.fail(cause);
        assertFalse(f.isDone(), "not on the deciding thread");
        assertEquals(1, relayed.size());
        relayed.get(0).run();
        assertTrue(f.isCompletedExceptionally());
        assertSame(cause, f.handle((r, e) -> e).join());
    }

    @Test
    void theFirstOutcomeWins() {
        List<Runnable> relayed = new ArrayList<>();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        OutgoingPublish op = new OutgoingPublish(MESSAGE, f, relayed::add);
        PublishResult result = new PublishResult(MESSAGE, null, null, List.of());
        op.succeed(result);
        op.fail(new IllegalStateException("too late"));
        assertEquals(1, relayed.size(), "handed to the relay once");
        relayed.get(0).run();
        assertSame(result, f.join());
    }
}
