package dev.tern.mqtt.netty.internal.session;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketIdAllocatorTest {

    @Test
    void handsOutEveryIdOnceThenReportsExhaustion() {
        PacketIdAllocator ids = new PacketIdAllocator();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65_535; i++) {
            int id = ids.allocate();
            assertTrue(id >= 1 && id <= 65_535, "id in range: " + id);
            assertTrue(seen.add(id), "unique: " + id);
        }
        assertEquals(0, ids.allocate(), "0 when all are in use");
        ids.release(40_000);
        assertEquals(40_000, ids.allocate());
    }

    @Test
    void doesNotReuseAReleasedIdAtOnce() {
        PacketIdAllocator ids = new PacketIdAllocator();
        int first = ids.allocate();
        ids.release(first);
        int second = ids.allocate();
        assertTrue(second != first, "round-robin moves on");
        assertFalse(ids.isInUse(first));
        assertEquals(1, ids.inUse());
    }

    @Test
    void wrapsAroundPastTheMaximum() {
        PacketIdAllocator ids = new PacketIdAllocator();
        for (int i = 1; i <= 65_535; i++) {
            ids.allocate();
            if (i < 65_535) {
                ids.release(i);
            }
        }
        assertEquals(1, ids.allocate(), "after 65535 comes 1 again");
    }

    @Test
    void releasingAnUnusedIdIsHarmless() {
        PacketIdAllocator ids = new PacketIdAllocator();
        ids.release(5);
        ids.release(0);
        ids.release(70_000);
        assertEquals(0, ids.inUse());
    }

    @Test
    void anUnusedAllocatorHoldsNoBitSet() {
        PacketIdAllocator ids = new PacketIdAllocator();
        assertEquals(0, ids.pagesAllocated());
        assertFalse(ids.isInUse(1));
        ids.release(1);
        assertEquals(0, ids.pagesAllocated());
    }

    @Test
    void growsByOnePageAtThePageBoundaryAndShrinksWhenAPageEmpties() {
        PacketIdAllocator ids = new PacketIdAllocator();
        int page = PacketIdAllocator.PAGE_BITS;
        for (int i = 1; i < page; i++) {
            assertEquals(i, ids.allocate());
        }
        assertEquals(1, ids.pagesAllocated(), "ids 1.." + (page - 1) + " fit in the first page");
        assertEquals(page, ids.allocate());
        assertEquals(2, ids.pagesAllocated(), "id " + page + " opens the second page");
        for (int i = 1; i < page; i++) {
            ids.release(i);
        }
        assertEquals(1, ids.pagesAllocated(), "the emptied first page is dropped");
        assertTrue(ids.isInUse(page));
        ids.release(page);
        assertEquals(0, ids.pagesAllocated());
        assertEquals(page + 1, ids.allocate(), "round-robin goes on where it was");
    }

    @Test
    void keepsAtMostTwoPagesWhileAFewIdsCirculate() {
        PacketIdAllocator ids = new PacketIdAllocator();
        int[] window = new int[10];
        for (int i = 0; i < window.length; i++) {
            window[i] = ids.allocate();
        }
        for (int round = 0; round < 3 * 65_535; round++) {
            int slot = round % window.length;
            ids.release(window[slot]);
            window[slot] = ids.allocate();
            assertTrue(ids.pagesAllocated() <= 2, "pages after round " + round + ": " + ids.pagesAllocated());
        }
        assertEquals(window.length, ids.inUse());
    }

    @Test
    void wrapsAroundToTheLowestFreeIdSkippingTakenOnes() {
        PacketIdAllocator ids = new PacketIdAllocator();
        for (int i = 1; i <= 65_535; i++) {
            ids.allocate();
            if (i > 3) {
                ids.release(i);
            }
        }
        ids.release(2);
        assertEquals(2, ids.allocate(), "after 65535: 1 is taken, 2 is free");
        assertEquals(4, ids.allocate(), "3 is still taken");
    }

    @Test
    void reservingAHighIdTakesItAndLeavesTheRestFree() {
        PacketIdAllocator ids = new PacketIdAllocator();
        assertTrue(ids.reserve(65_535));
        assertFalse(ids.reserve(65_535), "already taken");
        assertFalse(ids.reserve(0));
        assertFalse(ids.reserve(65_536));
        assertEquals(1, ids.pagesAllocated());
        assertTrue(ids.isInUse(65_535));
        assertEquals(1, ids.allocate(), "round-robin still starts at 1");
        for (int i = 2; i < 65_535; i++) {
            assertEquals(i, ids.allocate());
        }
        assertEquals(0, ids.allocate(), "all 65535 taken, the reserved one included");
        ids.release(65_535);
        assertEquals(65_535, ids.allocate());
    }

    @Test
    void agreesWithAPlainBitSetUnderRandomUse() {
        PacketIdAllocator ids = new PacketIdAllocator();
        BitSet model = new BitSet();
        int modelNext = 1;
        Random random = new Random(42);
        for (int step = 0; step < 400_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) {
                int expected;
                if (model.cardinality() == 65_535) {
                    expected = 0;
                } else {
                    expected = model.nextClearBit(modelNext);
                    if (expected > 65_535) {
                        expected = model.nextClearBit(1);
                    }
                    model.set(expected);
                    modelNext = expected == 65_535 ? 1 : expected + 1;
                }
                assertEquals(expected, ids.allocate(), "allocate at step " + step);
            } else if (op < 9) {
                int id = model.isEmpty() || random.nextBoolean() ? 1 + random.nextInt(65_535)
                        : model.previousSetBit(1 + random.nextInt(65_535));
                if (id > 0) {
                    model.clear(id);
                    ids.release(id);
                }
            } else {
                int id = 1 + random.nextInt(65_535);
                assertEquals(!model.get(id), ids.reserve(id), "reserve " + id + " at step " + step);
                model.set(id);
            }
            assertEquals(model.cardinality(), ids.inUse(), "in use at step " + step);
        }
    }
}
