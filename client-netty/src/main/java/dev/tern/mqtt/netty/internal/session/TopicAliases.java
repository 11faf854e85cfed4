package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.netty.internal.packet.PublishPacket;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outgoing topic aliases (MQTT 5.0 section 3.3.2.3.4) for one connection: every topic gets an alias while the
 * server's Topic Alias Maximum allows; when all are taken, the least recently used topic gives its alias up. The
 * first PUBLISH of a mapping carries topic and alias, later ones only the alias. Aliases live and die with the
 * connection. Event loop only; packets must be written in the order they pass through {@link #apply}.
 */
final class TopicAliases {

    /** No aliases: stateless, so one serves every connection without a topic alias maximum. */
    static final TopicAliases NONE = new TopicAliases(0);

    private final int maximum;
    /** Topic to alias, least recently used first; null until the first alias (never without a maximum). */
    private LinkedHashMap<String, Integer> byTopic;

    TopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** Aliases up to {@code maximum}; the shared {@link #NONE} for 0. */
    static TopicAliases upTo(int maximum) {
        return maximum == 0 ? NONE : new TopicAliases(maximum);
    }

    /** The packet to write: with an alias (and an empty topic if the alias is already known to the server). */
    PublishPacket apply(PublishPacket p) {
        if (maximum == 0) {
            return p;
        }
        if (byTopic == null) {
            byTopic = new LinkedHashMap<>(16, 0.75f, true);
        }
        Integer known = byTopic.get(p.topic());
        if (known != null) {
            return with(p, "", known);
        }
        int alias;
        if (byTopic.size() < maximum) {
            alias = byTopic.size() + 1;
        } else {
            Iterator<Map.Entry<String, Integer>> eldest = byTopic.entrySet().iterator();
            alias = eldest.next().getValue();
            eldest.remove();
        }
        byTopic.put(p.topic(), alias);
        return with(p, p.topic(), alias);
    }

    private static PublishPacket with(PublishPacket p, String topic, int alias) {
        return new PublishPacket(p.dup(), p.qos(), p.retain(), topic, p.packetId(), p.payload(),
                p.payloadFormatIndicator(), p.messageExpiryInterval(), alias, p.responseTopic(), p.correlationData(),
                p.userProperties(), p.subscriptionIdentifiers(), p.contentType());
    }
}
