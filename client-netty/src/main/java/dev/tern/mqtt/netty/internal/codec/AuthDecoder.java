package dev.tern.mqtt.netty.internal.codec;

import dev.tern.mqtt.netty.internal.packet.AuthPacket;
import dev.tern.mqtt.reason.AuthReasonCode;

import java.util.List;

/**
 * Decodes AUTH (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901217">MQTT 5.0
 * section 3.15</a>; MQTT 3.1.1 has no type 15). A remaining length of 0 means Success without properties
 * (section 3.15.2.1); otherwise the Authentication Method is required.
 */
final class AuthDecoder {

    private AuthDecoder() {
    }

    static AuthPacket decode(PacketReader in) {
        if (!in.hasRemaining()) {
            return new AuthPacket(AuthReasonCode.SUCCESS, null, null, null, List.of());
        }
        int code = in.readByte("reason code");
        // [MQTT-3.15.2-1]: only the Authenticate Reason Codes are allowed.
        AuthReasonCode reasonCode = AuthReasonCode.fromCode(code).orElseThrow(
                () -> in.protocolError(String.format("undefined reason code 0x%02X", code)));
        DecodedProperties properties = in.hasRemaining()
                ? PropertyReader.read(in, PropertyContext.AUTH) : DecodedProperties.EMPTY;
        in.expectEnd();
        String method = properties.string(Property.AUTHENTICATION_METHOD);
        if (method == null) {
            // Section 3.15.2.2.2: "It is a Protocol Error to omit the Authentication Method".
            throw in.protocolError("no authentication method");
        }
        return new AuthPacket(reasonCode, method, properties.binary(Property.AUTHENTICATION_DATA),
                properties.string(Property.REASON_STRING), properties.userProperties());
    }
}
