package dev.tern.mqtt.netty.internal.codec;

/**
 * The syntax of Topic Names and Topic Filters
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901241">MQTT 5.0 section 4.7</a>,
 * MQTT 3.1.1 section 4.7), in one place for both directions: the decoder reports a break as MALFORMED_PACKET
 * (a name or filter that breaks them cannot be parsed as one), the encoder refuses it with
 * IllegalArgumentException. A well-formed name or filter the receiver does not accept is a different matter
 * (reason codes 0x8F and 0x90), decided above the codec.
 *
 * <p>Every check is one pass over the characters, with no allocation unless it fails: the Topic Name check runs on
 * every PUBLISH encoded and decoded. The statement numbers in the messages are MQTT 5.0's; MQTT 3.1.1 numbers the
 * '#' and '+' rules [MQTT-4.7.1-2] and [MQTT-4.7.1-3].
 */
final class Topics {

    private static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /**
     * Checks a received Topic Name: at least one character ([MQTT-4.7.3-1]) and no wildcard ([MQTT-3.3.2-2],
     * [MQTT-4.7.0-1]; [MQTT-3.3.2-14] for the Response Topic). A PUBLISH whose name is empty because a Topic Alias
     * stands for it is the caller's case.
     *
     * @throws MqttDecodeException MALFORMED_PACKET
     */
    static void checkTopicName(String topic, PacketReader reader, String what) {
        String problem = topicNameProblem(topic);
        if (problem != null) {
            throw reader.malformed(what + " '" + topic + "' " + problem);
        }
    }

    /**
     * Checks a Topic Name before it is sent, by the same rules as {@link #checkTopicName}.
     *
     * @throws IllegalArgumentException if it breaks them
     */
    static void requireTopicName(String topic, String what) {
        String problem = topicNameProblem(topic);
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + topic + "' " + problem);
        }
    }

    /**
     * Checks a received Topic Filter: at least one character ([MQTT-4.7.3-1]), '#' alone or after '/' and last
     * ([MQTT-4.7.1-1]), '+' filling a whole level ([MQTT-4.7.1-2]); in MQTT 5.0 a shared subscription
     * "$share/{ShareName}/{filter}" needs a ShareName of at least one character without '/', '+' or '#', then '/'
     * and a Topic Filter ([MQTT-4.8.2-1], [MQTT-4.8.2-2]).
     *
     * @return whether the filter is a shared subscription (always false for MQTT 3.1.1)
     * @throws MqttDecodeException MALFORMED_PACKET
     */
    static boolean checkTopicFilter(String filter, boolean mqtt5, PacketReader reader) {
        String problem = topicFilterProblem(filter, mqtt5);
        if (problem != null) {
            throw reader.malformed("topic filter '" + filter + "' " + problem);
        }
        return isShared(filter, mqtt5);
    }

    /**
     * Checks a Topic Filter before it is sent, by the same rules as {@link #checkTopicFilter}.
     *
     * @return whether the filter is a shared subscription (always false for MQTT 3.1.1)
     * @throws IllegalArgumentException if it breaks them
     */
    static boolean requireTopicFilter(String filter, boolean mqtt5) {
        String problem = topicFilterProblem(filter, mqtt5);
        if (problem != null) {
            throw new IllegalArgumentException("topic filter '" + filter + "' " + problem);
        }
        return isShared(filter, mqtt5);
    }

    /** Whether {@code filter} is a shared subscription: MQTT 5.0 and the "$share/" prefix (section 4.8.2). */
    static boolean isShared(String filter, boolean mqtt5) {
        return mqtt5 && filter.startsWith(SHARE_PREFIX);
    }

    /** What is wrong with a Topic Name, or null if nothing is. */
    private static String topicNameProblem(String topic) {
        int n = topic.length();
        if (n == 0) {
            return "is empty [MQTT-4.7.3-1]";
        }
        for (int i = 0; i < n; i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "contains the wildcard '" + c + "' [MQTT-3.3.2-2]";
            }
        }
        return null;
    }

    /** What is wrong with a Topic Filter, or null if nothing is. */
    private static String topicFilterProblem(String filter, boolean mqtt5) {
        int start = 0;
        int n = filter.length();
        if (isShared(filter, mqtt5)) {
            int nameStart = SHARE_PREFIX.length();
            int slash = filter.indexOf('/', nameStart);
            if (slash <= nameStart) {
                return "has no ShareName followed by '/' [MQTT-4.8.2-1]";
            }
            for (int i = nameStart; i < slash; i++) {
                char c = filter.charAt(i);
                if (c == '+' || c == '#') {
                    return "has a wildcard in its ShareName [MQTT-4.8.2-2]";
                }
            }
            start = slash + 1;
        }
        if (start == n) {
            return start == 0 ? "is empty [MQTT-4.7.3-1]" : "has an empty filter after its ShareName [MQTT-4.8.2-1]";
        }
        for (int i = start; i < n; i++) {
            char c = filter.charAt(i);
            if (c != '+' && c != '#') {
                continue;
            }
            boolean levelStart = i == start || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == n - 1 || filter.charAt(i + 1) == '/';
            if (c == '#' && !(levelStart && i == n - 1)) {
                return "has '#' that is not the whole last level [MQTT-4.7.1-1]";
            }
            if (c == '+' && !(levelStart && levelEnd)) {
                return "has '+' that is not a whole level [MQTT-4.7.1-2]";
            }
        }
        return null;
    }
}
