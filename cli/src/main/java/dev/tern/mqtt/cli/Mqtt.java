package dev.tern.mqtt.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code mqtt} command: {@code pub}, {@code sub} and {@code demo}. Run {@code java -jar mqtt.jar --help}.
 *
 * <p>The commands run in-process through {@link #execute(PrintWriter, PrintWriter, String...)}, which is what the
 * tests use; {@link #main(String[])} adds only {@code System.exit}.
 */
@Command(name = "mqtt",
        versionProvider = Mqtt.Version.class,
        subcommands = {PubCommand.class, SubCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        description = {
            "Publish and subscribe to MQTT 3.1.1 and 5.0 brokers, with the flags of mosquitto_pub and mosquitto_sub.",
            "Try 'mqtt demo' for a self-contained run with an embedded broker."},
        footer = {"", "Exit status: 0 success, 1 refused by the broker or connection lost, 2 invalid command line, "
            + "3 could not connect, 4 timed out. See docs/cli.md."})
public final class Mqtt implements Runnable {

    @Mixin
    HelpOption help;

    @Option(names = "--version", versionHelp = true, description = "Show the version and exit.")
    boolean version;

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits the JVM with the command's exit status. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(out, err, args));
    }

    /**
     * Runs the command line in this JVM, printing to {@code out} and {@code err}.
     *
     * @return the exit status, one of {@link ExitCode}
     */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Mqtt())
                .setOut(out)
                .setErr(err)
                .setUsageHelpAutoWidth(true)
                .setParameterExceptionHandler(Mqtt::usageError)
                .setExecutionExceptionHandler((e, cl, parseResult) -> {
                    // A bug or an unforeseen failure: say what it was without a stack trace unless -d was given.
                    cl.getErr().println(cl.getCommandName() + ": " + Failures.describe(e));
                    if (Logging.isDebug()) {
                        e.printStackTrace(cl.getErr());
                    }
                    cl.getErr().flush();
                    return ExitCode.FAILED;
                });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** A wrong command line: the problem and where to find help, not the whole help text. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pub, sub or demo");
    }

    /** The version from the jar's manifest, written by the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Mqtt.class.getPackage().getImplementationVersion();
            return new String[] {"mqtt (Tern MQTT client) " + (version == null ? "development build" : version),
                "Java " + System.getProperty("java.version")};
        }
    }
}
