package org.fountain.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real ZTF packets kept beside the project in {@code ../shared/alerts/ztf} (ZTF 3.3, 4.01 and 4.02: 103 candidate
 * fields, 57 per history entry, {@code fp_hists}, three cutouts), read in place for the benchmarks. Where the folder is
 * absent, a benchmark on them stops with a message saying so.
 */
final class RealPackets {

    static final Path ZTF = Path.of("..", "shared", "alerts", "ztf");

    private RealPackets() {}

    static List<byte[]> ztf() {
        if (!Files.isDirectory(ZTF)) {
            throw new IllegalStateException(
                    ZTF.toAbsolutePath() + " is absent: the real-packet benchmarks need the ZTF samples there");
        }
        try (Stream<Path> files = Files.list(ZTF)) {
            return files.filter(f -> f.toString().endsWith(".avro"))
                    .sorted()
                    .map(RealPackets::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
