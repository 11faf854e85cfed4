package dev.tern.mqtt.netty.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

import java.util.ArrayList;
import java.util.List;

/**
 * How large a buffer each socket read gets: what Netty's default for a socket channel does (an
 * {@code AdaptiveRecvByteBufAllocator}: 2 KB at first, between 64 bytes and 64 KB after, grown at once when a read
 * fills its buffer, shrunk after two reads in a row that would have fitted a smaller one; at most 16 reads per read
 * event), with a handle of one object per channel.
 *
 * <p>Why not Netty's: its handle is three objects (the handle, an adaptive calculator with its limits, a supplier),
 * 112 bytes per connection, where this one is 40. One instance serves every channel; each channel's handle is
 * made on its first read and used on its event loop only.
 */
final class ReadSizes implements RecvByteBufAllocator {

    private static final int MAX_MESSAGES_PER_READ = 16;
    /** The buffer sizes: 16 to 496 in steps of 16, then powers of two (Netty's table). */
    private static final int[] SIZES;
    private static final int MIN_INDEX;
    private static final int INITIAL_INDEX;
    private static final int MAX_INDEX;
    private static final int GROW_STEPS = 4;

    static {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 16; i < 512; i += 16) {
            sizes.add(i);
        }
        for (int i = 512; i > 0; i <<= 1) {
            sizes.add(i);
        }
        SIZES = sizes.stream().mapToInt(Integer::intValue).toArray();
        MIN_INDEX = sizes.indexOf(64);
        INITIAL_INDEX = sizes.indexOf(2048);
        MAX_INDEX = sizes.indexOf(65536);
    }

    @Override
    public Handle newHandle() {
        return new SizeHandle();
    }

    /** One channel's read sizes and the counts of the read under way. */
    private static final class SizeHandle implements ExtendedHandle, UncheckedBooleanSupplier {

        private ChannelConfig config;
        private int index = INITIAL_INDEX;
        private boolean decreaseNow;
        private int totalMessages;
        private int totalBytesRead;
        private int attemptedBytesRead;
        private int lastBytesRead;

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            return SIZES[index];
        }

        @Override
        public void reset(ChannelConfig config) {
            this.config = config;
            totalMessages = 0;
            totalBytesRead = 0;
        }

        @Override
        public void incMessagesRead(int numMessages) {
            totalMessages += numMessages;
        }

        @Override
        public void lastBytesRead(int bytes) {
            if (bytes == attemptedBytesRead) {
                record(bytes); // the buffer was filled: grow it now rather than after the read event
            }
            lastBytesRead = bytes;
            if (bytes > 0) {
                totalBytesRead += bytes;
            }
        }

        @Override
        public int lastBytesRead() {
            return lastBytesRead;
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            attemptedBytesRead = bytes;
        }

        @Override
        public int attemptedBytesRead() {
            return attemptedBytesRead;
        }

        @Override
        public boolean continueReading() {
            return continueReading(this);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return config.isAutoRead() && maybeMoreDataSupplier.get() && totalMessages < MAX_MESSAGES_PER_READ
                    && totalBytesRead > 0;
        }

        /** Whether the last read filled its buffer, so that more may be waiting: the default for the above. */
        @Override
        public boolean get() {
            return attemptedBytesRead == lastBytesRead;
        }

        @Override
        public void readComplete() {
            record(totalBytesRead);
        }

        private void record(int actual) {
            if (actual <= SIZES[Math.max(0, index - 1)]) {
                if (decreaseNow) {
                    index = Math.max(index - 1, MIN_INDEX);
                    decreaseNow = false;
                } else {
                    decreaseNow = true;
                }
            } else if (actual >= SIZES[index]) {
                index = Math.min(index + GROW_STEPS, MAX_INDEX);
                decreaseNow = false;
            }
        }
    }
}
