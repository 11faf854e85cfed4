package dev.tern.mqtt.cli;

/**
 * Turns the client's logging up for {@code -d}. slf4j-simple reads a logger's level when the logger is created,
 * which for the client's classes happens after the command line was parsed, so a system property set here still
 * takes effect.
 */
final class Logging {

    private static volatile boolean debug;

    private Logging() {
    }

    static void apply(boolean enableDebug) {
        if (enableDebug) {
            debug = true;
            System.setProperty("org.slf4j.simpleLogger.log.dev.tern", "debug");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.showThreadName", "true");
        }
    }

    static boolean isDebug() {
        return debug;
    }
}
