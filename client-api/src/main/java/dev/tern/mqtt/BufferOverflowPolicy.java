package dev.tern.mqtt;

/**
 * What the offline buffer does with a new message when it already holds as many messages or bytes as the options
 * allow. The message that loses out has its future failed with
 * {@link dev.tern.mqtt.exceptions.MqttMessageDroppedException}, whose reason says which policy dropped it.
 */
public enum BufferOverflowPolicy {
    /** The new message is refused: its future fails at once. Nothing already buffered is lost. The default. */
    REJECT,
    /** The oldest buffered messages are dropped until the new one fits (telemetry where the latest matters most). */
    DROP_OLDEST,
    /** The newest buffered messages are dropped until the new one fits (the new one replaces the latest). */
    DROP_NEWEST
}
