package dev.tern.mqtt.netty.internal.session;

/**
 * Packet identifiers 1..65535 for one session (MQTT 5.0 section 2.2.1). One space serves PUBLISH (QoS 1, 2),
 * SUBSCRIBE and UNSUBSCRIBE. Identifiers are handed out round-robin, so a released one is not reused at once (a late
 * or duplicate acknowledgement then cannot be mistaken for a new exchange). It belongs to the session, not to a
 * connection: identifiers of in-flight messages stay taken across reconnects. Event loop only.
 *
 * <p>The taken identifiers are a bit set cut into pages of {@value #PAGE_BITS} bits. A page exists only while one of
 * its identifiers is taken, and the page table only once an identifier was: an idle client costs no bit set at all
 * (a full one would be 8 KB per client), and a busy one about one or two pages, since round-robin keeps the taken
 * identifiers close together.
 */
public final class PacketIdAllocator {

    /** The largest packet identifier. */
    public static final int MAX_ID = 0xFFFF;

    static final int PAGE_BITS = 1024;
    private static final int WORDS_PER_PAGE = PAGE_BITS / Long.SIZE;
    private static final int PAGES = (MAX_ID + 1) / PAGE_BITS;

    /** Page p holds identifiers p * PAGE_BITS ..; null while none of them is taken. Null until the first is. */
    private long[][] pages;
    private int next = 1;
    private int inUse;

    /** Takes a free identifier, or returns 0 if all 65,535 are in use. */
    public int allocate() {
        if (inUse == MAX_ID) {
            return 0;
        }
        int id = nextFree(next);
        if (id > MAX_ID) {
            id = nextFree(1);
        }
        take(id);
        next = id == MAX_ID ? 1 : id + 1;
        return id;
    }

    /**
     * Takes a specific identifier, for an exchange restored from a session store.
     *
     * @return false if it was already taken
     */
    public boolean reserve(int id) {
        if (id < 1 || id > MAX_ID || isTaken(id)) {
            return false;
        }
        take(id);
        return true;
    }

    /** Frees an identifier; freeing one that is not in use does nothing. */
    public void release(int id) {
        if (id < 1 || id > MAX_ID || !isTaken(id)) {
            return;
        }
        long[] page = pages[id / PAGE_BITS];
        int word = (id % PAGE_BITS) / Long.SIZE;
        page[word] &= ~(1L << id);
        inUse--;
        if (page[word] == 0 && isEmpty(page)) {
            pages[id / PAGE_BITS] = null;
        }
    }

    /** Whether {@code id} is taken. */
    public boolean isInUse(int id) {
        return id >= 1 && id <= MAX_ID && isTaken(id);
    }

    /** How many identifiers are taken. */
    public int inUse() {
        return inUse;
    }

    /** How many pages of the bit set exist now: what this allocator holds beyond its own fields. */
    int pagesAllocated() {
        int n = 0;
        if (pages != null) {
            for (long[] page : pages) {
                n += page == null ? 0 : 1;
            }
        }
        return n;
    }

    private boolean isTaken(int id) {
        if (pages == null) {
            return false;
        }
        long[] page = pages[id / PAGE_BITS];
        return page != null && (page[(id % PAGE_BITS) / Long.SIZE] & (1L << id)) != 0;
    }

    private void take(int id) {
        if (pages == null) {
            pages = new long[PAGES][];
        }
        long[] page = pages[id / PAGE_BITS];
        if (page == null) {
            page = new long[WORDS_PER_PAGE];
            pages[id / PAGE_BITS] = page;
        }
        page[(id % PAGE_BITS) / Long.SIZE] |= 1L << id;
        inUse++;
    }

    /** The first free identifier at or after {@code from}, or MAX_ID + 1 if there is none up to MAX_ID. */
    private int nextFree(int from) {
        if (pages == null) {
            return from;
        }
        int id = from;
        while (id <= MAX_ID) {
            long[] page = pages[id / PAGE_BITS];
            if (page == null) {
                return id;
            }
            int word = (id % PAGE_BITS) / Long.SIZE;
            // the free bits of this word at or above id (Java masks the shift count to its low 6 bits)
            long free = ~page[word] & (-1L << id);
            if (free != 0) {
                return (id & -Long.SIZE) + Long.numberOfTrailingZeros(free);
            }
            id = (id & -Long.SIZE) + Long.SIZE;
        }
        return id;
    }

    private static boolean isEmpty(long[] page) {
        for (long word : page) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }
}
