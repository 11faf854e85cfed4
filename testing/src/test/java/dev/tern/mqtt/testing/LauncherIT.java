package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launchers without JUnit extensions: port retries, cleanup, stopping the process they started. */
@Timeout(120)
class LauncherIT {

    @Test
    void hiveMqTriesAnotherPortWhenTheFreePortWasTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Iterator<Integer> ports = List.of(taken.getLocalPort(), Loopback.freePort()).iterator();
            try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().ports(ports::next).build()) {
                BrokerEndpoint endpoint = broker.start();
                assertNotEquals(taken.getLocalPort(), endpoint.port());
                assertTrue(Loopback.accepts(endpoint.port()));
            }
        }
    }

    @Test
    void hiveMqWhosePortAnotherMqttServerHoldsStartsAgainOnAnotherPort() throws Exception {
        try (StrangerMqttServer stranger = new StrangerMqttServer()) {
            Iterator<Integer> ports = List.of(stranger.port(), Loopback.freePort()).iterator();
            try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().ports(ports::next)
                    .extraListeners(LauncherIT::webSocketListenerOnAFreePort).build()) {
                BrokerEndpoint endpoint = broker.start();
                assertNotEquals(stranger.port(), endpoint.port());
                assertTrue(stranger.connects() >= 1, "the probe met the stranger, which accepted its CONNECT");
                assertTrue(ListenerProbe.acceptsMqttConnect(endpoint.port(), "launcher-it"));
            }
        }
    }

    @Test
    void hiveMqWhosePortAMosquittoHoldsStartsAgainOnAnotherPort() throws Exception {
        assumeTrue(Mosquitto.findExecutable().isPresent() || SharedBrokers.isCi(), "mosquitto not installed");
        try (Mosquitto mosquitto = Mosquitto.builder().build()) {
            int taken = mosquitto.start().port();
            Iterator<Integer> ports = List.of(taken, Loopback.freePort()).iterator();
            try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().ports(ports::next)
                    .extraListeners(LauncherIT::webSocketListenerOnAFreePort).build()) {
                assertNotEquals(taken, broker.start().port());
            }
        }
    }

    /**
     * A second listener, so that HiveMQ starts even when it cannot bind its plain one (it only logs an error then):
     * the case where a port that accepts connections, even MQTT ones, proves nothing.
     */
    private static String webSocketListenerOnAFreePort() {
        return "    <websocket-listener><port>" + Loopback.freePort() + "</port><bind-address>" + Loopback.HOST
                + "</bind-address><path>/mqtt</path></websocket-listener>\n";
    }

    @Test
    void mosquittoTriesNewPortsForItsExtraListenersToo() throws Exception {
        assumeTrue(Mosquitto.findExecutable().isPresent() || SharedBrokers.isCi(), "mosquitto not installed");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int fresh = Loopback.freePort();
            Iterator<String> extra = List.of("listener " + taken.getLocalPort() + " 127.0.0.1\n",
                    "listener " + fresh + " 127.0.0.1\n").iterator();
            try (Mosquitto mosquitto = Mosquitto.builder().extraListeners(extra::next).build()) {
                mosquitto.start();
                assertFalse(extra.hasNext(), "the second attempt asked for new extra listeners");
                assertTrue(Files.readString(mosquitto.logFile()).contains("Opening ipv4 listen socket on port "
                        + fresh), "the extra listener runs on the new port");
                assertTrue(Loopback.accepts(fresh));
            }
        }
    }

    @Test
    void mosquittoTriesAnotherPortAndStopsItsProcess() throws Exception {
        assumeTrue(Mosquitto.findExecutable().isPresent() || SharedBrokers.isCi(), "mosquitto not installed");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Iterator<Integer> ports = List.of(taken.getLocalPort(), Loopback.freePort()).iterator();
            Mosquitto mosquitto = Mosquitto.builder().ports(ports::next).build();
            try {
                BrokerEndpoint endpoint = mosquitto.start();
                assertNotEquals(taken.getLocalPort(), endpoint.port());
                ProcessHandle process = ProcessHandle.of(mosquitto.pid()).orElseThrow();
                Path log = mosquitto.logFile();
                assertTrue(Files.readString(log).contains("Opening ipv4 listen socket on port " + endpoint.port()),
                        "mosquitto (dropped to its own user when run as root) writes its log");

                mosquitto.stop();
                assertFalse(process.isAlive(), "the process it started is gone");
                assertFalse(Files.exists(log.getParent()), "its folder is deleted");
                assertEquals("Mosquitto(stopped)", mosquitto.toString());
            } finally {
                mosquitto.stop();
            }
        }
    }
}
