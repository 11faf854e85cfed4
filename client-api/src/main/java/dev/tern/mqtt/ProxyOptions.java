package dev.tern.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy between the client and the server: HTTP {@code CONNECT} (with optional basic authentication) or SOCKS5
 * (with optional user name and password). It carries every transport: plain MQTT, TLS and WebSocket; TLS still runs
 * end to end with the server, and the proxy resolves the server's host name.
 *
 * <pre>{@code
 * ProxyOptions proxy = ProxyOptions.parse("http://user:secret@proxy.example.com:3128");
 * ProxyOptions socks = ProxyOptions.socks5("127.0.0.1", 1080).withCredentials("user", "secret");
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the password.
 */
public final class ProxyOptions {

    /** The kind of proxy. */
    public enum Type {
        /** An HTTP proxy that opens a tunnel with {@code CONNECT host:port}. */
        HTTP,
        /** A SOCKS version 5 proxy (RFC 1928), with user name and password authentication (RFC 1929) if set. */
        SOCKS5
    }

    private final Type type;
    private final String host;
    private final int port;
    private final String username;
    private final String password;

    private ProxyOptions(Type type, String host, int port, String username, String password) {
        this.type = Objects.requireNonNull(type, "type");
        this.host = Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("proxy host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("proxy port must be 1..65535, was " + port);
        }
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** An HTTP CONNECT proxy without authentication. */
    public static ProxyOptions http(String host, int port) {
        return new ProxyOptions(Type.HTTP, host, port, null, null);
    }

    /** A SOCKS5 proxy without authentication. */
    public static ProxyOptions socks5(String host, int port) {
        return new ProxyOptions(Type.SOCKS5, host, port, null, null);
    }

    /**
     * A proxy from a URI: {@code http://[user:password@]host[:port]} (port 80 if absent) or
     * {@code socks5://[user:password@]host[:port]} (port 1080 if absent); user and password are percent-decoded.
     *
     * @throws IllegalArgumentException if the URI is malformed, has another scheme or no host
     */
    public static ProxyOptions parse(String uri) {
        URI u;
        try {
            u = new URI(Objects.requireNonNull(uri, "uri"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy URI is malformed", e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        Type type;
        int defaultPort;
        switch (scheme) {
            case "http" -> {
                type = Type.HTTP;
                defaultPort = 80;
            }
            case "socks5", "socks" -> {
                type = Type.SOCKS5;
                defaultPort = 1080;
            }
            default -> throw new IllegalArgumentException("proxy URI scheme must be http:// or socks5://, was "
                    + (scheme.isEmpty() ? "none" : scheme + "://"));
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("proxy URI needs a host, for example http://proxy:3128");
        }
        String user = null;
        String password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new ProxyOptions(type, u.getHost(), u.getPort() < 0 ? defaultPort : u.getPort(), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The same proxy with a user name and password (HTTP basic authentication, or SOCKS5 RFC 1929). */
    public ProxyOptions withCredentials(String username, String password) {
        return new ProxyOptions(type, host, port, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"));
    }

    /** HTTP or SOCKS5. */
    public Type type() {
        return type;
    }

    /** The proxy's host name or address. */
    public String host() {
        return host;
    }

    /** The proxy's port. */
    public int port() {
        return port;
    }

    /** The user name for the proxy, if set. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password for the proxy, if set. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Describes the proxy; the password is never shown. */
    @Override
    public String toString() {
        return "ProxyOptions[" + type.name().toLowerCase(Locale.ROOT) + "://"
                + (username == null ? "" : username + ":<hidden>@") + host + ":" + port + "]";
    }
}
