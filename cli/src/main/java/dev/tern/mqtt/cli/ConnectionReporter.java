package dev.tern.mqtt.cli;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.exceptions.MqttException;
import dev.tern.mqtt.lifecycle.ConnectedEvent;
import dev.tern.mqtt.lifecycle.DisconnectedEvent;
import dev.tern.mqtt.lifecycle.LifecycleListener;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;

/**
 * Hears the client's connection come and go for {@code pub} and {@code sub}: says on stderr when the connection is
 * lost and when it is back (one line each, so a person sees why nothing happens for a while; stdout stays clean),
 * and completes {@link #ended()} when the connection is gone for good: lost with {@code --no-reconnect}, the
 * reconnect policy gave up, or the command disconnected. Called on the client's callback executor.
 */
final class ConnectionReporter implements LifecycleListener {

    private final String command;
    private final PrintWriter err;
    private final CompletableFuture<MqttException> ended = new CompletableFuture<>();

    /** @param command the prefix of each line, {@code mqtt pub} or {@code mqtt sub} */
    ConnectionReporter(String command, PrintWriter err) {
        this.command = command;
        this.err = err;
    }

    /** Completes with the cause once no connection will come back by itself. */
    CompletableFuture<MqttException> ended() {
        return ended;
    }

    @Override
    public void onDisconnected(DisconnectedEvent event) {
        if (event.willReconnect()) {
            say("%s; reconnecting", Failures.describe(event.cause()));
        } else {
            ended.complete(event.cause());
        }
    }

    @Override
    public void onConnected(ConnectedEvent event) {
        if (event.isReconnect()) {
            int port = event.serverUri().getPort();
            say("reconnected to %s:%d (%s)", event.serverUri().getHost(),
                    port < 0 ? MqttClientOptions.DEFAULT_PORT : port,
                    event.isSessionPresent() ? "the broker kept the session" : "new session");
        }
    }

    private void say(String format, Object... args) {
        err.println(command + ": " + String.format(format, args));
        err.flush();
    }
}
