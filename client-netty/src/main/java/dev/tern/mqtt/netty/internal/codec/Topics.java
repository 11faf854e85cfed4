package dev.tern.mqtt.netty.internal.codec;

/**
 * Syntax checks on decoded Topic Names and Topic Filters
 * (<a href="https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901241">MQTT 5.0 section 4.7</a>,
 * MQTT 3.1.1 section 4.7). A name or filter that breaks them cannot be parsed as one, so it is a MALFORMED_PACKET;
 * a well-formed one the receiver does not accept is a different matter (reason codes 0x8F and 0x90), decided
 * above the codec.
 */
final class Topics {

    private static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /**
     * Checks a Topic Name: [MQTT-3.3.2-2] "The Topic Name in the PUBLISH packet MUST NOT contain wildcard
     * characters" (also [MQTT-3.3.2-14] for the Response Topic). An empty name is checked by the caller, because
     * MQTT 5.0 allows it with a Topic Alias.
     */
    static void checkTopicName(String topic, PacketReader reader, String what) {
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw reader.malformed(what + " '" + topic + "' contains a wildcard");
        }
    }

    /**
     * Checks a Topic Filter: at least one character ([MQTT-4.7.3-1]), '#' alone or after '/' and last
     * ([MQTT-4.7.1-1]), '+' filling a whole level ([MQTT-4.7.1-2]); in MQTT 5.0 a shared subscription
     * "$share/{ShareName}/{filter}" needs a ShareName of at least one character without '/', '+' or '#', then '/'
     * and a Topic Filter ([MQTT-4.8.2-1], [MQTT-4.8.2-2]).
     *
     * @return whether the filter is a shared subscription (always false for MQTT 3.1.1)
     */
    static boolean checkTopicFilter(String filter, boolean mqtt5, PacketReader reader) {
        String plain = filter;
        boolean shared = false;
        if (mqtt5 && filter.startsWith(SHARE_PREFIX)) {
            shared = true;
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            String shareName = slash < 0 ? filter.substring(SHARE_PREFIX.length())
                    : filter.substring(SHARE_PREFIX.length(), slash);
            if (shareName.isEmpty() || shareName.indexOf('+') >= 0 || shareName.indexOf('#') >= 0 || slash < 0) {
                throw reader.malformed("shared subscription '" + filter + "' has no valid ShareName and filter");
            }
            plain = filter.substring(slash + 1);
        }
        if (plain.isEmpty()) {
            throw reader.malformed("empty topic filter");
        }
        int n = plain.length();
        for (int i = 0; i < n; i++) {
            char c = plain.charAt(i);
            boolean levelStart = i == 0 || plain.charAt(i - 1) == '/';
            boolean levelEnd = i == n - 1 || plain.charAt(i + 1) == '/';
            if (c == '#' && !(levelStart && i == n - 1)) {
                throw reader.malformed("topic filter '" + filter + "' has '#' that is not a whole last level");
            }
            if (c == '+' && !(levelStart && levelEnd)) {
                throw reader.malformed("topic filter '" + filter + "' has '+' that is not a whole level");
            }
        }
        return shared;
    }
}
