package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.netty.internal.dispatch.SerialExecutor;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PubAckPacket;
import dev.tern.mqtt.netty.internal.packet.PubCompPacket;
import dev.tern.mqtt.netty.internal.packet.PubRecPacket;
import dev.tern.mqtt.netty.internal.packet.PubRelPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.reason.DisconnectReasonCode;
import dev.tern.mqtt.reason.PubCompReasonCode;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiving half of the session: incoming PUBLISH and PUBREL. Resolves topic aliases (per connection), holds a
 * server that exceeds our Receive Maximum back ({@link ReadPause}), acknowledges once the message was handed over, and
 * delivers a QoS 2 message once per session:
 * the packet identifiers awaiting PUBREL survive reconnects (and, through the store, restarts) as long as the server
 * keeps the session. Event loop only.
 */
final class InboundFlow {

    private static final Logger log = LoggerFactory.getLogger(InboundFlow.class);

    private final EventLoop loop;
    /**
     * Acknowledgements decided off the event loop (on the callback executor, or the application's threads with manual
     * acknowledgement), handed to it many per task: one task and one wake-up per received message was a large part of
     * receiving. One decided on the loop (the message router knew at once that the handler's turn had come) skips
     * it. Made for the first QoS 1 or 2 message (an idle or publish-only client never needs it). Created and read on
     * the event loop only.
     */
    private SerialExecutor acknowledgements;
    /** The acknowledgements in the order their messages came; made with {@link #acknowledgements}. */
    private AckOrder ackOrder;
    private final SessionListener listener;
    private final StoreWriter store;

    // session state
    /**
     * Inbound QoS 2 packet ids not yet released by PUBREL; the value says whether PUBREC was sent. Null until the
     * first QoS 2 message: most clients never receive one.
     */
    private Map<Integer, Boolean> inboundQos2;

    // connection state
    private Channel channel;
    private MqttVersion version = MqttVersion.MQTT_5_0;
    private int receiveMaximum = 65_535;
    private int topicAliasMaximum;
    private int inboundUnacked;
    /** Whether this connection's server went beyond our Receive Maximum (told once per connection). */
    private boolean exceeded;
    /** Whether any connection of this client's went beyond it: the first time is a WARN, later ones DEBUG. */
    private boolean exceededBefore;
    private final ReadPause readPause = new ReadPause();
    /** The server's topic aliases on this connection; null until it defines one. */
    private Map<Integer, String> inboundAliases;

    InboundFlow(EventLoop loop, SessionListener listener, StoreWriter store) {
        this.loop = loop;
        this.listener = listener;
        this.store = store;
        for (int id : store.store().inboundQos2()) {
            qos2().put(id, Boolean.TRUE); // delivered by an earlier client: answer a resend with PUBREC
        }
    }

    /** A new connection: aliases start empty; our limits as sent in CONNECT. */
    void attach(Channel channel, MqttVersion version, int receiveMaximum, int topicAliasMaximum) {
        this.channel = channel;
        this.version = version;
        this.receiveMaximum = receiveMaximum;
        this.topicAliasMaximum = topicAliasMaximum;
        inboundAliases = null;
        exceeded = false;
        readPause.attach(channel, receiveMaximum);
    }

    /**
     * After CONNACK: on a resumed session the QoS 2 messages awaiting PUBREL still count against our Receive Maximum;
     * on a new one they are forgotten (MQTT-3.2.2-5), so the same packet identifiers are new messages again.
     */
    void activate(boolean sessionPresent) {
        if (!sessionPresent) {
            inboundQos2 = null;
            store.write(s -> s.clearInboundQos2());
            if (ackOrder != null) {
                ackOrder.sessionEnded();
            }
        }
        inboundUnacked = inboundQos2 == null ? 0 : inboundQos2.size();
    }

    void detach() {
        channel = null;
        if (ackOrder != null) {
            ackOrder.connectionEnded(); // the server resends this connection's unacknowledged QoS 1 messages
        }
    }

    /** A PUBLISH from the server: resolve its topic alias, enforce our receive maximum, deliver exactly once. */
    void onPublish(PublishPacket p) {
        String topic = p.topic();
        Integer alias = p.topicAlias();
        if (alias != null) {
            if (alias == 0 || alias > topicAliasMaximum) {
                listener.protocolError(DisconnectReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias
                        + " is outside 1.." + topicAliasMaximum + " (our topic alias maximum)");
                return;
            }
            if (topic.isEmpty()) {
                topic = inboundAliases == null ? null : inboundAliases.get(alias);
                if (topic == null) {
                    listener.protocolError(DisconnectReasonCode.TOPIC_ALIAS_INVALID,
                            "PUBLISH uses topic alias " + alias + ", which the server never defined");
                    return;
                }
            } else {
                if (inboundAliases == null) {
                    inboundAliases = new HashMap<>();
                }
                inboundAliases.put(alias, topic);
            }
        } else if (topic.isEmpty()) {
            listener.protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "PUBLISH with neither topic nor alias");
            return;
        }
        Publish message;
        try {
            message = PacketMapper.message(p, topic);
        } catch (IllegalArgumentException e) {
            listener.protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "invalid PUBLISH: " + e.getMessage());
            return;
        }
        int id = p.packetId();
        Channel receivedOn = channel;
        switch (p.qos()) {
            case AT_MOST_ONCE:
                listener.deliver(message, null);
                break;
            case AT_LEAST_ONCE:
                countInbound();
                listener.deliver(message, inOrder(() -> {
                    // a PUBACK belongs to the connection the PUBLISH came on; on a new one the server resends
                    if (channel == receivedOn && channel != null) {
                        inboundUnacked--;
                        send(PubAckPacket.of(id));
                        readPause.decided();
                    }
                }, true));
                break;
            case EXACTLY_ONCE:
                Boolean pubRecSent = inboundQos2 == null ? null : inboundQos2.get(id);
                if (pubRecSent != null) {
                    // the server resent a message we already have: never deliver it twice
                    if (pubRecSent) {
                        inOrder(() -> send(PubRecPacket.of(id)), true).run(); // decided now, sent in its turn
                    }
                    return;
                }
                countInbound();
                qos2().put(id, Boolean.FALSE);
                store.write(s -> s.addInboundQos2(id));
                listener.deliver(message, inOrder(() -> {
                    if (inboundQos2 != null && inboundQos2.containsKey(id)) {
                        inboundQos2.put(id, Boolean.TRUE);
                        if (channel != null) {
                            send(PubRecPacket.of(id));
                        }
                    }
                    if (channel == receivedOn && channel != null) {
                        readPause.decided();
                    }
                }, false));
                break;
            default:
                throw new IllegalStateException();
        }
    }

    /**
     * Counts a QoS 1 or 2 message against our Receive Maximum, and holds reading back while the application has more
     * than that in hand. A server beyond the maximum is told of in the log, not disconnected (see {@link ReadPause}).
     */
    private void countInbound() {
        if (++inboundUnacked > receiveMaximum && !exceeded) {
            exceeded = true;
            String what = "the server sent more than our receive maximum of {} unacknowledged QoS 1 and 2 messages"
                    + " (as Mosquitto 2.0 does when it resends a resumed session's queue); the client takes them in"
                    + " and stops reading while the application holds more than that";
            if (exceededBefore) {
                log.debug(what, receiveMaximum);
            } else {
                exceededBefore = true;
                log.warn(what, receiveMaximum);
            }
        }
        readPause.handedOver();
    }

    /** PUBREL: release an inbound QoS 2 packet identifier and answer PUBCOMP. */
    void onPubRel(PubRelPacket p) {
        Boolean known = inboundQos2 == null ? null : inboundQos2.remove(p.packetId());
        if (known != null) {
            inboundUnacked--;
            store.write(s -> s.removeInboundQos2(p.packetId()));
            send(PubCompPacket.of(p.packetId()));
        } else {
            send(new PubCompPacket(p.packetId(), version == MqttVersion.MQTT_5_0
                    ? PubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND : PubCompReasonCode.SUCCESS, null, List.of()));
        }
    }

    private Map<Integer, Boolean> qos2() {
        if (inboundQos2 == null) {
            inboundQos2 = new HashMap<>();
        }
        return inboundQos2;
    }

    /**
     * Queues {@code send} behind the acknowledgements of the messages that came before, and returns the decision: a
     * runnable, safe to call from any thread (more than once), that lets it go once its turn comes.
     *
     * @param connectionBound whether the acknowledgement is moot once this connection ends
     */
    private Runnable inOrder(Runnable send, boolean connectionBound) {
        if (acknowledgements == null) {
            acknowledgements = new SerialExecutor(loop);
            ackOrder = new AckOrder();
        }
        return new Decision(acknowledgements, ackOrder, ackOrder.take(send, connectionBound));
    }

    /**
     * A message's acknowledgement decided: on the event loop it takes effect at once; from another thread it is handed
     * to the loop through the ordered lane (as itself, so no object beyond this one per message). The lane and order
     * are final fields, so the hand-over to the deciding thread publishes them.
     */
    private final class Decision implements Runnable {
        private final SerialExecutor lane;
        private final AckOrder order;
        private final long ticket;

        Decision(SerialExecutor lane, AckOrder order, long ticket) {
            this.lane = lane;
            this.order = order;
            this.ticket = ticket;
        }

        @Override
        public void run() {
            if (loop.inEventLoop()) {
                order.decided(ticket);
            } else {
                lane.execute(this);
            }
        }
    }

    private void send(MqttPacket packet) {
        if (channel != null) {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }
}
