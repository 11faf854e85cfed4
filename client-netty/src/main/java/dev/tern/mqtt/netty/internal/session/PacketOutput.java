package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.nio.channels.ClosedChannelException;

/**
 * Where the outgoing flow writes packets on one connection: straight into the {@link MqttEncoderHandler}'s gathered
 * buffer when the pipeline has one, else through the channel (tests on an EmbeddedChannel read packets back).
 *
 * <p>Why: writing each PUBLISH through the pipeline cost a trip from its tail to the encoder and, for QoS 1 and 2, a
 * new packet record per send (for its packet identifier); together they were about a third of the event loop's time
 * per message. Appending to the encoder keeps the order of every write on the channel, since pipeline writes end up
 * in the same buffer. Flushes still go through the pipeline, so flush consolidation and keep-alive see them. Event
 * loop only.
 */
final class PacketOutput {

    private final Channel channel;
    /** Null: write through the channel. */
    private final MqttEncoderHandler encoder;
    /** Whether a flush was asked for and had not reached the encoder when {@link #awaitedAfter} flushes had. */
    private boolean flushAwaited;
    private long awaitedAfter;

    private PacketOutput(Channel channel, MqttEncoderHandler encoder) {
        this.channel = channel;
        this.encoder = encoder;
    }

    static PacketOutput of(Channel channel) {
        return new PacketOutput(channel, channel.pipeline().get(MqttEncoderHandler.class));
    }

    /**
     * Writes the PUBLISH of {@code op} (not flushed): a message without properties as the publishing thread encoded
     * it (copied and patched), or else straight from its fields into the encoder's buffer, with just a topic alias
     * on a connection that gives topics aliases; one with properties from the packet it keeps mapped with the packet
     * identifier and DUP given; and through a new packet record only when its expiry or a topic alias must be
     * patched into its properties. The bytes encoded ahead are dropped, unused, whenever an alias goes with the
     * message: the alias changes the topic's length and the property block, which are in the middle of them.
     *
     * @param aliases the connection's topic aliases, or {@link TopicAliases#NONE} for this message
     * @param observe whether to return a future of the write (QoS 0 succeeds when written); else returns null
     */
    ChannelFuture publish(OutgoingPublish op, MqttVersion version, TopicAliases aliases, boolean dup,
            boolean observe) {
        boolean aliased = aliases != TopicAliases.NONE;
        if (encoder == null || !op.sendsAsMapped(version) || aliased && !op.plain(version)) {
            op.preparedPacketUnusable();
            return write(aliases.apply(op.packet(version, dup)), observe);
        }
        ChannelFuture written = observe ? encoder.gatheredWritten() : null;
        try {
            boolean appended;
            Publish m = op.message;
            if (aliased) {
                op.preparedPacketUnusable();
                int alias = aliases.aliasFor(m.topic()); // a valid topic: the session's size check encoded it
                appended = encoder.appendAliasedPublish(alias < 0 ? "" : m.topic(), Math.abs(alias), m.qos(),
                        m.isRetain(), op.payload(), op.packetId(), dup);
            } else if (op.plain(version)) {
                byte[] prepared = op.takePreparedPacket(version, dup);
                appended = prepared != null
                        ? encoder.appendPublish(prepared, op.packetId(), dup)
                        : encoder.appendPublish(m.topic(), m.qos(), m.isRetain(), op.payload(), op.packetId(), dup);
            } else {
                appended = encoder.appendPublish(op.mapped(version), op.packetId(), dup);
            }
            if (!appended) {
                return observe ? channel.newFailedFuture(new ClosedChannelException()) : null;
            }
        } catch (IllegalArgumentException e) {
            return failed(e, observe);
        }
        return written;
    }

    /** Writes a packet (not flushed). */
    void write(MqttPacket packet) {
        write(packet, false);
    }

    private ChannelFuture write(MqttPacket packet, boolean observe) {
        if (encoder == null) {
            if (observe) {
                return channel.write(packet);
            }
            channel.write(packet, channel.voidPromise());
            return null;
        }
        ChannelFuture written = observe ? encoder.gatheredWritten() : null;
        try {
            if (!encoder.append(packet)) {
                return observe ? channel.newFailedFuture(new ClosedChannelException()) : null;
            }
        } catch (IllegalArgumentException e) {
            return failed(e, observe);
        }
        return written;
    }

    /** What a write through the pipeline does with a packet that cannot be encoded. */
    private ChannelFuture failed(IllegalArgumentException e, boolean observe) {
        if (observe) {
            return channel.newFailedFuture(e);
        }
        channel.pipeline().fireExceptionCaught(e); // as a failed write with the channel's void promise would
        return null;
    }

    /**
     * Asks for a flush, unless one asked for earlier has not reached the encoder yet: it will carry what was written
     * since. Why: the drain of a publish batch asked once per message, each a trip through the pipeline.
     */
    void flush() {
        if (encoder == null) {
            channel.flush();
            return;
        }
        long before = encoder.flushes();
        if (flushAwaited && before == awaitedAfter) {
            return;
        }
        channel.flush();
        flushAwaited = encoder.flushes() == before; // held back by flush consolidation, or done at once
        awaitedAfter = before;
    }
}
