package dev.tern.mqtt;

/**
 * The life cycle of a client. Read it with {@code state()}; every transition happens on the client's network thread,
 * so a value read on another thread may be a moment old.
 *
 * <pre>
 *                 connect()                 CONNACK 0x00
 *  DISCONNECTED ────────────▶ CONNECTING ─────────────────▶ CONNECTED ◀──────────────┐
 *    ▲ ▲ ▲ ▲                      │                        │  │     │                  │ CONNACK 0x00
 *    │ │ │ └─ refused, timeout, ──┘                        │  │     │ connection lost, │
 *    │ │ │    network error (unless retried)               │  │     ▼ reconnect on     │
 *    │ │ │                                                 │  │  RECONNECTING ─────────┘
 *    │ │ └──── policy gives up, or disconnect() ───────────┼──┼─────┘
 *    │ └────── connection lost, reconnect off ─────────────┘  │ disconnect()
 *    │                                                        ▼
 *    └──────── DISCONNECT sent, channel closed ──────── DISCONNECTING
 *
 *  any state ── close() ──▶ CLOSED (terminal)
 * </pre>
 *
 * <p>With automatic reconnect on (the default), a lost connection leads to {@code RECONNECTING} rather than
 * {@code DISCONNECTED}: publishes wait in the offline buffer, and the session (in-flight QoS 1 and 2 messages,
 * subscriptions) carries over to the next connection. From {@code DISCONNECTED} a client may {@code connect()} again;
 * its session state is kept by the client object across connections.
 */
public enum ClientState {
    /**
     * Not connected: before the first {@code connect()}, after {@code disconnect()}, or after the connection ended with
     * automatic reconnect off or given up.
     */
    DISCONNECTED,
    /** Opening the network connection, or CONNECT sent and waiting for CONNACK. */
    CONNECTING,
    /** CONNACK accepted the connection; messages flow. */
    CONNECTED,
    /**
     * The connection was lost and automatic reconnect is waiting out its backoff or trying again. Publishes go to the
     * offline buffer; {@code disconnect()} and {@code close()} stop the reconnecting at once.
     */
    RECONNECTING,
    /** {@code disconnect()} was called: DISCONNECT is being sent and the connection closed. */
    DISCONNECTING,
    /** {@code close()} was called: every resource is released and no operation is possible any more. */
    CLOSED
}
