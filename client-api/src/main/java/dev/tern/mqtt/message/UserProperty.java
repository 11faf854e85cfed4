package dev.tern.mqtt.message;

import java.util.Objects;

/**
 * An MQTT 5.0 user property: a name and value pair of UTF-8 strings. The same name may appear more than once in
 * a packet, and the order of user properties is kept (MQTT 5.0 section 3.3.2.3.7).
 *
 * @param name the property name, not null
 * @param value the property value, not null
 */
public record UserProperty(String name, String value) {

    /** Checks that neither part is null. */
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Shorthand for {@code new UserProperty(name, value)}. */
    public static UserProperty of(String name, String value) {
        return new UserProperty(name, value);
    }
}
