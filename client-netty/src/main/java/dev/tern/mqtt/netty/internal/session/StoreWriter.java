package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.spi.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Writes session changes through to the {@link SessionStore}. A store that throws is logged and the session carries
 * on from memory (the SPI's documented contract). Event loop only.
 */
final class StoreWriter {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private final SessionStore store;

    StoreWriter(SessionStore store) {
        this.store = store;
    }

    SessionStore store() {
        return store;
    }

    void write(Consumer<SessionStore> change) {
        try {
            change.accept(store);
        } catch (RuntimeException e) {
            log.error("the session store failed; the in-memory session carries on, the store is now behind", e);
        }
    }
}
