package dev.tern.mqtt.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of our own on a free 127.0.0.1 port: no persistence, TCP_NODELAY (without it every QoS 1 round trip
 * waits for delayed ACKs), 1,000 messages in flight per client (its default of 20 would be the limit of every
 * window), no queue limit (the receive scenario queues messages for a slow subscriber) and no connection limit.
 * It inherits the harness's file descriptor limit, which benchmarks/run.sh raises.
 */
final class Mosquitto implements AutoCloseable {

    private final Process process;
    final int port;

    /**
     * @param prefix what the command line starts with, such as {@code taskset -c 1}, or empty
     */
    Mosquitto(List<String> prefix, String executable, Path dir) throws IOException, InterruptedException {
        port = freePort();
        Files.createDirectories(dir);
        // it drops to user mosquitto when started as root: everything it reads must be readable by others
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "per_listener_settings false",
                "allow_anonymous true",
                "persistence false",
                "set_tcp_nodelay true",
                "max_inflight_messages 1000",
                "max_queued_messages 0",
                "max_connections -1",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "listener " + port + " 127.0.0.1",
                ""));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(executable, "-c", config.toString()));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("mosquitto did not start; see " + dir.resolve("mosquitto.log"));
                }
                Thread.sleep(50);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
