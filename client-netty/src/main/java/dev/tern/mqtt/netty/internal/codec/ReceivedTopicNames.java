package dev.tern.mqtt.netty.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.Arrays;

/**
 * The last Topic Name a thread decoded from a PUBLISH, kept as its bytes and its checked {@code String}, so that a
 * run of messages on one topic decodes it once.
 *
 * <p>Why: for every received message the decoder validated the topic's UTF-8, made a new {@code String} and checked
 * the topic name rules again; a subscriber mostly receives long runs on the same few topics. Comparing the bytes is
 * cheaper than any of those, and a {@code String} is immutable, so one instance can be handed out any number of
 * times. Only names that passed every check are remembered. One entry per thread (an event loop decodes for all
 * its channels), never shared between threads.
 */
final class ReceivedTopicNames {

    private static final FastThreadLocal<ReceivedTopicNames> LAST = new FastThreadLocal<>() {
        @Override
        protected ReceivedTopicNames initialValue() {
            return new ReceivedTopicNames();
        }
    };

    private byte[] bytes = new byte[64];
    private int length = -1;
    private String name;

    private ReceivedTopicNames() {
    }

    static ReceivedTopicNames current() {
        return LAST.get();
    }

    /** The remembered name if the {@code length} bytes at {@code index} in {@code buf} are its bytes; else null. */
    String find(ByteBuf buf, int index, int length) {
        if (length != this.length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (buf.getByte(index + i) != bytes[i]) {
                return null;
            }
        }
        return name;
    }

    /** Remembers {@code name}, which passed every check, as the {@code length} bytes at {@code index} in {@code buf}. */
    void remember(String name, ByteBuf buf, int index, int length) {
        if (bytes.length < length) {
            bytes = Arrays.copyOf(bytes, Math.max(length, bytes.length * 2));
        }
        buf.getBytes(index, bytes, 0, length);
        this.length = length;
        this.name = name;
    }
}
