package dev.tern.mqtt;

/**
 * The life cycle of a client. Read it with {@code state()}; every transition happens on the client's network thread,
 * so a value read on another thread may be a moment old.
 *
 * <pre>
 *                 connect()                 CONNACK 0x00
 *  DISCONNECTED ────────────▶ CONNECTING ─────────────────▶ CONNECTED
 *       ▲   ▲                     │                          │     │
 *       │   │ refused, timeout,   │                          │     │ disconnect()
 *       │   └─ network error ─────┘                          │     ▼
 *       │                                                    │  DISCONNECTING
 *       │     connection lost (server DISCONNECT,            │     │ DISCONNECT sent,
 *       └──── network error, protocol error, keep-alive) ────┘     │ channel closed
 *       ◀──────────────────────────────────────────────────────────┘
 *
 *  any state ── close() ──▶ CLOSED (terminal)
 * </pre>
 *
 * <p>From {@code DISCONNECTED} a client may {@code connect()} again; its session state (in-flight QoS 1 and 2
 * messages, subscriptions) is kept by the client object across connections.
 */
public enum ClientState {
    /** Not connected: before the first {@code connect()}, after {@code disconnect()} or after the connection ended. */
    DISCONNECTED,
    /** Opening the network connection, or CONNECT sent and waiting for CONNACK. */
    CONNECTING,
    /** CONNACK accepted the connection; messages flow. */
    CONNECTED,
    /** {@code disconnect()} was called: DISCONNECT is being sent and the connection closed. */
    DISCONNECTING,
    /** {@code close()} was called: every resource is released and no operation is possible any more. */
    CLOSED
}
