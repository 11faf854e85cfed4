package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerLimitsTest {

    @Test
    void noneKeepsEveryDefault() {
        assertTrue(BrokerLimits.NONE.isNone());
        assertFalse(BrokerLimits.NONE.withReceiveMaximum(2).isNone());
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> BrokerLimits.NONE.withReceiveMaximum(0));
        assertThrows(IllegalArgumentException.class, () -> BrokerLimits.NONE.withMaximumQos(3));
        assertThrows(IllegalArgumentException.class, () -> BrokerLimits.NONE.withTopicAliasMaximum(65536));
    }

    @Test
    void hiveMqConfigHasListenerPersistenceAndLimits() {
        String xml = EmbeddedHiveMq.configXml(40123,
                BrokerLimits.NONE.withReceiveMaximum(2).withMaximumPacketSize(1024).withTopicAliasMaximum(0));
        assertTrue(xml.contains("<tcp-listener><port>40123</port><bind-address>127.0.0.1</bind-address>"), xml);
        assertTrue(xml.contains("<persistence><mode>in-memory</mode></persistence>"), xml);
        assertTrue(xml.contains("<anonymous-usage-statistics><enabled>false</enabled>"), xml);
        assertTrue(xml.contains("<receive-maximum><server-receive-maximum>2</server-receive-maximum>"), xml);
        assertTrue(xml.contains("<packets><max-packet-size>1024</max-packet-size></packets>"), xml);
        assertTrue(xml.contains("<topic-alias><enabled>false</enabled></topic-alias>"), xml);
    }

    @Test
    void hiveMqConfigWithoutLimitsHasNoMqttSection() {
        assertFalse(EmbeddedHiveMq.configXml(40123, BrokerLimits.NONE).contains("<mqtt>"));
    }

    @Test
    void mosquittoConfigPutsListenerOptionsAfterTheListener() {
        String conf = Mosquitto.config(40123, Path.of("/tmp/x/mosquitto.log"),
                BrokerLimits.NONE.withTopicAliasMaximum(4).withReceiveMaximum(3).withMaximumQos(1));
        assertEquals("""
                per_listener_settings false
                allow_anonymous true
                persistence false
                set_tcp_nodelay true
                log_dest file /tmp/x/mosquitto.log
                log_timestamp_format %Y-%m-%dT%H:%M:%S
                max_inflight_messages 3
                listener 40123 127.0.0.1
                max_topic_alias 4
                max_qos 1
                """, conf);
    }

    @Test
    void hiveMqConfigCanTurnWildcardSubscriptionsOff() {
        String xml = EmbeddedHiveMq.configXml(40123, BrokerLimits.NONE.withWildcardSubscriptionAvailable(0));
        assertTrue(xml.contains("<wildcard-subscriptions><enabled>false</enabled></wildcard-subscriptions>"), xml);
        assertThrows(IllegalArgumentException.class, () -> Mosquitto.config(40123, Path.of("/tmp/x/mosquitto.log"),
                BrokerLimits.NONE.withWildcardSubscriptionAvailable(0)));
    }

    @Test
    void mosquittoPluginLinesComeBeforeTheListener() {
        String conf = Mosquitto.config(40123, Path.of("/tmp/x/mosquitto.log"), BrokerLimits.NONE,
                "plugin /p.so\nplugin_opt_config_file /x/d.json\n");
        assertTrue(conf.endsWith("plugin /p.so\nplugin_opt_config_file /x/d.json\nlistener 40123 127.0.0.1\n"), conf);
    }

    @Test
    void dynamicSecurityDeniesOnlyTheRefusedSubscriptions() {
        String json = Mosquitto.dynamicSecurity("tern/refused/#");
        assertTrue(json.contains("\"subscribe\": true"), json);
        assertTrue(json.contains("{\"acltype\": \"subscribePattern\", \"topic\": \"tern/refused/#\", \"priority\": 0,"
                + " \"allow\": false}"), json);
        assertTrue(json.contains("\"anonymousGroup\": \"anonymous\""), json);
    }

    @Test
    void endpointUri() {
        BrokerEndpoint endpoint = new BrokerEndpoint(BrokerEndpoint.HIVEMQ, "127.0.0.1", 40123);
        assertEquals("mqtt://127.0.0.1:40123", endpoint.uri());
        assertTrue(endpoint.is(BrokerEndpoint.HIVEMQ));
        assertThrows(IllegalArgumentException.class, () -> new BrokerEndpoint("x", "127.0.0.1", 0));
    }
}
