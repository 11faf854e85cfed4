package dev.tern.mqtt.netty.internal.connection;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ReadSizes}: the buffer sizes and read counts of Netty's adaptive default, in one handle. */
class ReadSizesTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RecvByteBufAllocator.ExtendedHandle handle =
            (RecvByteBufAllocator.ExtendedHandle) new ReadSizes().newHandle();

    /** One read event of {@code reads} socket reads of {@code bytes} each. */
    private void readEvent(int bytes, int reads) {
        handle.reset(channel.config());
        for (int i = 0; i < reads; i++) {
            handle.attemptedBytesRead(handle.guess());
            handle.lastBytesRead(bytes);
            handle.incMessagesRead(1);
        }
        handle.readComplete();
    }

    @Test
    void startsAt2KbAndGrowsAtOnceWhenAReadFillsItsBuffer() {
        assertEquals(2048, handle.guess());
        handle.reset(channel.config());
        handle.attemptedBytesRead(2048);
        handle.lastBytesRead(2048);
        assertEquals(32768, handle.guess(), "four steps up the table, before the read event ends");
    }

    @Test
    void neverGrowsBeyond64Kb() {
        for (int i = 0; i < 10; i++) {
            readEvent(handle.guess(), 1);
        }
        assertEquals(65536, handle.guess());
    }

    @Test
    void shrinksOneStepAfterTwoSmallReadEventsInARowAndNeverBelow64Bytes() {
        readEvent(10, 1);
        assertEquals(2048, handle.guess(), "one small read event is not enough");
        readEvent(10, 1);
        assertEquals(1024, handle.guess());
        for (int i = 0; i < 100; i++) { // one step down the table per two read events
            readEvent(10, 1);
        }
        assertEquals(64, handle.guess());
    }

    @Test
    void keepsReadingWhileBuffersFillUpTo16ReadsAndStopsAfterAShortRead() {
        handle.reset(channel.config());
        for (int i = 0; i < 15; i++) {
            handle.attemptedBytesRead(100);
            handle.lastBytesRead(100);
            handle.incMessagesRead(1);
            assertTrue(handle.continueReading(), "read " + (i + 1));
        }
        handle.attemptedBytesRead(100);
        handle.lastBytesRead(100);
        handle.incMessagesRead(1);
        assertFalse(handle.continueReading(), "16 reads per read event at most");

        handle.reset(channel.config());
        handle.attemptedBytesRead(100);
        handle.lastBytesRead(40);
        handle.incMessagesRead(1);
        assertFalse(handle.continueReading(), "the socket had no more");
    }

    @Test
    void stopsWhenAutoReadIsOff() {
        channel.config().setAutoRead(false);
        handle.reset(channel.config());
        handle.attemptedBytesRead(100);
        handle.lastBytesRead(100);
        handle.incMessagesRead(1);
        assertFalse(handle.continueReading());
    }
}
