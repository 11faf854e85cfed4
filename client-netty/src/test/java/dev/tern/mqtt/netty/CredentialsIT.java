package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.spi.Credentials;
import dev.tern.mqtt.testing.Broker;
import dev.tern.mqtt.testing.SecureBroker;
import dev.tern.mqtt.testing.SecureBrokersTest;
import org.junit.jupiter.api.AfterEach;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User name and password over TLS against Mosquitto's password file: static, wrong, and from a provider. */
class CredentialsIT {

    private static final Set<ConnAckReasonCode> REFUSALS =
            Set.of(ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, ConnAckReasonCode.NOT_AUTHORIZED);

    private final Clients clients = new Clients();

    @AfterEach
    void close() {
        clients.close();
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void passwordFileAcceptsTheRightPasswordAndRefusesAWrongOneInBothVersions(SecureBroker broker) {
        for (MqttVersion version : MqttVersion.values()) {
            AsyncMqttClient ok = clients.async(TlsIT.options(broker.tlsUri(), TlsIT.trustingTestCa(broker))
                    .version(version).username(SecureBroker.USERNAME).password(SecureBroker.PASSWORD).build());
            await(ok.connect());
            TlsIT.roundTripAtEveryQos(ok, "credentials");
            AsyncMqttClient wrong = clients.async(TlsIT.options(broker.tlsUri(), TlsIT.trustingTestCa(broker))
                    .version(version).username(SecureBroker.USERNAME).password("not-the-password").build());
            MqttConnectionRefusedException refused = assertInstanceOf(MqttConnectionRefusedException.class,
                    failure(wrong.connect()));
            assertTrue(REFUSALS.contains(refused.connAck().reasonCode()), String.valueOf(refused.connAck()));
        }
    }

    @SecureBrokersTest(Broker.MOSQUITTO)
    void theCredentialsProviderIsAskedAgainForEveryConnect(SecureBroker broker) {
        AtomicInteger calls = new AtomicInteger();
        AsyncMqttClient client = clients.async(TlsIT.options(broker.wssUri(), TlsIT.trustingTestCa(broker))
                .automaticReconnect(false)
                .credentials(() -> calls.incrementAndGet() == 1
                        ? Credentials.of(SecureBroker.USERNAME, "expired-token")
                        : Credentials.of(SecureBroker.USERNAME, SecureBroker.PASSWORD))
                .build());
        assertInstanceOf(MqttConnectionRefusedException.class, failure(client.connect()));
        await(client.connect());
        assertEquals(2, calls.get());
    }
}
