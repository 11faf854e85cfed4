package dev.tern.mqtt.netty.internal.codec;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of an outgoing Topic Name, checked as the encoder must check it ({@link Topics#requireTopicName}
 * and {@link Utf8#encodedLength}), remembering the last topic by identity.
 *
 * <p>Why: encoding a PUBLISH read its topic four times (the topic rules, the UTF-8 length twice, the UTF-8 encoding),
 * on the event loop, for every message; applications mostly publish one topic String many times over. A String is
 * immutable, so the same instance always has the same bytes. On an event loop (a {@link FastThreadLocalThread}) the
 * last topic is kept per thread. Any other thread (the publishing thread sizes each message before handing it over)
 * shares one immutable entry in a plain field: there a Netty thread-local is a JDK thread-local lookup, which was a
 * sixth of the publishing thread's time, and a race between such threads only costs a recount.
 */
final class TopicNameBytes {

    private static final FastThreadLocal<TopicNameBytes> LAST = new FastThreadLocal<>() {
        @Override
        protected TopicNameBytes initialValue() {
            return new TopicNameBytes();
        }
    };

    /** A checked topic and its bytes, never changed once made: what threads without fast thread-locals share. */
    private record Shared(String topic, byte[] utf8) {
    }

    private static Shared lastShared = new Shared("", new byte[0]);

    private String topic;
    private byte[] utf8;

    private TopicNameBytes() {
    }

    /**
     * The UTF-8 bytes of a non-empty Topic Name.
     *
     * @throws IllegalArgumentException if it breaks the topic name rules or cannot be encoded; nothing is remembered
     */
    static byte[] of(String topic) {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            Shared last = lastShared;
            if (last.topic() == topic) {
                return last.utf8();
            }
            byte[] bytes = checkedBytes(topic);
            lastShared = new Shared(topic, bytes);
            return bytes;
        }
        TopicNameBytes last = LAST.get();
        if (last.topic == topic) {
            return last.utf8;
        }
        byte[] bytes = checkedBytes(topic);
        last.topic = topic;
        last.utf8 = bytes;
        return bytes;
    }

    private static byte[] checkedBytes(String topic) {
        Topics.requireTopicName(topic, "topic name");
        int length = Utf8.encodedLength(topic, "topic name");
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8); // exact: no unpaired surrogate got this far
        assert bytes.length == length;
        return bytes;
    }
}
