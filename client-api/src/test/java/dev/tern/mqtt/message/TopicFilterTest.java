package dev.tern.mqtt.message;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicFilterTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "a/b/c, a/b/c, true",
            "a/b/c, a/b, false",
            "a/b, a/b/c, false",
            "a/+/c, a/x/c, true",
            "a/+/c, a//c, true",
            "a/+/c, a/x/y/c, false",
            "+, a, true",
            "+, a/b, false",
            "+/+, /a, true",
            "a/#, a, true",
            "a/#, a/b/c, true",
            "a/#, b, false",
            "#, a/b, true",
            "#, /, true",
            "+/#, a, true",
            "#, $SYS/uptime, false",
            "+/uptime, $SYS/uptime, false",
            "$SYS/#, $SYS/uptime, true",
            "$SYS/+, $SYS/uptime, true",
            "$share/g/a/+, a/b, true",
            "$share/g/#, x/y, true",
            "$share/g/#, $SYS/x, false",
            "sport/tennis/#, sport/tennis, true",
            "sport/+, sport/, true",
            "sport/+, sport, false",
            "A/b, a/b, false",
    })
    void matchesLikeTheSpecification(String filter, String topic, boolean expected) {
        assertEquals(expected, TopicFilter.matches(filter, topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "+", "#", "a/+/b", "a/#", "/", "+/+", "$share/group/a/#", "$SYS/#"})
    void acceptsValidFilters(String filter) {
        assertEquals(filter, TopicFilter.validate(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a#", "a/b+", "#/a", "$share/", "$share/g", "$share/g/", "$share//a",
            "$share/g+/a", "a\u0000b"})
    void rejectsInvalidFilters(String filter) {
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.validate(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "a/#", "#"})
    void rejectsInvalidTopicNames(String topic) {
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.validateTopicName(topic));
    }

    @ParameterizedTest
    @CsvSource({"$share/g/a/b, a/b", "a/b, a/b", "$share/grp/#, #"})
    void stripsTheSharePrefix(String filter, String plain) {
        assertEquals(plain, TopicFilter.withoutSharePrefix(filter));
    }
}
