package dev.tern.mqtt.cli;

import picocli.CommandLine.Option;

/** {@code --help} for every command. Not {@code -h}: that is the broker host, as in mosquitto. */
final class HelpOption {

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
