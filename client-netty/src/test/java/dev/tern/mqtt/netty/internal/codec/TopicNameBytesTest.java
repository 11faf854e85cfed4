package dev.tern.mqtt.netty.internal.codec;

import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicNameBytesTest {

    @Test
    void theSameTopicInstanceGetsTheRememberedBytes() {
        String topic = "sensors/\u00e9t\u00e9/\uD83C\uDF21";
        byte[] first = TopicNameBytes.of(topic);
        assertArrayEquals(topic.getBytes(StandardCharsets.UTF_8), first);
        assertSame(first, TopicNameBytes.of(topic));
    }

    @Test
    void anEqualTopicInAnotherInstanceIsCheckedAndEncodedAgain() {
        String a = new String("a/b");
        String b = new String("a/b");
        byte[] bytesA = TopicNameBytes.of(a);
        assertArrayEquals(bytesA, TopicNameBytes.of(b));
    }

    @Test
    void aBadTopicIsRefusedEveryTimeAndNotRemembered() {
        String wildcard = "a/+";
        assertThrows(IllegalArgumentException.class, () -> TopicNameBytes.of(wildcard));
        assertThrows(IllegalArgumentException.class, () -> TopicNameBytes.of(wildcard));
        String unpaired = "a/\uD800";
        assertThrows(IllegalArgumentException.class, () -> TopicNameBytes.of(unpaired));
        String nul = "a\u0000";
        assertThrows(IllegalArgumentException.class, () -> TopicNameBytes.of(nul));
    }

    /** The tests above run on a plain thread (the shared entry); an event-loop thread keeps its own entry. */
    @Test
    void onAFastThreadLocalThreadTheSameRulesHold() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loopLike = new FastThreadLocalThread(() -> {
            try {
                theSameTopicInstanceGetsTheRememberedBytes();
                anEqualTopicInAnotherInstanceIsCheckedAndEncodedAgain();
                aBadTopicIsRefusedEveryTimeAndNotRemembered();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        loopLike.start();
        loopLike.join(10_000);
        if (failure.get() != null) {
            throw new AssertionError("on a FastThreadLocalThread", failure.get());
        }
    }
}
