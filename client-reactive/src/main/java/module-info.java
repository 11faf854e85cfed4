/**
 * Tern's Reactor facade: {@code ReactiveMqttClient}, a lazy, back-pressured view of an {@code AsyncMqttClient}.
 * It depends only on the public API and on Reactor; {@code internal} holds the adapters and is not exported.
 */
module dev.tern.mqtt.reactive {
    requires transitive dev.tern.mqtt.api;
    requires transitive reactor.core;
    requires transitive org.reactivestreams;

    exports dev.tern.mqtt.reactive;
}
