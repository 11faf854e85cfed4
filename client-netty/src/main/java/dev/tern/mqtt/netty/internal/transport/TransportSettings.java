package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.ProxyOptions;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.WebSocketOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * What the transport needs from the client options.
 *
 * @param tls used for {@code mqtts://} and {@code wss://}
 * @param webSocket used for {@code ws://} and {@code wss://}
 * @param proxy the proxy to go through, or null for a direct connection
 * @param connectTimeout bounds the proxy's tunnel and the WebSocket upgrade (TLS has its own handshake timeout)
 * @param maximumPacketSize the client's maximum packet size; incoming WebSocket frames may be as large
 */
public record TransportSettings(TlsOptions tls, WebSocketOptions webSocket, ProxyOptions proxy,
        Duration connectTimeout, long maximumPacketSize) {

    public TransportSettings {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
}
