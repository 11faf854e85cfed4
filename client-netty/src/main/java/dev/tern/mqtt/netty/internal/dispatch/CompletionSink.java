package dev.tern.mqtt.netty.internal.dispatch;

import java.util.concurrent.Executor;

/**
 * An executor for completions that also takes many at once: the session hands over the completions of a whole
 * write (hundreds of QoS 0 messages) in one call instead of one {@link #execute} each.
 */
public interface CompletionSink extends Executor {

    /**
     * Runs the first {@code count} completions of {@code completions}, as if each were passed to {@link #execute}.
     * The sink takes the array over: the caller must not touch it afterwards. Any thread.
     */
    void executeAll(Runnable[] completions, int count);
}
