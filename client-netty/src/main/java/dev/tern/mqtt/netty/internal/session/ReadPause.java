package dev.tern.mqtt.netty.internal.session;

import io.netty.channel.Channel;

/**
 * Stops reading from the socket while the application holds more received QoS 1 and 2 messages than our Receive
 * Maximum (handed over, acknowledgement not yet decided), and reads again once it is back within it.
 *
 * <p>Our Receive Maximum is what bounds the messages the client holds, so a server that keeps to it never triggers
 * this. One that does not (Mosquitto 2.0 sends a resumed session's queued messages all at once) would otherwise fill
 * memory as fast as it writes. Disconnecting with Receive Maximum exceeded instead, as MQTT 5.0 section 3.3.4 has a
 * client do, makes such a server send the same backlog again on the next connection, and round again; paused reads
 * leave the server to TCP's flow control and lose nothing. Messages awaiting PUBREL do not count: their release is
 * itself a packet to read. Event loop only.
 */
final class ReadPause {

    private Channel channel;
    private int limit = Integer.MAX_VALUE;
    private int held;
    private boolean paused;

    /** A new connection with our Receive Maximum as sent in CONNECT: nothing held on it yet, reading on. */
    void attach(Channel channel, int limit) {
        this.channel = channel;
        this.limit = limit;
        held = 0;
        paused = false;
    }

    /** A QoS 1 or 2 message of this connection was handed to the application. */
    void handedOver() {
        if (++held > limit && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** The acknowledgement of a message handed over on this connection was decided. */
    void decided() {
        if (--held <= limit && paused) {
            paused = false;
            channel.config().setAutoRead(true); // reads at once what waited in the socket
        }
    }

    /** Whether reading is paused now. */
    boolean isPaused() {
        return paused;
    }
}
