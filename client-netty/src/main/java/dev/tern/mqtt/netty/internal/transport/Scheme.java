package dev.tern.mqtt.netty.internal.transport;

import java.util.Locale;
import java.util.Optional;

/** The four transports a server URI can name, with their default ports. */
public enum Scheme {
    /** {@code mqtt://} (also {@code tcp://}): MQTT over TCP. */
    TCP(false, false, 1883),
    /** {@code mqtts://} (also {@code ssl://}): MQTT over TLS. */
    TLS(true, false, 8883),
    /** {@code ws://}: MQTT over WebSocket. */
    WS(false, true, 80),
    /** {@code wss://}: MQTT over WebSocket over TLS. */
    WSS(true, true, 443);

    private final boolean tls;
    private final boolean webSocket;
    private final int defaultPort;

    Scheme(boolean tls, boolean webSocket, int defaultPort) {
        this.tls = tls;
        this.webSocket = webSocket;
        this.defaultPort = defaultPort;
    }

    /** The scheme of a URI's scheme name, case-insensitive; empty for an unknown one. */
    public static Optional<Scheme> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mqtt", "tcp" -> Optional.of(TCP);
            case "mqtts", "ssl" -> Optional.of(TLS);
            case "ws" -> Optional.of(WS);
            case "wss" -> Optional.of(WSS);
            default -> Optional.empty();
        };
    }

    public boolean isTls() {
        return tls;
    }

    public boolean isWebSocket() {
        return webSocket;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
