package dev.tern.mqtt.benchmarks.e2e;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Eclipse Paho's MQTT 3.1.1 {@code MqttAsyncClient} with in-memory persistence and max in-flight raised to 65,535
 * (its default is 10), so the harness's window is what limits it. Each client has its own threads; Paho offers no
 * way to share them beyond an executor that would still hold one long-running task per thread.
 */
final class Paho3Driver implements ClientDriver {

    private MqttAsyncClient client;

    private static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(65_535);
        return options;
    }

    @Override
    public void connect(String host, int port, String clientId) throws Exception {
        client = new MqttAsyncClient("tcp://" + host + ":" + port, clientId, new MemoryPersistence());
        client.connect(options()).waitForCompletion(30_000);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion done) throws Exception {
        client.publish(topic, payload, qos, false, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.complete(failure);
            }
        });
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
        client.subscribe(topic, qos).waitForCompletion(30_000);
    }

    @Override
    public void disconnect() throws Exception {
        client.disconnect().waitForCompletion(30_000);
        client.close();
    }

    @Override
    public void connectKeepingSession(String host, int port, String clientId) throws Exception {
        client = new MqttAsyncClient("tcp://" + host + ":" + port, clientId, new MemoryPersistence());
        resume();
    }

    @Override
    public void goOffline() throws Exception {
        client.disconnect().waitForCompletion(30_000);
    }

    @Override
    public void resume() throws Exception {
        MqttConnectOptions keepSession = options();
        keepSession.setCleanSession(false);
        client.connect(keepSession).waitForCompletion(30_000);
    }

    @Override
    public Fleet openFleet(String host, int port, int n, int parallel, String idPrefix) throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>(n);
        CallbackConnects connects = new CallbackConnects(n, parallel);
        IMqttActionListener listener = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                connects.finished(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                connects.finished(failure);
            }
        };
        for (int i = 0; i < n; i++) {
            MqttAsyncClient c = new MqttAsyncClient("tcp://" + host + ":" + port, idPrefix + i,
                    new MemoryPersistence());
            clients.add(c);
            connects.beforeConnect();
            c.connect(options(), null, listener);
        }
        connects.awaitAll();
        // Disconnecting one by one waits up to the disconnect timeout each (a second per client); the run is
        // measured by then and its JVM exits next, which closes every socket.
        return () -> {
        };
    }
}
