package dev.tern.mqtt.netty.internal.connection;

import io.netty.channel.ChannelId;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The NIO socket channel of a client connection, with an id that is a number from one counter.
 *
 * <p>Why not Netty's id: {@code DefaultChannelId} is unique across machines and processes (machine id, process id,
 * time, a random number), 96 bytes with its byte array per connection and some work per channel for a uniqueness
 * nobody here uses: the id only names the channel in logs and keys it in Netty's channel groups, where unique within
 * this JVM is enough.
 */
final class ClientChannel extends NioSocketChannel {

    private static final AtomicLong NEXT_ID = new AtomicLong();

    @Override
    protected ChannelId newId() {
        return new SequenceId(NEXT_ID.incrementAndGet());
    }

    /** A channel id unique within this JVM (24 bytes). */
    private static final class SequenceId implements ChannelId {

        private static final long serialVersionUID = 1L;
        private final long value;

        SequenceId(long value) {
            this.value = value;
        }

        @Override
        public String asShortText() {
            return Long.toHexString(value);
        }

        @Override
        public String asLongText() {
            return "tern-" + Long.toHexString(value);
        }

        @Override
        public int compareTo(ChannelId o) {
            if (o instanceof SequenceId) {
                return Long.compare(value, ((SequenceId) o).value);
            }
            return asLongText().compareTo(o.asLongText());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SequenceId && ((SequenceId) o).value == value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }

        @Override
        public String toString() {
            return asShortText();
        }
    }
}
