package dev.tern.mqtt.auth;

import dev.tern.mqtt.exceptions.MqttAuthenticationException;

/**
 * One run of an enhanced authentication exchange, started by {@link Authenticator#start(boolean)}. Its methods are
 * called in order on the client's I/O thread; throwing {@link MqttAuthenticationException} from any of them ends
 * the connection attempt (or the connection, when re-authenticating) with that exception.
 */
public interface AuthExchange {

    /** The Authentication Data for CONNECT or the re-authentication AUTH; null to send none. */
    byte[] initialData();

    /**
     * The server continued the exchange (AUTH 0x18) with this data.
     *
     * @param serverData the server's Authentication Data, empty if it sent none
     * @return the data for the client's AUTH 0x18 answer; null to send none
     * @throws MqttAuthenticationException if the server's data is unacceptable
     */
    byte[] onContinue(byte[] serverData);

    /**
     * The server accepted (CONNACK 0x00 or AUTH 0x00). A method whose server proves something in its last message
     * (SCRAM's server signature) checks it here.
     *
     * @param serverData the Authentication Data of CONNACK or AUTH, empty if none
     * @throws MqttAuthenticationException if the server's proof does not verify; the client then disconnects
     */
    void onSuccess(byte[] serverData);
}
