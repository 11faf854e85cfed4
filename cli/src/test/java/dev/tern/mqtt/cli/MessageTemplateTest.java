package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {

    private final AtomicLong clock = new AtomicLong(1_764_139_200_000L);

    @Test
    void sequenceNumberIsZeroBased() {
        MessageTemplate template = new MessageTemplate("reading {n}", clock::get);
        assertEquals("reading 0", template.expand(0));
        assertEquals("reading 41", template.expand(41));
    }

    @Test
    void timestampIsReadAtEachExpansion() {
        MessageTemplate template = new MessageTemplate("{ts}", clock::get);
        assertEquals("1764139200000", template.expand(0));
        clock.addAndGet(250);
        assertEquals("1764139200250", template.expand(1));
    }

    @Test
    void placeholdersMayRepeatAndMix() {
        MessageTemplate template = new MessageTemplate("{\"seq\":{n},\"at\":{ts},\"again\":{n}}", clock::get);
        assertEquals("{\"seq\":7,\"at\":1764139200000,\"again\":7}", template.expand(7));
    }

    @Test
    void textWithoutPlaceholdersIsSentAsWritten() {
        MessageTemplate template = new MessageTemplate("{\"t\": 21.5} {x} {N} { n} {n", clock::get);
        assertFalse(template.hasPlaceholders());
        assertEquals("{\"t\": 21.5} {x} {N} { n} {n", template.expand(3));
    }

    @Test
    void placeholdersAtBothEnds() {
        MessageTemplate template = new MessageTemplate("{n}-{ts}", clock::get);
        assertTrue(template.hasPlaceholders());
        assertEquals("5-1764139200000", template.expand(5));
    }

    @Test
    void emptyMessageStaysEmpty() {
        assertEquals("", new MessageTemplate("", clock::get).expand(0));
    }

    @Test
    void bracesAroundPlaceholdersAreKept() {
        assertEquals("{12}", new MessageTemplate("{{n}}", clock::get).expand(12));
    }
}
