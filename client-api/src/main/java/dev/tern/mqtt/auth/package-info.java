/**
 * MQTT 5.0 enhanced authentication (section 4.12): the {@link dev.tern.mqtt.auth.Authenticator} interface that
 * drives the AUTH exchange, and {@link dev.tern.mqtt.auth.ScramSha256Authenticator}, a ready implementation.
 */
package dev.tern.mqtt.auth;
