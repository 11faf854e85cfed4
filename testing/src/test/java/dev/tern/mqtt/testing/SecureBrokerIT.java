package dev.tern.mqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A secure broker hands out only listener URIs that reach the listener they name: when a port is not the broker's
 * own (two listeners on one port, or a port someone else took first), it starts again on other ports.
 */
@Timeout(180)
class SecureBrokerIT {

    private static Path folder;
    private static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        folder = TempDirectory.create("tern-secure-broker-");
        // Mosquitto started as root reads the files as the user 'mosquitto'
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        pki = TestPki.create(folder.resolve("pki"));
    }

    @AfterAll
    static void deleteCertificates() {
        TempDirectory.deleteQuietly(folder);
    }

    /** Launches HiveMQ and notes what the check finds on each set of listeners. */
    private static SecureBroker startHiveMq(Iterator<SecureListeners> ports, List<String> problems) {
        return SecureBroker.start(pki, ports::next, supplier -> {
            SecureBroker.Started started = SecureBroker.launchHiveMq(pki, supplier);
            problems.add(String.valueOf(started.listeners().problem(pki)));
            return started;
        });
    }

    @Test
    void hiveMqWithItsMutualTlsListenerOnThePortOfItsTlsListenerIsStartedAgain() throws Exception {
        SecureListeners fresh = SecureListeners.allocate();
        // HiveMQ binds the TLS listener and only logs that the mutual-TLS one could not be bound
        SecureListeners clash = new SecureListeners(fresh.tls(), fresh.tls(), fresh.wrongName(), fresh.expired(),
                fresh.ws(), fresh.wss());
        List<String> problems = new ArrayList<>();
        try (SecureBroker broker = startHiveMq(List.of(clash, SecureListeners.allocate()).iterator(), problems)) {
            assertEquals(2, problems.size(), String.valueOf(problems));
            assertTrue(problems.get(0).contains("mutual TLS port " + fresh.tls() + " does not ask for a client"
                    + " certificate"), problems.get(0));
            assertEquals("null", problems.get(1));
            int mutual = SecureBroker.portOf(broker.mutualTlsUri());
            assertNotEquals(fresh.tls(), mutual);
            assertTrue(ListenerProbe.tls(mutual).askedForClientCertificate());
        }
    }

    @Test
    void hiveMqWhoseMutualTlsPortWasTakenIsStartedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName(Loopback.HOST))) {
            SecureListeners fresh = SecureListeners.allocate();
            SecureListeners stolen = new SecureListeners(fresh.tls(), taken.getLocalPort(), fresh.wrongName(),
                    fresh.expired(), fresh.ws(), fresh.wss());
            List<String> problems = new ArrayList<>();
            try (SecureBroker broker = startHiveMq(List.of(stolen, SecureListeners.allocate()).iterator(),
                    problems)) {
                assertTrue(problems.get(0).contains("no TLS server with the server certificate on the mutual TLS port "
                        + taken.getLocalPort()), problems.get(0));
                assertEquals("null", problems.get(1));
                assertNotEquals(taken.getLocalPort(), SecureBroker.portOf(broker.mutualTlsUri()));
            }
        }
    }

    @Test
    void mosquittoWhoseMutualTlsPortWasTakenIsStartedAgain() throws Exception {
        assumeTrue(Mosquitto.findExecutable().isPresent() || SharedBrokers.isCi(), "mosquitto not installed");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName(Loopback.HOST))) {
            SecureListeners fresh = SecureListeners.allocate();
            SecureListeners stolen = new SecureListeners(fresh.tls(), taken.getLocalPort(), fresh.wrongName(),
                    fresh.expired(), fresh.ws(), fresh.wss());
            Iterator<SecureListeners> ports = List.of(stolen, SecureListeners.allocate()).iterator();
            try (SecureBroker broker = SecureBroker.start(pki, ports::next,
                    supplier -> SecureBroker.launchMosquitto(pki, supplier))) {
                int mutual = SecureBroker.portOf(broker.mutualTlsUri());
                assertNotEquals(taken.getLocalPort(), mutual);
                assertTrue(ListenerProbe.tls(mutual).askedForClientCertificate());
            }
        }
    }
}
