/**
 * Pluggable parts of a client: where session state is kept ({@link dev.tern.mqtt.spi.SessionStore}), when to
 * reconnect ({@link dev.tern.mqtt.spi.ReconnectPolicy}) and where credentials come from
 * ({@link dev.tern.mqtt.spi.CredentialsProvider}). Each interface says which thread calls it.
 */
package dev.tern.mqtt.spi;
