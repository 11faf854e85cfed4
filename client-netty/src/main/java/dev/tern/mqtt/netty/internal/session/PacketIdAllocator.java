package dev.tern.mqtt.netty.internal.session;

import java.util.BitSet;

/**
 * Packet identifiers 1..65535 for one session (MQTT 5.0 section 2.2.1). One space serves PUBLISH (QoS 1, 2),
 * SUBSCRIBE and UNSUBSCRIBE. Identifiers are handed out round-robin, so a released one is not reused at once (a late
 * or duplicate acknowledgement then cannot be mistaken for a new exchange). It belongs to the session, not to a
 * connection: identifiers of in-flight messages stay taken across reconnects. Event loop only.
 */
public final class PacketIdAllocator {

    /** The largest packet identifier. */
    public static final int MAX_ID = 0xFFFF;

    private final BitSet used = new BitSet(MAX_ID + 1);
    private int next = 1;
    private int inUse;

    /** Takes a free identifier, or returns 0 if all 65,535 are in use. */
    public int allocate() {
        if (inUse == MAX_ID) {
            return 0;
        }
        int id = used.nextClearBit(next);
        if (id > MAX_ID) {
            id = used.nextClearBit(1);
        }
        used.set(id);
        inUse++;
        next = id == MAX_ID ? 1 : id + 1;
        return id;
    }

    /**
     * Takes a specific identifier, for an exchange restored from a session store.
     *
     * @return false if it was already taken
     */
    public boolean reserve(int id) {
        if (id < 1 || id > MAX_ID || used.get(id)) {
            return false;
        }
        used.set(id);
        inUse++;
        return true;
    }

    /** Frees an identifier; freeing one that is not in use does nothing. */
    public void release(int id) {
        if (id >= 1 && id <= MAX_ID && used.get(id)) {
            used.clear(id);
            inUse--;
        }
    }

    /** Whether {@code id} is taken. */
    public boolean isInUse(int id) {
        return id >= 1 && id <= MAX_ID && used.get(id);
    }

    /** How many identifiers are taken. */
    public int inUse() {
        return inUse;
    }
}
