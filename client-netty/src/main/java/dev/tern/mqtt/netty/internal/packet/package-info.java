/**
 * The version-free model of MQTT control packets. MQTT 3.1.1 is a subset of 5.0: a 3.1.1 packet is the same record
 * with its 5.0-only fields absent. The codec decides what to write from the negotiated version.
 *
 * <p>Conventions in every record here: an MQTT 5.0 property is a nullable field where {@code null} means "absent
 * on the wire" (so an encoded packet is byte-exact); lists are never null (empty means none) and are unmodifiable;
 * binary fields are read-only {@link java.nio.ByteBuffer}s compared by content; a packet identifier of 0 means "none"
 * (QoS 0 PUBLISH only).
 */
package dev.tern.mqtt.netty.internal.packet;
