package dev.tern.mqtt;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of the WebSocket transport for {@code ws://} and {@code wss://} servers (the path comes from the server
 * URI, for example {@code wss://broker.example.com:8884/mqtt}). The client always asks for the subprotocol
 * {@code mqtt} and sends MQTT packets in binary frames.
 *
 * <pre>{@code
 * WebSocketOptions ws = WebSocketOptions.builder()
 *         .headers(() -> Map.of("Authorization", "Bearer " + tokens.current()))  // called on every connect
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows header values.
 */
public final class WebSocketOptions {

    /** The subprotocol the client asks for (MQTT 5.0 section 6.0): {@value}. */
    public static final String SUBPROTOCOL = "mqtt";
    /** The largest frame payload the client sends unless told otherwise: 65,536 bytes. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 65_536;

    private static final WebSocketOptions DEFAULTS = builder().build();

    private final Supplier<Map<String, String>> headers;
    private final int maxFrameSize;

    private WebSocketOptions(Builder b) {
        headers = b.headers;
        maxFrameSize = b.maxFrameSize;
    }

    /** No extra headers, frames of at most {@link #DEFAULT_MAX_FRAME_SIZE} bytes. */
    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The supplier of extra HTTP headers for the upgrade request. The client calls it on its I/O thread before every
     * connection attempt, so it can hand out a fresh token each time; it must return quickly (read a cached value,
     * do not fetch one).
     */
    public Supplier<Map<String, String>> headers() {
        return headers;
    }

    /**
     * The largest frame payload the client sends: a longer MQTT packet goes out in several frames. The client
     * accepts frames up to the larger of this and the client's maximum packet size.
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Describes the options; header values are never shown. */
    @Override
    public String toString() {
        return "WebSocketOptions[subprotocol=" + SUBPROTOCOL + ", maxFrameSize=" + maxFrameSize + "]";
    }

    /** Builds {@link WebSocketOptions}. */
    public static final class Builder {

        private Supplier<Map<String, String>> headers = Map::of;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

        private Builder() {
        }

        /** Fixed extra headers for the upgrade request (copied). */
        public Builder headers(Map<String, String> headers) {
            Map<String, String> copy = Map.copyOf(headers);
            this.headers = () -> copy;
            return this;
        }

        /** Extra headers computed before every connection attempt; see {@link WebSocketOptions#headers()}. */
        public Builder headers(Supplier<Map<String, String>> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** The largest frame payload to send, at least 16 bytes; default {@link #DEFAULT_MAX_FRAME_SIZE}. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalArgumentException if the frame size is below 16 bytes
         */
        public WebSocketOptions build() {
            if (maxFrameSize < 16) {
                throw new IllegalArgumentException("max frame size must be at least 16 bytes, was " + maxFrameSize);
            }
            return new WebSocketOptions(this);
        }
    }
}
