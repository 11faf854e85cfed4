package dev.tern.mqtt.cli;

/**
 * The exit status of every {@code mqtt} command. Scripts may rely on these values; docs/cli.md lists them.
 */
final class ExitCode {

    /** Everything worked: every message acknowledged as its QoS requires, or the expected messages received. */
    static final int OK = 0;
    /**
     * The broker said no after the connection was made, or the connection was lost: a PUBACK, PUBREC or SUBACK
     * with an error reason code, a DISCONNECT from the server, a demo that did not receive what it sent.
     */
    static final int FAILED = 1;
    /** The command line was wrong (picocli's usage error status). */
    static final int USAGE = 2;
    /**
     * No connection: the broker could not be reached, or it refused the CONNECT (the CONNACK reason is printed); also
     * a reconnect refused for a reason retrying cannot change, which ends {@code pub} and {@code sub}.
     */
    static final int CONNECT_FAILED = 3;
    /** Something did not happen in time: CONNACK, an acknowledgement, or {@code sub -C COUNT} within {@code -W}. */
    static final int TIMEOUT = 4;

    private ExitCode() {
    }
}
