package dev.tern.mqtt.netty.internal.session;

import dev.tern.mqtt.message.Qos;
import dev.tern.mqtt.netty.internal.packet.PublishPacket;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link TopicAliases}: the answers per topic of the fast way ({@link TopicAliases#aliasFor}) and the packets of the
 * general way ({@link TopicAliases#apply}) follow one least-recently-used order.
 */
class TopicAliasesTest {

    /** The aliases as first written: an access-ordered map asked for every message. */
    private static final class Reference {
        private final int maximum;
        private final LinkedHashMap<String, Integer> byTopic = new LinkedHashMap<>(16, 0.75f, true);

        Reference(int maximum) {
            this.maximum = maximum;
        }

        int aliasFor(String topic) {
            Integer known = byTopic.get(topic);
            if (known != null) {
                return -known;
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
            return alias;
        }
    }

    @Test
    void newAliasesAreAssignedAndTheLeastRecentlyUsedGivesItsAliasUp() {
        TopicAliases aliases = TopicAliases.upTo(2);
        assertEquals(1, aliases.aliasFor("a"), "new: topic and alias");
        assertEquals(2, aliases.aliasFor("b"));
        assertEquals(-1, aliases.aliasFor("a"), "known: alias only");
        assertEquals(-1, aliases.aliasFor(new String("a")), "an equal topic of another instance");
        assertEquals(2, aliases.aliasFor("c"), "b was least recently used and gave its alias up");
        assertEquals(1, aliases.aliasFor("b"), "b must be sent in full again, taking a's alias");
        assertEquals(-2, aliases.aliasFor("c"));
    }

    @Test
    void sameAnswersAsAnAccessOrderedMapAskedEveryTime() {
        Random random = new Random(42);
        for (int maximum : new int[] {1, 2, 5, 10}) {
            TopicAliases aliases = TopicAliases.upTo(maximum);
            Reference reference = new Reference(maximum);
            String[] topics = new String[maximum * 2 + 1];
            for (int t = 0; t < topics.length; t++) {
                topics[t] = "t/" + t;
            }
            String last = topics[0];
            for (int i = 0; i < 20_000; i++) {
                int pick = random.nextInt(10);
                // the same topic again (same instance or an equal one), a hot one, or any
                String topic = pick < 3 ? last : pick == 3 ? new String(last)
                        : pick < 7 ? topics[random.nextInt(2)] : topics[random.nextInt(topics.length)];
                assertEquals(reference.aliasFor(topic), aliases.aliasFor(topic),
                        "message " + i + " to " + topic + ", maximum " + maximum);
                last = topic;
            }
        }
    }

    @Test
    void theGeneralWayFollowsTheSameOrder() {
        TopicAliases aliases = TopicAliases.upTo(2);
        assertEquals(1, aliases.aliasFor("a"));
        PublishPacket b = aliases.apply(PublishPacket.of("b", Qos.AT_LEAST_ONCE, false, 1, null));
        assertEquals("b", b.topic());
        assertEquals(2, b.topicAlias());
        PublishPacket a = aliases.apply(PublishPacket.of("a", Qos.AT_LEAST_ONCE, false, 2, null));
        assertEquals("", a.topic(), "known to the server");
        assertEquals(1, a.topicAlias());
        assertEquals(-2, aliases.aliasFor("b"));
        assertEquals(1, aliases.aliasFor("c"), "a was least recently used");
    }

    @Test
    void noneAnswersNothingAndLeavesPacketsAsTheyAre() {
        PublishPacket p = PublishPacket.of("a", Qos.AT_MOST_ONCE, false, 0, null);
        assertSame(TopicAliases.NONE, TopicAliases.upTo(0));
        assertEquals(0, TopicAliases.NONE.aliasFor("a"));
        assertSame(p, TopicAliases.NONE.apply(p));
        assertNull(TopicAliases.NONE.apply(p).topicAlias());
    }
}
