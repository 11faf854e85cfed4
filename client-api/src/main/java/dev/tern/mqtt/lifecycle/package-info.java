/**
 * Connection life-cycle events: connected, disconnected, reconnecting. See
 * {@link dev.tern.mqtt.lifecycle.LifecycleListener}.
 */
package dev.tern.mqtt.lifecycle;
