package dev.tern.mqtt.netty.internal.session;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
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
}
