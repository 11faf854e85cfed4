/**
 * The public API of Tern, an MQTT 3.1.1 and 5.0 client: interfaces, immutable value types, reason codes and
 * exceptions, connection life-cycle events, and the pluggable parts (session store, reconnect policy, credentials).
 * It has no dependency; an implementation such as {@code dev.tern.mqtt.netty} provides the client.
 */
module dev.tern.mqtt.api {
    exports dev.tern.mqtt;
    exports dev.tern.mqtt.message;
    exports dev.tern.mqtt.reason;
    exports dev.tern.mqtt.exceptions;
    exports dev.tern.mqtt.auth;
    exports dev.tern.mqtt.lifecycle;
    exports dev.tern.mqtt.spi;
    // not API: lets the client hand received bytes to a Publish without a second copy
    exports dev.tern.mqtt.internal to dev.tern.mqtt.netty;
}
