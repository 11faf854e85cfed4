package dev.tern.mqtt.lifecycle;

import dev.tern.mqtt.exceptions.MqttException;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** The client will try to connect again after a delay. Immutable. */
public final class ReconnectingEvent {

    private final int attempt;
    private final Duration delay;
    private final MqttException cause;
    private final URI serverUri;

    /**
     * Creates the event.
     *
     * @param attempt 1 for the first attempt after the connection was lost, counting up while attempts fail
     * @param delay how long the client waits before the attempt, as the reconnect policy decided
     * @param cause why the connection ended or the previous attempt failed
     * @param serverUri the server the attempt starts with
     */
    public ReconnectingEvent(int attempt, Duration delay, MqttException cause, URI serverUri) {
        this.attempt = attempt;
        this.delay = Objects.requireNonNull(delay, "delay");
        this.cause = Objects.requireNonNull(cause, "cause");
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
    }

    /** The attempt number, from 1. */
    public int attempt() {
        return attempt;
    }

    /** The delay before the attempt. */
    public Duration delay() {
        return delay;
    }

    /** Why the connection ended or the previous attempt failed. */
    public MqttException cause() {
        return cause;
    }

    /** The server the attempt starts with. */
    public URI serverUri() {
        return serverUri;
    }

    @Override
    public String toString() {
        return "ReconnectingEvent[attempt=" + attempt + ", delay=" + delay + ", server=" + serverUri + ", cause="
                + cause.getMessage() + "]";
    }
}
