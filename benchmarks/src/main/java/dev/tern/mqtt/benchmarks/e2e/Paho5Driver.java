package dev.tern.mqtt.benchmarks.e2e;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Eclipse Paho's MQTT 5.0 {@code MqttAsyncClient} with in-memory persistence. Its in-flight limit is the server's
 * Receive Maximum, so no option is needed to raise it.
 */
final class Paho5Driver extends PahoDriver<MqttAsyncClient> {

    private static MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        return options;
    }

    @Override
    MqttAsyncClient newClient(String serverUri, String clientId) throws Exception {
        return new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    }

    @Override
    void connectAndWait(MqttAsyncClient c, boolean keepSession) throws Exception {
        MqttConnectionOptions options = options();
        if (keepSession) {
            options.setCleanStart(false);
            options.setSessionExpiryInterval(3600L);
        }
        c.connect(options).waitForCompletion(WAIT_MILLIS);
    }

    @Override
    void disconnectAndWait(MqttAsyncClient c) throws Exception {
        c.disconnect().waitForCompletion(WAIT_MILLIS);
    }

    @Override
    void close(MqttAsyncClient c) throws Exception {
        c.close();
    }

    @Override
    FleetConnect<MqttAsyncClient> fleetConnect(Completion done) {
        MqttActionListener listener = completing(done); // one for the fleet
        return c -> c.connect(options(), null, listener);
    }

    /** A listener that tells {@code done} how the action ended: one per publish, as an application would. */
    private static MqttActionListener completing(Completion done) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.complete(failure);
            }
        };
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion done) throws Exception {
        client.publish(topic, payload, qos, false, null, completing(done));
    }

    @Override
    public void subscribe(String topic, int qos, Runnable onMessage) throws Exception {
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                onMessage.run();
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.subscribe(topic, qos).waitForCompletion(WAIT_MILLIS);
    }
}
