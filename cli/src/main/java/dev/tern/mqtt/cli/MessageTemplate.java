package dev.tern.mqtt.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The text of a message given with {@code pub -m}, in which {@code {n}} stands for the message's sequence number
 * (0-based) and {@code {ts}} for the time of publishing in milliseconds since the epoch. Any other text, braces
 * included, is sent as written.
 *
 * <p>Example: {@code new MessageTemplate("reading {n} at {ts}").expand(3)} gives {@code "reading 3 at 1764139200000"}.
 *
 * <p>Immutable and thread-safe; the template is parsed once.
 */
final class MessageTemplate {

    static final String SEQUENCE = "{n}";
    static final String TIMESTAMP = "{ts}";

    private final String source;
    private final List<String> literals = new ArrayList<>();  // literals.size() == placeholders.size() + 1
    private final List<String> placeholders = new ArrayList<>();
    private final LongSupplier clock;

    MessageTemplate(String source) {
        this(source, System::currentTimeMillis);
    }

    MessageTemplate(String source, LongSupplier clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        int start = 0;
        int i = 0;
        while (i < source.length()) {
            String placeholder = source.startsWith(SEQUENCE, i) ? SEQUENCE
                    : source.startsWith(TIMESTAMP, i) ? TIMESTAMP : null;
            if (placeholder == null) {
                i++;
                continue;
            }
            literals.add(source.substring(start, i));
            placeholders.add(placeholder);
            i += placeholder.length();
            start = i;
        }
        literals.add(source.substring(start));
    }

    /** Whether the text contains {@code {n}} or {@code {ts}}, that is whether messages differ from each other. */
    boolean hasPlaceholders() {
        return !placeholders.isEmpty();
    }

    /** The text of message number {@code sequence} (0-based), with the clock read now for {@code {ts}}. */
    String expand(long sequence) {
        if (placeholders.isEmpty()) {
            return source;
        }
        StringBuilder text = new StringBuilder(source.length() + 16);
        for (int k = 0; k < placeholders.size(); k++) {
            text.append(literals.get(k));
            text.append(placeholders.get(k).equals(SEQUENCE) ? sequence : clock.getAsLong());
        }
        return text.append(literals.get(literals.size() - 1)).toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
