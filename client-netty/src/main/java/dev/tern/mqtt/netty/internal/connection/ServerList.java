package dev.tern.mqtt.netty.internal.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers a client tries, in turn, and where MQTT 5.0 Server References send it: "use another server" (0x9C)
 * redirects until the connection ends, "server moved" (0x9D) puts the new server first for good. Event loop only.
 */
final class ServerList {

    /**
     * The options' (immutable) list, shared with every client built for the same servers, until a "server moved"
     * changes the order: then this client's own copy.
     */
    private List<URI> servers;
    private int current;
    /** A temporary redirection: used instead of the list until {@link #clearRedirect()}. */
    private URI redirect;

    ServerList(List<URI> servers) {
        this.servers = servers;
    }

    /** The server to connect to next. */
    URI current() {
        return redirect != null ? redirect : servers.get(current);
    }

    /** Moves on to the next server in the list (dropping any temporary redirection). */
    void advance() {
        redirect = null;
        current = (current + 1) % servers.size();
    }

    int size() {
        return servers.size();
    }

    /** Follows a Server Reference: for good ({@code moved}) or until the connection ends. */
    void redirect(URI target, boolean moved) {
        if (moved) {
            servers = new ArrayList<>(servers);
            servers.remove(target);
            servers.add(0, target);
            current = 0;
            redirect = null;
        } else {
            redirect = target;
        }
    }

    /** Ends a temporary redirection: the next attempt goes back to the list. */
    void clearRedirect() {
        redirect = null;
    }

    /**
     * The first server of an MQTT 5.0 Server Reference, which the specification leaves free-form: a space-separated
     * list whose entries are {@code host}, {@code host:port}, {@code [v6address]:port} or a URI such as
     * {@code mqtt://host:port}. A missing port is the one of {@code base}.
     *
     * @return the server, or null if the reference cannot be understood
     */
    static URI parseReference(String reference, URI base) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String first = reference.trim().split("\\s+")[0];
        try {
            URI uri = first.contains("://") ? new URI(first) : new URI("mqtt://" + first);
            if (uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : base.getPort() >= 0 ? base.getPort() : 1883;
            String host = uri.getHost();
            return new URI("mqtt", null, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port,
                    null, null, null);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
