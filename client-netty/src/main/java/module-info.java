/**
 * Tern's MQTT client on Netty: the codec, the connection state machine, the async core and the blocking facade.
 * Only {@code dev.tern.mqtt.netty} is public API; {@code internal} packages may change in any release.
 */
module dev.tern.mqtt.netty {
    requires transitive dev.tern.mqtt.api;
    requires io.netty.buffer;
    requires io.netty.codec; // the module name of netty-codec-base in Netty 4.2 (ByteToMessageDecoder)
    requires io.netty.codec.http; // WebSocket transport
    requires io.netty.handler.proxy; // HTTP CONNECT and SOCKS5 proxies
    requires io.netty.resolver;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    // Linux's native epoll, used when the application puts netty-transport-native-epoll on the path (optional)
    requires static io.netty.transport.classes.epoll;
    requires org.slf4j;
    // Compile-time only, for the tests patched into this module: the decoder fuzz test measures allocation with
    // com.sun.management.ThreadMXBean. Nothing in the main code uses it, and "static" keeps it out at run time.
    requires static jdk.management;

    exports dev.tern.mqtt.netty;
}
