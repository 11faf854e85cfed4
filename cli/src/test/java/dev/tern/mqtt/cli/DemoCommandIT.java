package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tern.mqtt.cli.CommandLineTest.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mqtt demo} in this JVM: every reading published is received, the output says so, and it exits 0. */
class DemoCommandIT {

    @Test
    void demoPublishesAndReceivesEveryReading() {
        Run demo = CommandLineTest.run("demo", "--readings", "4", "--interval", "20");
        assertEquals(ExitCode.OK, demo.status, demo.toString());
        List<String> lines = demo.out.lines().toList();
        assertTrue(lines.get(0).startsWith("broker     starting"), demo.out);
        assertTrue(lines.get(1).matches("broker +listening on mqtt://127\\.0\\.0\\.1:\\d+"), demo.out);
        assertEquals(4, lines.stream().filter(l -> l.matches("sensor +publishes demo/sensors/sensor-1/temperature "
                + "\\{\"sensor\":\"sensor-1\",\"seq\":\\d,\"celsius\":-?\\d+\\.\\d\\d}")).count(), demo.out);
        assertEquals(4, lines.stream().filter(l -> l.startsWith("dashboard  received  demo/sensors/sensor-1/")).count(),
                demo.out);
        assertEquals("done       4 readings published, 4 received", lines.get(lines.size() - 1));
        assertEquals("", demo.err, "nothing but the demo's own lines");
    }
}
