/**
 * The transport under MQTT, one class per job: {@link dev.tern.mqtt.netty.internal.transport.Transport} turns a
 * server URI and the transport options into pipeline handlers (proxy, TLS, WebSocket), and
 * {@link dev.tern.mqtt.netty.internal.transport.TransportReady} tells the connection state machine when the
 * transport is up or why it failed, as a Tern exception.
 */
package dev.tern.mqtt.netty.internal.transport;
