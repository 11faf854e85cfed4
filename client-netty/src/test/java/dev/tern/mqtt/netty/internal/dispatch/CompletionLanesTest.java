package dev.tern.mqtt.netty.internal.dispatch;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which clients share a completion lane: those with the same user executor on the same event loop. */
class CompletionLanesTest {

    private final EventExecutor loopA = new EmbeddedChannel().eventLoop();
    private final EventExecutor loopB = new EmbeddedChannel().eventLoop();
    private final Executor executor = Runnable::run;
    private final Executor otherExecutor = task -> task.run();

    @Test
    void clientsWithTheSameExecutorAndLoopShareALane() {
        CallbackDispatcher first = new CallbackDispatcher(executor, loopA);
        CallbackDispatcher second = new CallbackDispatcher(executor, loopA);
        assertSame(first.completions(), second.completions());
    }

    @Test
    void anotherExecutorOrLoopHasALaneOfItsOwn() {
        CompletionLane lane = CompletionLanes.shared(executor, loopA);
        assertNotSame(lane, CompletionLanes.shared(otherExecutor, loopA));
        assertNotSame(lane, CompletionLanes.shared(executor, loopB));
        assertSame(lane, CompletionLanes.shared(executor, loopA));
    }

    @Test
    void clientsWithoutAnExecutorOfTheirOwnShareNothing() {
        CallbackDispatcher first = new CallbackDispatcher(null, loopA);
        CallbackDispatcher second = new CallbackDispatcher(null, loopA);
        try {
            assertNotSame(first.completions(), second.completions());
        } finally {
            first.shutdown(1000);
            second.shutdown(1000);
        }
    }
}
