package dev.tern.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttClientOptionsTest {

    private static MqttClientOptions.Builder base() {
        return MqttClientOptions.builder().serverUri("mqtt://localhost:1883");
    }

    @Test
    void defaultsAreTheNamedConstants() {
        MqttClientOptions o = MqttClientOptions.builder().serverUri("mqtt://broker.example").build();
        assertEquals("broker.example", o.host());
        assertEquals(MqttClientOptions.DEFAULT_PORT, o.port());
        assertEquals(MqttClientOptions.DEFAULT_VERSION, o.version());
        assertEquals(MqttClientOptions.DEFAULT_KEEP_ALIVE_SECONDS, o.keepAliveSeconds());
        assertEquals(MqttClientOptions.DEFAULT_RECEIVE_MAXIMUM, o.receiveMaximum());
        assertEquals(MqttClientOptions.DEFAULT_CONNACK_TIMEOUT, o.connAckTimeout());
        assertTrue(o.isCleanStart());
        assertEquals("", o.clientId());
        assertTrue(o.executor().isEmpty());
        assertFalse(o.isManualAcknowledgement());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtts://localhost|8883", "ssl://localhost|8883", "ws://localhost/mqtt|80",
            "wss://localhost/mqtt|443", "wss://localhost:8884|8884", "mqtt://localhost|1883"})
    void acceptsTheFourTransportsWithTheirDefaultPorts(String uriAndPort) {
        String[] parts = uriAndPort.split("\\|");
        MqttClientOptions o = MqttClientOptions.builder().serverUri(parts[0]).build();
        assertEquals(Integer.parseInt(parts[1]), o.port());
        assertTrue(o.tls().isHostnameVerification(), "TLS is verified unless turned off");
    }

    @Test
    void rejectsCredentialsInTheUriAndAPathOnPlainMqtt() {
        assertThrows(IllegalArgumentException.class,
                () -> MqttClientOptions.builder().serverUri("mqtts://user:pw@localhost").build());
        assertThrows(IllegalArgumentException.class,
                () -> MqttClientOptions.builder().serverUri("mqtts://localhost/path").build());
    }

    @Test
    void passwordWithoutUserNameOnlyWithMqtt5() {
        MqttClientOptions v5 = MqttClientOptions.builder().serverUri("mqtt://localhost").password("token").build();
        assertTrue(v5.username().isEmpty() && v5.password().isPresent());
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder().serverUri("mqtt://localhost")
                .version(MqttVersion.MQTT_3_1_1).password("token").build());
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder().serverUri("mqtt://localhost")
                .fallbackToMqtt311(true).password("token").build());
    }

    @Test
    void enhancedAuthenticationNeedsMqtt5WithoutFallback() {
        var scram = dev.tern.mqtt.auth.ScramSha256Authenticator.of("u", "p".toCharArray());
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder().serverUri("mqtt://localhost")
                .version(MqttVersion.MQTT_3_1_1).authenticator(scram).build());
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder().serverUri("mqtt://localhost")
                .fallbackToMqtt311(true).authenticator(scram).build());
        MqttClientOptions o = MqttClientOptions.builder().serverUri("mqtt://localhost").authenticator(scram).build();
        assertTrue(o.toString().contains("SCRAM-SHA-256"), o.toString());
    }

    @Test
    void toStringShowsTransportsButNoSecret() {
        MqttClientOptions o = MqttClientOptions.builder().serverUri("wss://localhost/mqtt").password("pw-secret")
                .proxy(ProxyOptions.parse("http://u:proxy-secret@proxy:3128"))
                .tls(TlsOptions.builder().keyStore(java.nio.file.Path.of("k.p12"), "ks-secret".toCharArray()).build())
                .webSocket(WebSocketOptions.builder().headers(java.util.Map.of("Authorization", "tok-secret")).build())
                .build();
        String text = o.toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("k.p12") && text.contains("proxy:3128"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:1883", "http://localhost", "mqtt://", "mqtt://host/path", "mqtt://a b"})
    void rejectsMalformedUris(String uri) {
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder().serverUri(uri).build());
    }

    @Test
    void requiresAServerUri() {
        assertThrows(IllegalStateException.class, () -> MqttClientOptions.builder().build());
    }

    @Test
    void checksRanges() {
        assertThrows(IllegalArgumentException.class, () -> base().keepAliveSeconds(65_536).build());
        assertThrows(IllegalArgumentException.class, () -> base().keepAliveSeconds(-1).build());
        assertThrows(IllegalArgumentException.class, () -> base().receiveMaximum(0).build());
        assertThrows(IllegalArgumentException.class, () -> base().sessionExpiryInterval(-1).build());
        assertThrows(IllegalArgumentException.class, () -> base().maximumPacketSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> base().topicAliasMaximum(70_000).build());
        assertThrows(IllegalArgumentException.class, () -> base().ackTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> base().version(MqttVersion.MQTT_3_1_1).cleanStart(false).build());
    }

    @Test
    void fallbackWithAnEmptyClientIdNeedsCleanStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base().fallbackToMqtt311(true).cleanStart(false).build());
        assertTrue(e.getMessage().contains("fallbackToMqtt311"), e.getMessage());
        assertTrue(base().fallbackToMqtt311(true).cleanStart(false).clientId("c1").build().isFallbackToMqtt311());
        assertTrue(base().fallbackToMqtt311(true).build().isFallbackToMqtt311(), "clean start: an empty id is fine");
        assertFalse(base().cleanStart(false).build().isCleanStart(), "MQTT 5.0 without fallback: fine too");
    }

    @Test
    void maximumInFlightDefaultsTo20On311AndToTheServersReceiveMaximumOn5() {
        MqttClientOptions o = base().build();
        assertTrue(o.maximumInFlight().isEmpty());
        assertEquals(MqttClientOptions.DEFAULT_MAXIMUM_IN_FLIGHT_MQTT_3_1_1, o.maximumInFlight(MqttVersion.MQTT_3_1_1));
        assertEquals(20, o.maximumInFlight(MqttVersion.MQTT_3_1_1));
        assertEquals(65_535, o.maximumInFlight(MqttVersion.MQTT_5_0), "no cap of the client's own on 5.0");
        MqttClientOptions set = base().maximumInFlight(7).build();
        assertEquals(7, set.maximumInFlight(MqttVersion.MQTT_3_1_1));
        assertEquals(7, set.maximumInFlight(MqttVersion.MQTT_5_0));
        assertEquals(7, set.toBuilder().build().maximumInFlight().getAsInt(), "toBuilder keeps it");
        assertThrows(IllegalArgumentException.class, () -> base().maximumInFlight(0).build());
        assertThrows(IllegalArgumentException.class, () -> base().maximumInFlight(65_536).build());
    }

    @Test
    void neverShowsThePassword() {
        MqttClientOptions o = base().username("alice").password("s3cret-pw").build();
        assertFalse(o.toString().contains("s3cret-pw"), o.toString());
        assertTrue(o.toString().contains("<hidden>"));
        assertArrayEquals("s3cret-pw".getBytes(), o.password().orElseThrow());
    }

    @Test
    void toBuilderCopiesEverything() {
        MqttClientOptions o = base().clientId("c1").keepAliveSeconds(5).version(MqttVersion.MQTT_3_1_1)
                .userProperty("k", "v").build();
        MqttClientOptions copy = o.toBuilder().build();
        assertEquals(o.toString(), copy.toString());
        assertEquals(o.userProperties(), copy.userProperties());
    }

    @Test
    void serverShorthandBuildsTheUri() {
        assertEquals(4711, base().server("127.0.0.1", 4711).build().port());
    }

    @Test
    void reconnectAndOfflineBufferDefaults() {
        MqttClientOptions o = base().build();
        assertTrue(o.isAutomaticReconnect());
        assertEquals(dev.tern.mqtt.spi.ReconnectPolicy.DEFAULT, o.reconnectPolicy());
        assertFalse(o.isRetryFirstConnect());
        assertTrue(o.isResubscribeOnSessionLoss());
        assertTrue(o.isRepublishOnSessionLoss());
        assertEquals(MqttClientOptions.DEFAULT_OFFLINE_BUFFER_MAX_MESSAGES, o.offlineBufferMaxMessages());
        assertEquals(MqttClientOptions.DEFAULT_OFFLINE_BUFFER_MAX_BYTES, o.offlineBufferMaxBytes());
        assertEquals(BufferOverflowPolicy.REJECT, o.offlineBufferOverflow());
        assertTrue(o.isBufferQos0WhileOffline());
        assertTrue(o.sessionStore().isEmpty());
        assertTrue(o.credentials().isEmpty());
        assertTrue(o.lifecycleListeners().isEmpty());
    }

    @Test
    void severalServersKeepTheirOrderAndTheFirstIsTheServerUri() {
        MqttClientOptions o = MqttClientOptions.builder()
                .serverUris(java.util.List.of("mqtt://a:1", "mqtt://b:2")).addServerUri("tcp://c").build();
        assertEquals(java.util.List.of("mqtt://a:1", "mqtt://b:2", "tcp://c"),
                o.serverUris().stream().map(Object::toString).toList());
        assertEquals("a", o.host());
        assertEquals(o.serverUris(), o.toBuilder().build().serverUris(), "toBuilder keeps every server");
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder()
                .serverUris(java.util.List.of("mqtt://a", "http://b")).build(), "every URI is checked");
    }

    @Test
    void retryingTheFirstConnectNeedsReconnect() {
        assertThrows(IllegalArgumentException.class,
                () -> base().automaticReconnect(false).retryFirstConnect(true).build());
        assertThrows(IllegalArgumentException.class, () -> base().offlineBuffer(-1, 10).build());
    }

    @Test
    void optionsForTheSameServersShareOneParsedList() {
        MqttClientOptions a = MqttClientOptions.builder().server("fleet.example", 1883).clientId("a").build();
        MqttClientOptions b = MqttClientOptions.builder().server("fleet.example", 1883).clientId("b").build();
        assertSame(a.serverUris(), b.serverUris(), "a fleet holds one list of URIs, not one per client");
        assertSame(a.serverUris(), a.toBuilder().clientId("c").build().serverUris());
        MqttClientOptions other = MqttClientOptions.builder().server("fleet.example", 1884).build();
        assertEquals(1884, other.port(), "another server is parsed, not taken from the last options");
        assertEquals("fleet.example", other.host());
        assertThrows(IllegalArgumentException.class, () -> MqttClientOptions.builder()
                .serverUri("http://fleet.example:1883").build(), "a bad URI is checked after a good one");
        assertEquals(1883, MqttClientOptions.builder().server("fleet.example", 1883).build().port());
    }
}
