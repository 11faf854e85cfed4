package dev.tern.mqtt.netty.internal.codec;

import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of an outgoing Topic Name, checked as the encoder must check it ({@link Topics#requireTopicName}
 * and {@link Utf8#encodedLength}), remembering the last topic per thread by identity.
 *
 * <p>Why: encoding a PUBLISH read its topic four times (the topic rules, the UTF-8 length twice, the UTF-8 encoding),
 * on the event loop, for every message; applications mostly publish one topic String many times over. A String is
 * immutable, so the same instance always has the same bytes. One entry per thread, never shared between threads.
 */
final class TopicNameBytes {

    private static final FastThreadLocal<TopicNameBytes> LAST = new FastThreadLocal<>() {
        @Override
        protected TopicNameBytes initialValue() {
            return new TopicNameBytes();
        }
    };

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
        TopicNameBytes last = LAST.get();
        if (last.topic == topic) {
            return last.utf8;
        }
        Topics.requireTopicName(topic, "topic name");
        int length = Utf8.encodedLength(topic, "topic name");
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8); // exact: no unpaired surrogate got this far
        assert bytes.length == length;
        last.topic = topic;
        last.utf8 = bytes;
        return bytes;
    }
}
