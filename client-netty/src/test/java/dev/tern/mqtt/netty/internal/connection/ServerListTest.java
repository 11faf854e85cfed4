package dev.tern.mqtt.netty.internal.connection;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ServerListTest {

    private static final URI BASE = URI.create("mqtt://base:1884");

    @Test
    void serverReferenceFormsAreUnderstood() {
        assertEquals(URI.create("mqtt://other:1884"), ServerList.parseReference("other", BASE), "port of the base");
        assertEquals(URI.create("mqtt://other:2000"), ServerList.parseReference("other:2000", BASE));
        assertEquals(URI.create("mqtt://other:2000"), ServerList.parseReference("mqtt://other:2000 third:1", BASE),
                "the first of a list");
        assertEquals(URI.create("mqtt://[::1]:2000"), ServerList.parseReference("[::1]:2000", BASE));
        assertNull(ServerList.parseReference("  ", BASE));
        assertNull(ServerList.parseReference(null, BASE));
    }

    @Test
    void serversAreTriedInTurnAndRedirectsFollowed() {
        URI a = URI.create("mqtt://a:1");
        URI b = URI.create("mqtt://b:1");
        URI c = URI.create("mqtt://c:1");
        ServerList list = new ServerList(List.of(a, b));
        assertEquals(a, list.current());
        list.advance();
        assertEquals(b, list.current());
        list.redirect(c, false);
        assertEquals(c, list.current(), "use another server: for now");
        list.clearRedirect();
        assertEquals(b, list.current(), "back to the list when the connection ends");
        list.redirect(c, true);
        assertEquals(c, list.current(), "server moved: for good");
        list.clearRedirect();
        assertEquals(c, list.current());
        assertEquals(3, list.size());
        list.advance();
        assertEquals(a, list.current());
    }

    @Test
    void aServerMovedChangesOnlyThisClientsOrder() {
        URI a = URI.create("mqtt://a:1");
        URI b = URI.create("mqtt://b:1");
        List<URI> shared = List.of(a, b); // the options' list, shared by every client built for these servers
        ServerList moved = new ServerList(shared);
        ServerList other = new ServerList(shared);
        moved.redirect(b, true);
        assertEquals(b, moved.current());
        assertEquals(List.of(a, b), shared, "the shared list is never changed");
        assertEquals(a, other.current(), "another client keeps the options' order");
        moved.advance();
        assertEquals(a, moved.current());
    }
}
