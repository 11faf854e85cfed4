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

import java.util.ArrayList;
import java.util.List;

/**
 * Eclipse Paho's MQTT 5.0 {@code MqttAsyncClient} with in-memory persistence. Its in-flight limit is the server's
 * Receive Maximum, so no option is needed to raise it.
 */
final class Paho5Driver implements ClientDriver {

    private MqttAsyncClient client;

    private static MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        return options;
    }

    @Override
    public void connect(String host, int port, String clientId) throws Exception {
        client = new MqttAsyncClient("tcp://" + host + ":" + port, clientId, new MemoryPersistence());
        client.connect(options()).waitForCompletion(30_000);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion done) throws Exception {
        client.publish(topic, payload, qos, false, null, new MqttActionListener() {
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
        MqttConnectionOptions keepSession = options();
        keepSession.setCleanStart(false);
        keepSession.setSessionExpiryInterval(3600L);
        client.connect(keepSession).waitForCompletion(30_000);
    }

    @Override
    public Fleet openFleet(String host, int port, int n, int parallel, String idPrefix) throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>(n);
        CallbackConnects connects = new CallbackConnects(n, parallel);
        MqttActionListener listener = new MqttActionListener() {
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
