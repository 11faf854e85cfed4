/**
 * The MQTT 3.1.1 and 5.0 wire format: {@link dev.tern.mqtt.netty.internal.codec.MqttPacketEncoder} and
 * {@link dev.tern.mqtt.netty.internal.codec.MqttPacketDecoder} turn the version-free records of
 * {@code dev.tern.mqtt.netty.internal.packet} into bytes and back, and
 * {@link dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler} and
 * {@link dev.tern.mqtt.netty.internal.codec.MqttDecoderHandler} put them in a Netty pipeline.
 *
 * <p>Layout: one encoder and one decoder per packet family ({@code ConnectEncoder}, {@code PubAckFamilyDecoder},
 * ...); the data types of MQTT 5.0 section 1.5 in {@code VariableByteInteger}, {@code Utf8} and
 * {@code PacketReader}; properties in {@code Property} (the table of section 2.2.2.2), {@code PropertyReader},
 * {@code PropertySizer} and {@code PropertyWriter}; the fixed header in {@code FixedHeader}.
 *
 * <p>Decoding is strict: any violation of a MUST about the packet format throws
 * {@link dev.tern.mqtt.netty.internal.codec.MqttDecodeException}. Its reason code follows the spec's own words
 * where it gives one, and otherwise the definitions of MQTT 5.0 section 1.2: MALFORMED_PACKET (0x81) when the bytes
 * cannot be parsed as the packet (truncation, trailing bytes, reserved bits or flags, bad Variable Byte Integers,
 * bad UTF-8, unknown or misplaced property identifiers, ill-formed topic names and filters), PROTOCOL_ERROR (0x82)
 * when they parse but carry a value the protocol forbids (packet identifier 0, duplicate properties, property
 * values out of range, undefined reason codes, empty SUBSCRIBE or UNSUBSCRIBE, retain handling 3, unsupported
 * protocol level), and PACKET_TOO_LARGE (0x95) when the fixed header announces more than the maximum packet size.
 * Each check cites its [MQTT-x.y.z-n] statement or section where it is made.
 *
 * <p>Encoding writes the shortest form the spec allows and refuses (IllegalArgumentException) what cannot be
 * encoded or what the receiver would have to reject as a protocol error.
 */
package dev.tern.mqtt.netty.internal.codec;
