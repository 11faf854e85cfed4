package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.spi.InMemorySessionStore;
import dev.tern.mqtt.spi.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Writes session changes through to the {@link SessionStore}. A store that throws is logged and the session carries
 * on from memory (the SPI's documented contract). Without a store (none in the options) nothing is written: the
 * session's own memory is all there is, and a write per message would only cost time. Event loop only.
 */
final class StoreWriter {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    /** What a client without a store reads at start: nothing. Never written to, so one serves every client. */
    private static final SessionStore NONE = new InMemorySessionStore();

    private final SessionStore store;
    private final boolean enabled;

    /** @param store the store to write through to, or null for none */
    StoreWriter(SessionStore store) {
        this.store = store == null ? NONE : store;
        this.enabled = store != null;
    }

    /** The store, to read what it holds; an empty one when there is none. */
    SessionStore store() {
        return store;
    }

    /**
     * Stores an outgoing message's current state. Not through {@link #write}: a capturing lambda per message was
     * allocated even with no store, since it may escape to the store.
     */
    void putOutgoing(OutgoingPublish op) {
        if (enabled) {
            write(st -> st.putOutgoing(op.stored()));
        }
    }

    /** Forgets an outgoing message; see {@link #putOutgoing} for why it has a method of its own. */
    void removeOutgoing(OutgoingPublish op) {
        if (enabled) {
            write(st -> st.removeOutgoing(op.sequence));
        }
    }

    void write(Consumer<SessionStore> change) {
        if (!enabled) {
            return;
        }
        try {
            change.accept(store);
        } catch (RuntimeException e) {
            log.error("the session store failed; the in-memory session carries on, the store is now behind", e);
        }
    }
}
