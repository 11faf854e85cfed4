package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Publish;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightMessagesTest {

    private static OutgoingPublish message(int packetId) {
        OutgoingPublish op = new OutgoingPublish(Publish.builder().topic("t/" + packetId).build(),
                new CompletableFuture<>());
        op.packetId = packetId;
        return op;
    }

    private static List<Integer> ids(InFlightMessages m) {
        List<Integer> ids = new ArrayList<>();
        m.inOrder().forEach(op -> ids.add(op.packetId));
        return ids;
    }

    @Test
    void anIdleSessionHoldsNoTable() {
        InFlightMessages m = new InFlightMessages();
        assertEquals(0, m.capacity());
        assertNull(m.get(1));
        assertNull(m.remove(1));
        assertTrue(m.inOrder().isEmpty());
    }

    @Test
    void keepsTheOrderMessagesWerePutIn() {
        InFlightMessages m = new InFlightMessages();
        for (int id : new int[] {7, 3, 65535, 1, 20}) {
            m.put(message(id));
        }
        m.remove(3);
        m.put(message(3)); // a reused identifier is a new exchange: last in order
        assertEquals(List.of(7, 65535, 1, 20, 3), ids(m));
        assertEquals(5, m.size());
    }

    @Test
    void identifiersThatShareABucketStayReachableAfterRemovals() {
        InFlightMessages m = new InFlightMessages();
        int cap = InFlightMessages.MIN_CAPACITY;
        OutgoingPublish a = message(1);
        OutgoingPublish b = message(1 + cap);
        OutgoingPublish c = message(1 + 2 * cap);
        OutgoingPublish d = message(2);
        m.put(a);
        m.put(b);
        m.put(c);
        m.put(d);
        assertSame(b, m.remove(1 + cap));
        assertSame(a, m.get(1));
        assertSame(c, m.get(1 + 2 * cap));
        assertSame(d, m.get(2));
        assertNull(m.get(1 + cap));
        assertEquals(List.of(1, 1 + 2 * cap, 2), ids(m));
    }

    @Test
    void aBurstsTableIsGivenBackWhenTheLastMessageLeaves() {
        InFlightMessages m = new InFlightMessages();
        for (int id = 1; id <= 1000; id++) {
            m.put(message(id));
        }
        int burst = m.capacity();
        assertTrue(burst >= 2000 && burst <= 4096, "capacity " + burst);
        for (int id = 1; id <= 999; id++) {
            m.remove(id);
        }
        assertEquals(burst, m.capacity(), "no shrinking while in use");
        assertEquals(1000, m.remove(1000).packetId);
        assertEquals(0, m.capacity());
        assertEquals(0, m.size());
        m.put(message(1001));
        assertEquals(burst, m.capacity(), "the next burst starts with a table as big");
    }

    @Test
    void behavesAsALinkedHashMapUnderRandomRoundRobinTraffic() {
        Random random = new Random(42);
        InFlightMessages m = new InFlightMessages();
        LinkedHashMap<Integer, OutgoingPublish> expected = new LinkedHashMap<>();
        int next = 65_000; // wraps around 65535 -> 1 on the way
        for (int step = 0; step < 200_000; step++) {
            if (expected.size() < 1500 && (expected.isEmpty() || random.nextInt(100) < 52)) {
                while (expected.containsKey(next)) {
                    next = next == 65535 ? 1 : next + 1;
                }
                OutgoingPublish op = message(next);
                m.put(op);
                expected.put(next, op);
                next = next == 65535 ? 1 : next + 1;
            } else {
                // acknowledgements come mostly in order, sometimes not
                List<Integer> keys = new ArrayList<>(expected.keySet());
                int key = keys.get(random.nextInt(10) == 0 ? random.nextInt(keys.size()) : 0);
                assertSame(expected.remove(key), m.remove(key));
            }
            if (step % 997 == 0) {
                assertEquals(new ArrayList<>(expected.keySet()), ids(m));
                for (Map.Entry<Integer, OutgoingPublish> e : expected.entrySet()) {
                    assertSame(e.getValue(), m.get(e.getKey()));
                }
                assertNull(m.get(next));
            }
            assertEquals(expected.size(), m.size());
        }
    }

    @Test
    void clearForgetsEverything() {
        InFlightMessages m = new InFlightMessages();
        OutgoingPublish a = message(5);
        m.put(a);
        m.put(message(6));
        m.clear();
        assertEquals(0, m.size());
        assertNull(m.get(5));
        assertNull(a.nextInFlight);
        m.put(a);
        assertEquals(List.of(5), ids(m));
    }

    @Test
    void addingMessagesWithFreeIdsKeepsTheirOrderAndFindsEachThroughGrowthAndRemoval() {
        InFlightMessages m = new InFlightMessages();
        List<Integer> expected = new ArrayList<>();
        for (int id = 65_000; id <= 65_535; id++) { // more than the smallest table holds: it grows while adding
            m.add(message(id));
            expected.add(id);
        }
        for (int id = 1; id <= 100; id++) { // identifiers wrap around, as the allocator hands them out
            m.add(message(id));
            expected.add(id);
        }
        assertEquals(expected, ids(m));
        for (int id : expected) {
            assertEquals(id, m.get(id).packetId);
        }
        assertEquals(65_100, m.remove(65_100).packetId);
        expected.remove(Integer.valueOf(65_100));
        m.add(message(65_100)); // free again: it goes last
        expected.add(65_100);
        assertEquals(expected, ids(m));
        assertEquals(expected.size(), m.size());
    }
}
