package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;

/**
 * Seeded, structure-aware mutation of real and testbed packets through the decoder: every message is either decoded
 * or refused with a reason ({@link UndecodableAlertException}); nothing else escapes, nothing takes long, and the heap
 * stays bounded. The mutations aim where decoders break: lengths and counts (Avro varints) made huge or negative,
 * the schema text edited, blocks cut short, bytes flipped, codecs swapped.
 */
public class DecoderFuzzTest {

    private static final int MUTANTS = 4_000;

    private final AlertDecoder decoder = TestStreams.decoder(TestStreams.ztf());

    @Test
    void everyMutatedPacketIsDecodedOrRefusedWithAReason() throws Exception {
        List<byte[]> seeds = seeds();
        SplittableRandom random = new SplittableRandom(20261127L);
        Map<String, Integer> outcomes = new TreeMap<>();
        long slowest = 0;
        long peakBefore = peakHeap();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] mutant = mutate(seed, random);
            long start = System.nanoTime();
            String outcome;
            try {
                List<Alert> alerts = decoder.decode(new SourceCoordinates("ztf_20990101_programid1", 0, i), mutant);
                outcome = alerts.isEmpty() ? "decoded-empty" : "decoded";
            } catch (UndecodableAlertException e) {
                assertThat(e.reason()).isNotBlank();
                outcome = e.reason();
            }
            slowest = Math.max(slowest, System.nanoTime() - start);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        long peakGrowth = peakHeap() - peakBefore;
        System.out.printf(
                "decoder fuzz: %,d mutants of %d seeds; outcomes %s; slowest %.1f ms; heap peak grew %,d MB%n",
                MUTANTS, seeds.size(), outcomes, slowest / 1e6, peakGrowth >> 20);
        // both kinds of outcome happen, so the mutations reach past the first check and into the records
        assertThat(outcomes.getOrDefault("decoded", 0)).isPositive();
        assertThat(outcomes.keySet()).contains("corrupt-block", "too-large");
        assertThat(slowest).as("the slowest message, in ns").isLessThan(5_000_000_000L);
        // the packets are at most a few hundred KB: no mutant may make the decoder allocate like a 2 GiB claim would
        assertThat(peakGrowth).as("growth of the heap's peak, in bytes").isLessThan(1L << 30);
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Testbed packets with and without history and cutouts, and the real ZTF packets where they are kept. */
    public static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        double jd = 2461370.5;
        seeds.add(MockAlerts.containerFile(MockAlert.simple("ZTF26fuzzaaa", 1, jd, 10, 20, 18)));
        seeds.add(MockAlerts.containerFileWithCutouts(MockAlert.simple("ZTF26fuzzaab", 2, jd, 200, -30, 19.5)));
        Path real = RealAlertConformanceTest.ALERTS.resolve("ztf");
        if (Files.isDirectory(real)) {
            try (Stream<Path> files = Files.list(real)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".avro"))
                        .sorted()
                        .toList()) {
                    seeds.add(Files.readAllBytes(file));
                }
            }
        }
        return seeds;
    }

    /** One to three mutations of the seed. */
    public static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] bytes = seed.clone();
        int times = 1 + random.nextInt(3);
        for (int t = 0; t < times && bytes.length > 8; t++) {
            bytes = switch (random.nextInt(7)) {
                case 0 -> flip(bytes, random);
                case 1 -> hugeVarint(bytes, random);
                case 2 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 3 -> editSchema(bytes, random);
                case 4 -> swapCodec(bytes, random);
                case 5 -> duplicateRange(bytes, random);
                default -> negativeVarint(bytes, random);
            };
        }
        return bytes;
    }

    private static byte[] flip(byte[] bytes, SplittableRandom random) {
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    /** A length or count somewhere claims up to 2^62. */
    private static byte[] hugeVarint(byte[] bytes, SplittableRandom random) {
        long value = 1L << (20 + random.nextInt(43));
        return splice(bytes, random.nextInt(bytes.length), zigzag(value));
    }

    private static byte[] negativeVarint(byte[] bytes, SplittableRandom random) {
        return splice(bytes, random.nextInt(bytes.length), zigzag(-1 - random.nextInt(1 << 20)));
    }

    private static byte[] zigzag(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    /** Overwrites bytes at {@code at} with {@code with} (the length stays, so what follows is misread). */
    private static byte[] splice(byte[] bytes, int at, byte[] with) {
        for (int i = 0; i < with.length && at + i < bytes.length; i++) {
            bytes[at + i] = with[i];
        }
        return bytes;
    }

    /** Renames a type or a field in the schema text of the header (same length, so the header still parses). */
    private static byte[] editSchema(byte[] bytes, SplittableRandom random) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String[][] edits = {
            {"\"double\"", "\"string\""}, {"\"long\"", "\"null\""}, {"\"float\"", "\"bytes\""},
            {"\"string\"", "\"double\""}, {"\"record\"", "\"array\" "}, {"\"null\"", "\"long\""}
        };
        String[] edit = edits[random.nextInt(edits.length)];
        int at = text.indexOf(edit[0], random.nextInt(Math.max(1, Math.min(text.length(), 4096))));
        if (at < 0 || edit[0].length() != edit[1].length()) {
            return flip(bytes, random);
        }
        return (text.substring(0, at) + edit[1] + text.substring(at + edit[0].length()))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] swapCodec(byte[] bytes, SplittableRandom random) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("avro.codec");
        if (at < 0) {
            return flip(bytes, random);
        }
        // the codec's value follows its key: "null" (4 bytes) becomes another four-letter name
        String[] codecs = {"zstd", "xz\0\0", "snap", "gzip"};
        return splice(
                bytes,
                at + "avro.codec".length() + 1,
                codecs[random.nextInt(codecs.length)].getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] duplicateRange(byte[] bytes, SplittableRandom random) {
        int from = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - from, 1 + random.nextInt(256));
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + length);
        out.write(bytes, 0, from + length);
        out.write(bytes, from, length);
        out.write(bytes, from + length, bytes.length - from - length);
        return out.toByteArray();
    }
}
