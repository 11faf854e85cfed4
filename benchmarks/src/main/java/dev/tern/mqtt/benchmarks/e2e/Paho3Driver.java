package dev.tern.mqtt.benchmarks.e2e;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho's MQTT 3.1.1 {@code MqttAsyncClient} with in-memory persistence and max in-flight raised to 65,535
 * (its default is 10), so the harness's window is what limits it. Each client has its own threads; Paho offers no
 * way to share them beyond an executor that would still hold one long-running task per thread.
 */
final class Paho3Driver extends PahoDriver<MqttAsyncClient> {

    private static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(65_535);
        return options;
    }

    @Override
    MqttAsyncClient newClient(String serverUri, String clientId) throws Exception {
        return new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    }

    @Override
    void connectAndWait(MqttAsyncClient c, boolean keepSession) throws Exception {
        MqttConnectOptions options = options();
        if (keepSession) {
            options.setCleanSession(false);
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
        IMqttActionListener listener = completing(done); // one for the fleet
        return c -> c.connect(options(), null, listener);
    }

    /** A listener that tells {@code done} how the action ended: one per publish, as an application would. */
    private static IMqttActionListener completing(Completion done) {
        return new IMqttActionListener() {
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
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                onMessage.run();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.subscribe(topic, qos).waitForCompletion(WAIT_MILLIS);
    }
}
