package dev.tern.mqtt.netty.internal.session;

/**
 * The acknowledgements of received QoS 1 and 2 messages (PUBACK, PUBREC), sent in the order the messages arrived,
 * whatever order their handlers finish in (MQTT-4.6.0-2, -3).
 *
 * <p>Why: a message's acknowledgement is decided when its handler, stream subscribers or the application (manual
 * acknowledgement) are done with it, on whichever thread that happens; handlers of different subscriptions, a
 * message that nobody takes (acknowledged at once) and manual acknowledgements finish in any order. Each message
 * takes a ticket when it arrives; an acknowledgement whose ticket comes up goes out, together with every later one
 * already decided. So an undecided message holds back the acknowledgements after it, as the specification requires;
 * with manual acknowledgement the application decides when, never the order.
 *
 * <p>Acknowledgements bound to a connection (QoS 1: the server resends the PUBLISH on the next one) are moot once the
 * connection is gone; {@link #connectionEnded} lets them go, so that a message the application never acknowledges
 * (it gets the resent copy instead) does not hold back the next connection's. A QoS 2 message's PUBREC belongs to the
 * session (the message is never handed over twice), so it keeps its place. A ring of tickets, grown by doubling; the
 * server's Receive Maximum bounds how many wait. Event loop only.
 */
final class AckOrder {

    private static final byte SENT = 0;
    /** Waiting for its decision; moot when its connection ends. */
    private static final byte WAITING_ON_CONNECTION = 1;
    /** Waiting for its decision; kept across connections. */
    private static final byte WAITING_IN_SESSION = 2;
    private static final byte DECIDED = 3;

    private Runnable[] sends = new Runnable[16];
    private byte[] states = new byte[16];
    /** The oldest ticket not yet sent. */
    private long head;
    /** The next ticket to hand out. */
    private long tail;
    private boolean sending;

    /**
     * Takes the next place in line for {@code send} (which sends the acknowledgement, or does nothing when it no longer
     * applies).
     *
     * @param connectionBound whether the acknowledgement is moot once this connection ends (QoS 1)
     * @return the ticket to {@link #decided} with
     */
    long take(Runnable send, boolean connectionBound) {
        if (tail - head == sends.length) {
            grow();
        }
        int i = index(tail);
        sends[i] = send;
        states[i] = connectionBound ? WAITING_ON_CONNECTION : WAITING_IN_SESSION;
        return tail++;
    }

    /**
     * The acknowledgement with this ticket may go: it is sent once every earlier one was, with every later one already
     * decided. A ticket decided twice, or already let go, is ignored.
     */
    void decided(long ticket) {
        if (ticket < head || ticket >= tail) {
            return;
        }
        int i = index(ticket);
        if (states[i] == WAITING_ON_CONNECTION || states[i] == WAITING_IN_SESSION) {
            states[i] = DECIDED;
            sendReady();
        }
    }

    /** The connection ended: acknowledgements bound to it no longer hold back the others. */
    void connectionEnded() {
        for (long t = head; t < tail; t++) {
            int i = index(t);
            if (states[i] == WAITING_ON_CONNECTION) {
                states[i] = DECIDED; // its send checks the connection and does nothing
            }
        }
        sendReady();
    }

    /**
     * The session ended (the server has none of its state): every acknowledgement still waiting is moot. A new session
     * reuses packet identifiers, so a message of the old one must not hold back its acknowledgements.
     */
    void sessionEnded() {
        for (long t = head; t < tail; t++) {
            int i = index(t);
            if (states[i] != SENT) {
                states[i] = DECIDED; // its send finds its packet identifier forgotten and does nothing
            }
        }
        sendReady();
    }

    /** How many acknowledgements wait (for their decision, or for an earlier one). */
    int waiting() {
        return (int) (tail - head);
    }

    private void sendReady() {
        if (sending) {
            return; // a send that decides another ticket: the loop below picks it up
        }
        sending = true;
        try {
            while (head < tail && states[index(head)] == DECIDED) {
                int i = index(head);
                Runnable send = sends[i];
                sends[i] = null;
                states[i] = SENT;
                head++;
                send.run();
            }
        } finally {
            sending = false;
        }
    }

    private void grow() {
        Runnable[] moreSends = new Runnable[sends.length * 2];
        byte[] moreStates = new byte[states.length * 2];
        for (long t = head; t < tail; t++) {
            moreSends[(int) (t & (moreSends.length - 1))] = sends[index(t)];
            moreStates[(int) (t & (moreStates.length - 1))] = states[index(t)];
        }
        sends = moreSends;
        states = moreStates;
    }

    private int index(long ticket) {
        return (int) (ticket & (sends.length - 1));
    }
}
