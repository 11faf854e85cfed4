package dev.tern.mqtt.message;

/**
 * Rules for topic names and topic filters (MQTT 5.0 section 4.7): validation and matching.
 *
 * <p>Matching follows the specification: {@code +} matches exactly one level, {@code #} (only as the last level)
 * matches the parent level and any number of levels below it, and a topic starting with {@code $} is not matched
 * by a filter whose first level is a wildcard. A shared subscription {@code $share/group/filter} matches like
 * {@code filter}.
 *
 * <pre>{@code
 * TopicFilter.matches("sensors/+/temp", "sensors/kitchen/temp");   // true
 * TopicFilter.matches("#", "$SYS/broker/uptime");                  // false
 * TopicFilter.matches("$share/g/sensors/#", "sensors/a/b");        // true
 * }</pre>
 *
 * <p>All methods are static, thread-safe and free of side effects.
 */
public final class TopicFilter {

    /** The prefix of a shared subscription, {@code $share/}. */
    public static final String SHARE_PREFIX = "$share/";

    private TopicFilter() {
    }

    /**
     * Checks a topic name for publishing: not empty, no wildcard character, no U+0000, at most 65,535 bytes.
     *
     * @param topic the topic name
     * @return {@code topic}, for chaining
     * @throws IllegalArgumentException if the topic name is not valid
     * @throws NullPointerException if {@code topic} is null
     */
    public static String validateTopicName(String topic) {
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new IllegalArgumentException("topic name must not contain wildcards + or #: " + topic);
        }
        Bytes.checkMqttString(topic, "topic name");
        return topic;
    }

    /**
     * Checks a topic filter for subscribing: not empty; {@code +} and {@code #} only as whole levels; {@code #} only
     * last; for {@code $share/group/filter} a group name without {@code / + #} and a valid filter after it.
     *
     * @param filter the topic filter
     * @return {@code filter}, for chaining
     * @throws IllegalArgumentException if the filter is not valid
     * @throws NullPointerException if {@code filter} is null
     */
    public static String validate(String filter) {
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("topic filter must not be empty");
        }
        Bytes.checkMqttString(filter, "topic filter");
        String plain = filter;
        if (isShared(filter)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0 || slash == SHARE_PREFIX.length()) {
                throw new IllegalArgumentException("shared subscription needs $share/{group}/{filter}: " + filter);
            }
            String group = filter.substring(SHARE_PREFIX.length(), slash);
            if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                throw new IllegalArgumentException("share group name must not contain + or #: " + filter);
            }
            plain = filter.substring(slash + 1);
            if (plain.isEmpty()) {
                throw new IllegalArgumentException("shared subscription has an empty topic filter: " + filter);
            }
        }
        String[] levels = plain.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.indexOf('#') >= 0 && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("# must be the whole last level of a topic filter: " + filter);
            }
            if (level.indexOf('+') >= 0 && !level.equals("+")) {
                throw new IllegalArgumentException("+ must be a whole level of a topic filter: " + filter);
            }
        }
        return filter;
    }

    /** Whether {@code filter} is a shared subscription, that is it starts with {@code $share/}. */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /**
     * The filter a shared subscription matches on: {@code sensors/#} for {@code $share/group/sensors/#}; any other
     * filter is returned as it is.
     */
    public static String withoutSharePrefix(String filter) {
        if (!isShared(filter)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }

    /** Whether {@code filter} contains a wildcard level ({@code +} or {@code #}). */
    public static boolean hasWildcard(String filter) {
        String plain = withoutSharePrefix(filter);
        return plain.indexOf('+') >= 0 || plain.indexOf('#') >= 0;
    }

    /**
     * Whether a topic name matches a topic filter. The filter is assumed valid (see {@link #validate(String)}); the
     * {@code $share/group/} prefix of a shared subscription is ignored.
     *
     * @param filter a topic filter, possibly with wildcards or a share prefix
     * @param topic a topic name without wildcards
     * @return true if a message published to {@code topic} is delivered to a subscription on {@code filter}
     */
    public static boolean matches(String filter, String topic) {
        String f = withoutSharePrefix(filter);
        if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) {
            return false;
        }
        String[] filterLevels = f.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            String level = filterLevels[i];
            if (level.equals("#")) {
                return true; // "a/#" also matches "a": # includes the parent level
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }
}
