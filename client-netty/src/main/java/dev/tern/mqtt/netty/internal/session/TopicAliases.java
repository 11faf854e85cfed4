package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outgoing topic aliases (MQTT 5.0 section 3.3.2.3.4) for one connection: every topic gets an alias while the
 * server's Topic Alias Maximum allows; when all are taken, the least recently used topic gives its alias up. The
 * first PUBLISH of a mapping carries topic and alias, later ones only the alias. Aliases live and die with the
 * connection. Event loop only; packets must be written in the order they pass through {@link #aliasFor} (or
 * {@link #apply}, which uses it).
 */
final class TopicAliases {

    /** No aliases: stateless, so one serves every connection without a topic alias maximum. */
    static final TopicAliases NONE = new TopicAliases(0);

    /**
     * The most bytes an alias adds to a PUBLISH: the Topic Alias property (3), and one each where the property
     * block's length and the remaining length grow into another byte of their Variable Byte Integers. A known alias
     * drops the topic's bytes, but a topic of one or two bytes is shorter than the property.
     */
    static final int MOST_BYTES_ADDED = 5;

    private final int maximum;
    /** Topic to alias, least recently used first; null until the first alias (never without a maximum). */
    private LinkedHashMap<String, Integer> byTopic;
    /**
     * The topic of the last answer, so the most recently used in {@link #byTopic}, and its alias. Why: applications
     * publish one topic many times in a row, and asking the access-ordered map again moves nothing (the entry is
     * its last already) but cost a lookup per message. Always in the map: only assigning a new alias evicts, and the
     * new topic then becomes the last.
     */
    private String lastTopic;
    private int lastAlias;

    TopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** Aliases up to {@code maximum}; the shared {@link #NONE} for 0. */
    static TopicAliases upTo(int maximum) {
        return maximum == 0 ? NONE : new TopicAliases(maximum);
    }

    /**
     * The alias for the next PUBLISH to {@code topic}, which it makes the most recently used: positive for an alias
     * new to the server (send the topic with it), negative for the negated alias the server knows (send it with an
     * empty topic); 0 for {@link #NONE}. {@code topic} must be a valid topic name that the PUBLISH carries.
     */
    int aliasFor(String topic) {
        if (maximum == 0) {
            return 0;
        }
        if (topic.equals(lastTopic)) {
            return -lastAlias;
        }
        if (byTopic == null) {
            byTopic = new LinkedHashMap<>(16, 0.75f, true);
        }
        Integer known = byTopic.get(topic);
        if (known != null) {
            lastTopic = topic;
            lastAlias = known;
            return -lastAlias;
        }
        int alias;
        if (byTopic.size() < maximum) {
            alias = byTopic.size() + 1;
        } else {
            Iterator<Map.Entry<String, Integer>> eldest = byTopic.entrySet().iterator();
            alias = eldest.next().getValue();
            eldest.remove();
        }
        byTopic.put(topic, alias);
        lastTopic = topic;
        lastAlias = alias;
        return alias;
    }

    /**
     * The packet to write: with an alias (and an empty topic if the alias is already known to the server), by
     * {@link #aliasFor}. For a packet that goes the general way (it has other properties, or no encoder to append
     * to).
     */
    PublishPacket apply(PublishPacket p) {
        if (maximum == 0) {
            return p;
        }
        int alias = aliasFor(p.topic());
        return alias < 0 ? with(p, "", -alias) : with(p, p.topic(), alias);
    }

    private static PublishPacket with(PublishPacket p, String topic, int alias) {
        return new PublishPacket(p.dup(), p.qos(), p.retain(), topic, p.packetId(), p.payload(),
                p.payloadFormatIndicator(), p.messageExpiryInterval(), alias, p.responseTopic(), p.correlationData(),
                p.userProperties(), p.subscriptionIdentifiers(), p.contentType());
    }
}
