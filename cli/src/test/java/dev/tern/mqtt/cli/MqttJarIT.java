package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code target/mqtt.jar} as a user runs it, in its own JVM: its manifest, its merged service files
 * (Artemis finds its MQTT protocol module through them) and its logging set-up.
 */
class MqttJarIT {

    private static final Path JAR = Path.of("target", "mqtt.jar");

    @Test
    void helpWorksWithoutAnyFlag() throws Exception {
        Result help = java("--help");
        assertEquals(0, help.status, help.toString());
        assertTrue(help.out.contains("Usage: mqtt"), help.out);
    }

    @Test
    void demoRunsAndPrintsOnlyItsOwnLines() throws Exception {
        Result demo = java("demo", "--readings", "3", "--interval", "50");
        assertEquals(0, demo.status, demo.toString());
        assertTrue(demo.out.contains("done       3 readings published, 3 received"), demo.toString());
        assertEquals("", demo.err, "stderr must stay empty: no SLF4J or broker noise\n" + demo);
        for (String line : demo.out.lines().toList()) {
            assertTrue(line.matches("(broker|dashboard|sensor|done) .*"), "unexpected line: " + line);
        }
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is built by 'mvn package'");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        File outFile = File.createTempFile("mqtt-out", ".txt");
        File errFile = File.createTempFile("mqtt-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(outFile)
                    .redirectError(errFile)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mqtt " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(),
                    Files.readString(outFile.toPath(), StandardCharsets.UTF_8),
                    Files.readString(errFile.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile.toPath());
            Files.deleteIfExists(errFile.toPath());
        }
    }

    private static final class Result {
        final int status;
        final String out;
        final String err;

        Result(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }
}
