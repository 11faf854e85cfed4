package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Aedes launcher without JUnit extensions: readiness, the port it reports, stopping its process. */
@Timeout(60)
class AedesLauncherIT {

    @Test
    void startsOnTheReportedPortAndStopsItsProcess() throws Exception {
        assumeTrue(Aedes.missing().isEmpty() || SharedBrokers.isCi(), () -> Aedes.missing().orElse(""));
        Aedes aedes = Aedes.builder().build();
        try {
            BrokerEndpoint endpoint = aedes.start();
            assertTrue(endpoint.is(BrokerEndpoint.AEDES));
            assertEquals(Aedes.installedVersion(Aedes.defaultHome()).orElseThrow(), aedes.version());
            ProcessHandle process = ProcessHandle.of(aedes.pid()).orElseThrow();
            try (RawMqtt peer = RawMqtt.connect(endpoint)) {
                peer.write(RawMqtt.connect(4, "tern-aedes-launcher"));
                assertArrayEquals(new byte[] {0x00, 0x00}, peer.read().body(), "CONNACK accepted");
            }

            aedes.stop();
            assertFalse(process.isAlive(), "the process it started is gone");
            assertFalse(Loopback.accepts(endpoint.port()), "nothing listens on its port any more");
            assertEquals("Aedes(stopped)", aedes.toString());
        } finally {
            aedes.stop();
        }
    }

    @Test
    void aFolderWithoutAedesIsReportedNotStarted(@TempDir Path empty) {
        assertTrue(Aedes.installedVersion(empty).isEmpty());
        Aedes aedes = Aedes.builder().home(empty).node(Path.of("/bin/true")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, aedes::start);
        assertTrue(e.getMessage().contains("aedes not installed"), e.getMessage());
        assertTrue(Files.isDirectory(empty), "the folder is left alone");
    }
}
