package dev.tern.mqtt.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of topic names and filters done before connecting, so that a typo is a usage error with a clear message
 * rather than a disconnect by the broker (MQTT 5.0 section 4.7).
 */
final class Topics {

    private Topics() {
    }

    /** A topic name to publish to: not empty, no wildcard, no U+0000. */
    static void checkTopicName(CommandSpec spec, String option, String topic) {
        if (topic.isEmpty()) {
            throw new ParameterException(spec.commandLine(), option + " needs a topic, it was empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new ParameterException(spec.commandLine(),
                    option + " '" + topic + "': a topic to publish to cannot contain the wildcards + or #");
        }
        checkCommon(spec, option, topic);
    }

    /** A topic filter to subscribe to: not empty, {@code +} and {@code #} only as whole levels, {@code #} last. */
    static void checkTopicFilter(CommandSpec spec, String option, String filter) {
        if (filter.isEmpty()) {
            throw new ParameterException(spec.commandLine(), option + " needs a topic filter, it was empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean hasPlus = level.indexOf('+') >= 0;
            boolean hasHash = level.indexOf('#') >= 0;
            if ((hasPlus && !level.equals("+")) || (hasHash && !level.equals("#"))) {
                throw new ParameterException(spec.commandLine(), option + " '" + filter
                        + "': + and # must stand alone between slashes, as in a/+/c or a/#");
            }
            if (hasHash && i != levels.length - 1) {
                throw new ParameterException(spec.commandLine(),
                        option + " '" + filter + "': # must be the last level");
            }
        }
        checkCommon(spec, option, filter);
    }

    private static void checkCommon(CommandSpec spec, String option, String topic) {
        if (topic.indexOf('\u0000') >= 0) {
            throw new ParameterException(spec.commandLine(), option + ": a topic cannot contain U+0000");
        }
    }
}
