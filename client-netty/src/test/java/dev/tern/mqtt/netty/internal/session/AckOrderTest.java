package dev.tern.mqtt.netty.internal.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AckOrderTest {

    private final AckOrder order = new AckOrder();
    private final List<Integer> sent = new ArrayList<>();

    private long take(int n, boolean connectionBound) {
        return order.take(() -> sent.add(n), connectionBound);
    }

    @Test
    void aLaterDecisionWaitsForEveryEarlierOne() {
        long first = take(1, true);
        long second = take(2, false);
        long third = take(3, true);
        order.decided(third);
        order.decided(second);
        assertEquals(List.of(), sent, "the first message is still undecided");
        order.decided(first);
        assertEquals(List.of(1, 2, 3), sent);
        assertEquals(0, order.waiting());
    }

    @Test
    void aTicketDecidedTwiceOrAfterItWentIsIgnored() {
        long first = take(1, true);
        order.decided(first);
        order.decided(first);
        long second = take(2, true);
        order.decided(first);
        assertEquals(List.of(1), sent);
        order.decided(second);
        order.decided(second);
        assertEquals(List.of(1, 2), sent);
    }

    @Test
    void anEndedConnectionLetsItsOwnGoButKeepsTheSessionsPlace() {
        long qos1 = take(1, true);
        long qos2 = take(2, false);
        long qos1Later = take(3, true);
        order.decided(qos1Later);
        order.connectionEnded();
        assertEquals(List.of(1), sent, "the QoS 2 message keeps its place across connections");
        long next = take(4, true); // on the next connection
        order.decided(next);
        assertEquals(List.of(1), sent);
        order.decided(qos2);
        assertEquals(List.of(1, 2, 3, 4), sent);
        order.decided(qos1); // the application acknowledges the old copy late: nothing more to send
        assertEquals(List.of(1, 2, 3, 4), sent);
    }

    @Test
    void anEndedSessionLetsEverythingWaitingGo() {
        take(1, false);
        take(2, true);
        order.sessionEnded();
        assertEquals(List.of(1, 2), sent);
        assertEquals(0, order.waiting());
    }

    @Test
    void keepsOrderWhileGrowingAroundTheRing() {
        List<Long> tickets = new ArrayList<>();
        for (int round = 0; round < 3; round++) { // wrap the ring a few times before it grows
            for (int i = 0; i < 10; i++) {
                order.decided(take(sent.size() + i, true));
            }
        }
        assertEquals(30, sent.size());
        sent.clear();
        for (int i = 0; i < 100; i++) { // grows from 16 to 128 while the head is mid-ring
            tickets.add(take(i, i % 2 == 0));
        }
        for (int i = 99; i >= 0; i--) {
            order.decided(tickets.get(i));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, sent);
    }

    @Test
    void aSendThatDecidesAnotherTicketDoesNotReorder() {
        long[] second = new long[1];
        long first = order.take(() -> {
            sent.add(1);
            order.decided(second[0]); // e.g. a send whose write completes an acknowledgement at once
        }, true);
        second[0] = take(2, true);
        long third = take(3, true);
        order.decided(third);
        order.decided(first);
        assertEquals(List.of(1, 2, 3), sent);
    }
}
