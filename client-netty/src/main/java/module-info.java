/**
 * Tern's MQTT client on Netty: the codec, the connection state machine, the async core and the blocking facade.
 * Only {@code dev.tern.mqtt.netty} is public API; {@code internal} packages may change in any release.
 */
module dev.tern.mqtt.netty {
    requires transitive dev.tern.mqtt.api;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires org.slf4j;

    exports dev.tern.mqtt.netty;
}
