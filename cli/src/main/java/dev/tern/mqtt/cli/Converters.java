package dev.tern.mqtt.cli;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Qos;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers for the option values that mosquitto users type: {@code -V 5}, {@code -V mqttv311}, {@code -q 1}. */
final class Converters {

    private Converters() {
    }

    /** {@code 5}, {@code 5.0}, {@code mqttv5} for MQTT 5.0; {@code 311}, {@code 3.1.1}, {@code mqttv311} for 3.1.1. */
    static final class Version implements ITypeConverter<MqttVersion> {
        @Override
        public MqttVersion convert(String value) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "5": case "5.0": case "mqttv5": case "v5":
                    return MqttVersion.MQTT_5_0;
                case "311": case "3.1.1": case "mqttv311": case "v311": case "4":
                    return MqttVersion.MQTT_3_1_1;
                case "31": case "3.1": case "mqttv31":
                    throw new TypeConversionException("MQTT 3.1 is not supported; use 5 or 311");
                default:
                    throw new TypeConversionException("'" + value + "' is not a protocol version; use 5 or 311");
            }
        }
    }

    /** {@code 0}, {@code 1} or {@code 2}. */
    static final class QosLevel implements ITypeConverter<Qos> {
        @Override
        public Qos convert(String value) {
            switch (value.trim()) {
                case "0": return Qos.AT_MOST_ONCE;
                case "1": return Qos.AT_LEAST_ONCE;
                case "2": return Qos.EXACTLY_ONCE;
                default: throw new TypeConversionException("'" + value + "' is not a QoS; use 0, 1 or 2");
            }
        }
    }
}
