package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.MqttClientOptions;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.internal.PublishFields;
import dev.tern.mqtt.internal.PublishHandover;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.message.PayloadFormat;
import dev.tern.mqtt.message.Publish;
import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.message.Subscription;
import dev.tern.mqtt.message.Will;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import dev.tern.mqtt.netty.internal.packet.SubscriptionRequest;
import dev.tern.mqtt.netty.internal.packet.WillMessage;
import dev.tern.mqtt.spi.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Translates between the public value types and the internal packet records. For MQTT 3.1.1 the MQTT 5.0-only
 * fields are left out here (and that is logged at debug level), so nothing is silently misencoded. Stateless.
 */
public final class PacketMapper {

    private static final Logger log = LoggerFactory.getLogger(PacketMapper.class);
    private static final PublishFields.Reader FIELDS = PublishFields.reader();

    private PacketMapper() {
    }

    /** The CONNECT for these options, client id and protocol version. Never logs the password. */
    public static ConnectPacket connect(MqttClientOptions o, String clientId, MqttVersion version) {
        return connect(o, clientId, version, o.isCleanStart(), null);
    }

    /**
     * The CONNECT for these options, client id, protocol version and clean start flag, with {@code credentials}
     * (from a provider) instead of the options' user name and password when not null. Never logs the password.
     */
    public static ConnectPacket connect(MqttClientOptions o, String clientId, MqttVersion version,
            boolean cleanStart, Credentials credentials) {
        boolean v5 = version == MqttVersion.MQTT_5_0;
        String username = credentials != null ? credentials.username().orElse(null) : o.username().orElse(null);
        ByteBuffer password = (credentials != null ? credentials.password() : o.password())
                .map(ByteBuffer::wrap).orElse(null);
        WillMessage will = o.will().map(w -> will(w, v5)).orElse(null);
        if (!v5) {
            if (o.sessionExpiryInterval() != 0 || o.receiveMaximum() != MqttClientOptions.DEFAULT_RECEIVE_MAXIMUM
                    || o.maximumPacketSize() != MqttClientOptions.DEFAULT_MAXIMUM_PACKET_SIZE
                    || o.topicAliasMaximum() != 0 || !o.userProperties().isEmpty()) {
                log.debug("MQTT 3.1.1: session expiry, receive maximum, maximum packet size, topic alias maximum"
                        + " and user properties are MQTT 5.0 settings and are not sent");
            }
            return new ConnectPacket(version, clientId, cleanStart, o.keepAliveSeconds(), username, password, will,
                    null, null, null, null, null, null, null, null, List.of());
        }
        return new ConnectPacket(version, clientId, cleanStart, o.keepAliveSeconds(), username, password, will,
                o.sessionExpiryInterval() == 0 ? null : o.sessionExpiryInterval(),
                o.receiveMaximum() == MqttClientOptions.DEFAULT_RECEIVE_MAXIMUM ? null : o.receiveMaximum(),
                o.maximumPacketSize() == MqttClientOptions.DEFAULT_MAXIMUM_PACKET_SIZE ? null : o.maximumPacketSize(),
                o.topicAliasMaximum() == 0 ? null : o.topicAliasMaximum(),
                null, null, null, null, o.userProperties());
    }

    private static WillMessage will(Will w, boolean v5) {
        Publish m = w.message();
        if (!v5) {
            if (w.delayInterval().isPresent() || FIELDS.hasProperties(m)) {
                log.debug("MQTT 3.1.1: will delay and will properties are MQTT 5.0 settings and are not sent");
            }
            return WillMessage.of(m.topic(), m.payload(), m.qos(), m.isRetain());
        }
        return new WillMessage(m.topic(), m.payload(), m.qos(), m.isRetain(),
                w.delayInterval().isPresent() ? w.delayInterval().getAsLong() : null,
                m.payloadFormat().map(PayloadFormat::code).orElse(null),
                m.messageExpiryInterval().isPresent() ? m.messageExpiryInterval().getAsLong() : null,
                m.contentType().orElse(null), m.responseTopic().orElse(null), m.correlationData().orElse(null),
                m.userProperties());
    }

    /**
     * The PUBLISH for a message; {@code packetId} 0 for QoS 0. The packet shares the message's payload and
     * correlation data buffers (read-only; nothing moves them), read through {@link PublishFields}: no view and no
     * {@code Optional} per message.
     */
    public static PublishPacket publish(Publish m, int packetId, MqttVersion version) {
        return publish(m, packetId, sendsProperties(m, version));
    }

    /**
     * The PUBLISH for a message, with its MQTT 5.0 properties or without any, as {@link #sendsProperties} decided for
     * the version (a caller that already asked passes the answer, so a 3.1.1 message is logged once).
     */
    static PublishPacket publish(Publish m, int packetId, boolean withProperties) {
        ByteBuffer payload = FIELDS.payload(m);
        if (!withProperties) {
            return PublishPacket.of(m.topic(), m.qos(), m.isRetain(), packetId, payload);
        }
        PayloadFormat format = FIELDS.payloadFormat(m);
        return new PublishPacket(false, m.qos(), m.isRetain(), m.topic(), packetId, payload,
                format == null ? null : format.code(), FIELDS.messageExpiryInterval(m), null,
                FIELDS.responseTopic(m), FIELDS.correlationData(m), m.userProperties(), List.of(),
                FIELDS.contentType(m));
    }

    /**
     * Whether the PUBLISH for a message in {@code version} carries properties: the message has some, and the version
     * is MQTT 5.0. On MQTT 3.1.1 a message's properties are left out, and that is logged at debug level here.
     */
    public static boolean sendsProperties(Publish m, MqttVersion version) {
        if (!FIELDS.hasProperties(m)) {
            return false;
        }
        if (version != MqttVersion.MQTT_5_0) {
            log.debug("MQTT 3.1.1: the MQTT 5.0 properties of a message to {} are not sent", m.topic());
            return false;
        }
        return true;
    }

    /**
     * The message a received PUBLISH carries; {@code topic} is the resolved topic (after any topic alias). The
     * payload and correlation data are handed over, not copied: the decoder made them read-only copies of their own.
     */
    public static Publish message(PublishPacket p, String topic) {
        Publish.Builder b = Publish.builder()
                .topic(topic)
                .qos(p.qos())
                .retain(p.retain())
                .messageExpiryInterval(p.messageExpiryInterval())
                .contentType(p.contentType())
                .userProperties(p.userProperties())
                .subscriptionIdentifiers(p.subscriptionIdentifiers());
        if (p.payloadFormatIndicator() != null) {
            b.payloadFormat(PayloadFormat.fromCode(p.payloadFormatIndicator()));
        }
        if (p.responseTopic() != null) {
            b.responseTopic(p.responseTopic());
        }
        PublishHandover.payload(b, p.payload());
        PublishHandover.correlationData(b, p.correlationData());
        return b.build();
    }

    /** The public view of a CONNACK, with the specification's defaults for absent properties. */
    public static ConnAck connAck(ConnAckPacket p) {
        ConnAck.Builder b = ConnAck.builder()
                .sessionPresent(p.sessionPresent())
                .reasonCode(p.reasonCode())
                .reasonString(p.reasonString())
                .assignedClientId(p.assignedClientIdentifier())
                .serverKeepAlive(p.serverKeepAlive())
                .sessionExpiryInterval(p.sessionExpiryInterval())
                .maximumPacketSize(p.maximumPacketSize())
                .responseInformation(p.responseInformation())
                .serverReference(p.serverReference())
                .userProperties(p.userProperties());
        if (p.receiveMaximum() != null) {
            b.receiveMaximum(p.receiveMaximum());
        }
        if (p.maximumQos() != null) {
            b.maximumQos(Qos.fromCode(p.maximumQos()));
        }
        if (p.retainAvailable() != null) {
            b.retainAvailable(p.retainAvailable() == 1);
        }
        if (p.topicAliasMaximum() != null) {
            b.topicAliasMaximum(p.topicAliasMaximum());
        }
        if (p.wildcardSubscriptionAvailable() != null) {
            b.wildcardSubscriptionAvailable(p.wildcardSubscriptionAvailable() == 1);
        }
        if (p.subscriptionIdentifiersAvailable() != null) {
            b.subscriptionIdentifiersAvailable(p.subscriptionIdentifiersAvailable() == 1);
        }
        if (p.sharedSubscriptionAvailable() != null) {
            b.sharedSubscriptionAvailable(p.sharedSubscriptionAvailable() == 1);
        }
        return b.build();
    }

    /** The SUBSCRIBE entry for a subscription; MQTT 5.0 options dropped (and logged) on 3.1.1. */
    public static SubscriptionRequest subscription(Subscription s, MqttVersion version) {
        if (version != MqttVersion.MQTT_5_0) {
            if (s.isNoLocal() || s.isRetainAsPublished()
                    || s.retainHandling() != dev.tern.mqtt.message.RetainHandling.SEND_ON_SUBSCRIBE) {
                log.debug("MQTT 3.1.1: no-local, retain-as-published and retain handling of {} are not sent",
                        s.topicFilter());
            }
            return SubscriptionRequest.of(s.topicFilter(), s.qos());
        }
        return new SubscriptionRequest(s.topicFilter(), s.qos(), s.isNoLocal(), s.isRetainAsPublished(),
                s.retainHandling());
    }
}
