package dev.tern.mqtt.exceptions;

/**
 * The client ended an MQTT 5.0 enhanced authentication exchange: its {@code Authenticator} refused what the server
 * sent (for example a SCRAM server signature that does not verify, so the server does not know the password), or
 * the server broke the exchange (another authentication method, an AUTH nobody asked for). A server that refuses
 * the client's credentials answers with CONNACK or DISCONNECT instead, which fail with
 * {@link MqttConnectionRefusedException} or {@link MqttConnectionLostException}.
 */
public class MqttAuthenticationException extends MqttException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MqttAuthenticationException(String message) {
        super(message);
    }

    /** Creates the exception with a cause, which may be null. */
    public MqttAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
