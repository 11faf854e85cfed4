package dev.tern.mqtt.netty.internal.codec;

import static dev.tern.mqtt.netty.internal.codec.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.netty.internal.packet.MqttPacket;
import dev.tern.mqtt.netty.internal.packet.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer for {@link MqttPacketDecoder}. It feeds random bytes and mutated copies of the valid
 * vectors and malformed cases (bit flips, inserted, deleted and duplicated bytes, rewritten lengths, truncation,
 * splices) to decoders of both versions and checks, for every input:
 * <ul>
 *   <li>only {@link MqttDecodeException} ever comes out; a null leaves the reader index where it was; a packet moves
 *       it forward;</li>
 *   <li>one decode call allocates less than 4 x the maximum packet size + 64 KB, measured with
 *       {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, including inputs whose fixed header
 *       announces up to 256 MB;</li>
 *   <li>a packet that decodes, re-encoded, decodes to the same packet;</li>
 *   <li>the whole run ends within a time limit (a hang fails the test).</li>
 * </ul>
 * A quarter of the inputs are also fed in random slices to a fresh decoder, which must produce the same packets.
 * The seed is fixed so a failure can be replayed; it is printed in every failure message and can be overridden with
 * {@code -Dtern.fuzz.seed=...} (and the count with {@code -Dtern.fuzz.iterations=...}).
 */
class DecoderFuzzTest {

    private static final long SEED = Long.getLong("tern.fuzz.seed", 0x7E4E_2025_C0DEL);
    private static final int ITERATIONS = Integer.getInteger("tern.fuzz.iterations", 120_000);
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** A small limit, so that announced lengths above it are refused from the fixed header. */
    private static final int SMALL_MAXIMUM = 2048;
    /** No practical limit (the largest packet MQTT can express): nothing may be allocated from announced lengths. */
    private static final int NO_MAXIMUM = 268_435_455 + 5;
    private static final long SLACK = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void decoderSurvivesRandomAndMutatedInput() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported(), "allocation measurement not supported by this JVM");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        List<byte[]> seeds = seeds();
        Stats stats = assertTimeoutPreemptively(TIME_LIMIT, () -> run(seeds),
                () -> "fuzz run exceeded " + TIME_LIMIT + " (seed " + seedText() + ")");
        System.out.printf("DecoderFuzzTest: seed %s, %d inputs, %d decode calls, %d packets, %d decode errors, "
                + "%d incomplete, %d also fed in slices, largest allocation %d bytes%n", seedText(), stats.inputs,
                stats.calls, stats.packets, stats.errors, stats.incomplete, stats.sliced, stats.maxAllocated);
        assertTrue(stats.inputs >= 100_000 || ITERATIONS < 100_000, "fed only " + stats.inputs + " inputs");
        assertTrue(stats.packets > 1_000, "mutations should still decode often: " + stats.packets);
        assertTrue(stats.errors > 1_000, "mutations should often be rejected: " + stats.errors);
    }

    private static String seedText() {
        return "0x" + Long.toHexString(SEED);
    }

    private static final class Stats {
        long inputs;
        long calls;
        long packets;
        long errors;
        long incomplete;
        long maxAllocated;
        long sliced;
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (Vector vector : Vector.all()) {
            seeds.add(vector.bytes());
        }
        for (MalformedPacketTest.Case c : MalformedPacketTest.cases()) {
            seeds.add(c.bytes());
        }
        return seeds;
    }

    /**
     * Decodes every seed a few times, from both kinds of buffer, on the thread that is then measured: class loading
     * and per-thread caches (Netty's thread-local maps) are one-time costs, not allocation per decode.
     */
    private static void warmUp(List<byte[]> seeds) {
        for (MqttVersion version : MqttVersion.values()) {
            for (byte[] seed : seeds) {
                for (int i = 0; i < 3; i++) {
                    ByteBuf in = i == 0 ? Unpooled.wrappedBuffer(seed) : Unpooled.buffer().writeBytes(seed);
                    try {
                        new MqttPacketDecoder(version, i == 2 ? NO_MAXIMUM : SMALL_MAXIMUM).decode(in);
                    } catch (MqttDecodeException expected) {
                        assertTrue(expected.getMessage().length() > 0);
                    }
                }
            }
        }
    }

    private static Stats run(List<byte[]> seeds) {
        warmUp(seeds);
        SplittableRandom random = new SplittableRandom(SEED);
        Stats stats = new Stats();
        MqttVersion[] versions = MqttVersion.values();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = random.nextInt(8) == 0 ? randomBytes(random) : mutate(random, seeds);
            MqttVersion version = versions[random.nextInt(versions.length)];
            int maximum = random.nextBoolean() ? SMALL_MAXIMUM : NO_MAXIMUM;
            Outcome whole = feed(input, version, maximum, stats, i, null);
            if (random.nextInt(4) == 0) {
                // The same bytes in random slices must give the same packets and fail if and only if the
                // one-shot run failed (the reason may differ: with several errors any may be reported, 4.13.2).
                Outcome sliced = feed(input, version, maximum, stats, i, random.split());
                int iteration = i;
                assertEquals(whole, sliced, () -> describe("sliced input decoded differently", input, version,
                        maximum, iteration));
                stats.sliced++;
            }
            stats.inputs++;
        }
        return stats;
    }

    /** What one decoder made of an input: the packets in order, and whether it ended in a decode error. */
    private record Outcome(List<MqttPacket> packets, boolean failed) {
    }

    /**
     * Decodes everything in {@code input} with one decoder, as a connection would, checking each call. With
     * {@code chunked}, the bytes arrive in random slices into a growing buffer, as they do from a socket.
     */
    private static Outcome feed(byte[] input, MqttVersion version, int maximum, Stats stats, int iteration,
            SplittableRandom chunked) {
        MqttPacketDecoder decoder = new MqttPacketDecoder(version, maximum);
        ByteBuf in = chunked == null ? Unpooled.wrappedBuffer(input) : Unpooled.buffer(input.length);
        int written = chunked == null ? input.length : 0;
        long bound = maximum == SMALL_MAXIMUM ? 4L * maximum + SLACK : 4L * input.length + SLACK;
        List<MqttPacket> packets = new ArrayList<>();
        while (true) {
            if (chunked != null && written < input.length) {
                int slice = 1 + chunked.nextInt(Math.min(16, input.length - written));
                in.writeBytes(input, written, slice);
                written += slice;
            }
            int before = in.readerIndex();
            MqttPacket packet;
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            try {
                packet = decoder.decode(in);
            } catch (MqttDecodeException e) {
                stats.calls++;
                stats.errors++;
                checkAllocation(allocatedBefore, bound, stats, input, version, maximum, iteration);
                checkReasonCode(e, input, version, maximum, iteration);
                return new Outcome(packets, true); // a connection stops reading after a decode error
            } catch (Throwable t) {
                throw new AssertionError(describe("threw " + t, input, version, maximum, iteration), t);
            }
            stats.calls++;
            checkAllocation(allocatedBefore, bound, stats, input, version, maximum, iteration);
            if (packet == null) {
                stats.incomplete++;
                assertEquals(before, in.readerIndex(),
                        () -> describe("null moved the reader index", input, version, maximum, iteration));
                if (written == input.length) {
                    return new Outcome(packets, false);
                }
                continue;
            }
            stats.packets++;
            packets.add(packet);
            assertTrue(in.readerIndex() > before,
                    () -> describe("a packet did not move the reader index", input, version, maximum, iteration));
            checkReEncodes(packet, version, input, maximum, iteration);
            if (written == input.length && !in.isReadable()) {
                return new Outcome(packets, false);
            }
        }
    }

    private static void checkAllocation(long allocatedBefore, long bound, Stats stats, byte[] input,
            MqttVersion version, int maximum, int iteration) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        stats.maxAllocated = Math.max(stats.maxAllocated, allocated);
        if (allocated > bound) {
            fail(describe("one decode call allocated " + allocated + " bytes, bound " + bound, input, version,
                    maximum, iteration));
        }
    }

    private static void checkReasonCode(MqttDecodeException e, byte[] input, MqttVersion version, int maximum,
            int iteration) {
        switch (e.reasonCode()) {
            case MALFORMED_PACKET:
            case PROTOCOL_ERROR:
            case TOPIC_ALIAS_INVALID:
            case PACKET_TOO_LARGE:
                return;
            default:
                fail(describe("unexpected reason code " + e.reasonCode(), input, version, maximum, iteration));
        }
    }

    /** decode(encode(p)) == p for every packet the decoder produced; encoding may refuse a packet it cannot write. */
    private static void checkReEncodes(MqttPacket packet, MqttVersion version, byte[] input, int maximum,
            int iteration) {
        MqttVersion writeAs = version;
        if (packet.type() == PacketType.CONNECT) {
            writeAs = ((dev.tern.mqtt.netty.internal.packet.ConnectPacket) packet).protocolVersion();
        }
        ByteBuf encoded;
        try {
            encoded = MqttPacketEncoder.encode(UnpooledByteBufAllocator.DEFAULT, packet, writeAs);
        } catch (IllegalArgumentException refused) {
            return;
        } catch (Throwable t) {
            throw new AssertionError(describe("re-encoding " + packet + " threw " + t, input, version, maximum,
                    iteration), t);
        }
        try {
            MqttPacket again = new MqttPacketDecoder(writeAs, NO_MAXIMUM).decode(encoded);
            assertEquals(packet, again, () -> describe("re-encoded packet decodes differently", input, version,
                    maximum, iteration));
        } catch (MqttDecodeException e) {
            fail(describe("re-encoded " + packet + " does not decode: " + e.getMessage(), input, version, maximum,
                    iteration));
        } finally {
            encoded.release();
        }
    }

    private static String describe(String what, byte[] input, MqttVersion version, int maximum, int iteration) {
        return what + " [seed " + seedText() + ", iteration " + iteration + ", " + version + ", maximum packet size "
                + maximum + ", input " + hex(input.length > 512 ? Arrays.copyOf(input, 512) : input)
                + (input.length > 512 ? " ... (" + input.length + " bytes)" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Input generation
    // ---------------------------------------------------------------------------------------------------------

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(1, 64)];
        random.nextBytes(bytes);
        if (random.nextBoolean() && bytes.length > 1) {
            // A plausible fixed header makes the decoder go deeper than the first byte.
            bytes[1] = (byte) random.nextInt(bytes.length);
        }
        return bytes;
    }

    private static byte[] mutate(SplittableRandom random, List<byte[]> seeds) {
        byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            bytes = mutateOnce(random, bytes, seeds);
        }
        return bytes;
    }

    private static byte[] mutateOnce(SplittableRandom random, byte[] bytes, List<byte[]> seeds) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(10)) {
            case 0: // flip one bit
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                return bytes;
            case 1: // replace one byte with an interesting value
                bytes[at] = (byte) new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC0, 0xED, 0x23, 0x2B, 0x26}
                        [random.nextInt(10)];
                return bytes;
            case 2: // insert a random byte
                return insert(bytes, at, new byte[] {(byte) random.nextInt(256)});
            case 3: // delete a run of bytes
                return delete(bytes, at, 1 + random.nextInt(Math.min(8, bytes.length - at)));
            case 4: { // duplicate a run of bytes
                int length = 1 + random.nextInt(Math.min(16, bytes.length - at));
                return insert(bytes, at, Arrays.copyOfRange(bytes, at, at + length));
            }
            case 5: // truncate
                return Arrays.copyOf(bytes, at);
            case 6: { // splice: this packet's head, another's tail
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length);
                byte[] out = Arrays.copyOf(bytes, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
                return out;
            }
            case 7: // change a 16-bit length or identifier somewhere in the body
                if (bytes.length > 3) {
                    int pos = 2 + random.nextInt(bytes.length - 3);
                    int value = random.nextBoolean() ? random.nextInt(0x10000) : random.nextInt(-2, 3) & 0xFFFF;
                    bytes[pos] = (byte) (value >> 8);
                    bytes[pos + 1] = (byte) value;
                }
                return bytes;
            case 8: // rewrite the remaining length, often to something huge
                return withRemainingLength(bytes, random.nextInt(4) == 0 ? random.nextInt(128)
                        : random.nextInt(3) == 0 ? 268_435_455 : random.nextInt(1, 268_435_456));
            default: // change the packet type and flags
                bytes[0] = (byte) random.nextInt(256);
                return bytes;
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] extra) {
        byte[] out = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(bytes, at, out, at + extra.length, bytes.length - at);
        return out;
    }

    private static byte[] delete(byte[] bytes, int at, int length) {
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
        return out;
    }

    /** Replaces the remaining length field (whatever its current encoding) with {@code value}, minimally encoded. */
    private static byte[] withRemainingLength(byte[] bytes, int value) {
        int end = 1;
        while (end < bytes.length && end < 5 && (bytes[end] & 0x80) != 0) {
            end++;
        }
        end = Math.min(end + 1, bytes.length);
        byte[] vbi = new byte[4];
        int n = 0;
        int x = value;
        do {
            int b = x % 128;
            x /= 128;
            vbi[n++] = (byte) (x > 0 ? b | 0x80 : b);
        } while (x > 0);
        byte[] out = new byte[1 + n + bytes.length - end];
        out[0] = bytes[0];
        System.arraycopy(vbi, 0, out, 1, n);
        System.arraycopy(bytes, end, out, 1 + n, bytes.length - end);
        return out;
    }
}
