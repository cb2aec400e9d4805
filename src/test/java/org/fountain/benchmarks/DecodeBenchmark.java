package org.fountain.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.StreamDefinition;
import org.fountain.alerts.StreamsProperties;
import org.fountain.alerts.TestPayloads;
import org.fountain.alerts.WireFormat;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding throughput, one thread, on ZTF-size packets: about 70 KB each, with three ~21 KB cutouts and 20 history
 * entries, in every wire format Fountain reads. The figure is alerts decoded per second, profile applied, through the
 * same {@link AlertDecoder} the listener uses (readers cached by writer schema).
 *
 * <p>Run: {@code ./mvnw -Pbenchmark verify} (see README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DecodeBenchmark {

    private static final int PACKETS = 64;
    private static final int SCHEMA_ID = 4207;

    /** The synthetic packets in each wire format, and {@code real-ztf}: the real ZTF packets in ../shared/alerts. */
    @Param({"container", "container-deflate", "container-snappy", "container-gzip", "confluent", "raw", "real-ztf"})
    public String format;

    private AlertDecoder decoder;
    private SourceCoordinates source;
    private byte[][] packets;
    private int next;
    private Path schemaDir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        schemaDir = Files.createTempDirectory("fountain-bench-schema");
        Path version = Files.createDirectories(schemaDir.resolve("42").resolve("7"));
        Files.writeString(
                version.resolve("fountain.alert.avsc"), MockAlerts.schema().toString());
        Path rawSchema = schemaDir.resolve("raw.avsc");
        Files.writeString(rawSchema, MockAlerts.schema().toString());
        StreamDefinition stream = new StreamDefinition(
                "bench",
                "bench-.*",
                format.equals("raw") ? WireFormat.RAW : WireFormat.AUTO,
                org.fountain.alerts.Profile.ZTF,
                null,
                null,
                schemaDir.toString(),
                rawSchema.toString());
        decoder = new AlertDecoder(new StreamsProperties(List.of(stream), 10 * 1024 * 1024));
        source = new SourceCoordinates("bench-alerts", 0, 0);
        if (format.equals("real-ztf")) {
            packets = RealPackets.ztf().toArray(byte[][]::new);
            System.out.printf(
                    "%n%s: %d real ZTF packets, %.1f KB on average%n",
                    format,
                    packets.length,
                    java.util.Arrays.stream(packets)
                                    .mapToInt(p -> p.length)
                                    .average()
                                    .orElse(0)
                            / 1024.0);
            return;
        }
        SplittableRandom random = new SplittableRandom(42);
        packets = new byte[PACKETS][];
        long total = 0;
        for (int i = 0; i < PACKETS; i++) {
            packets[i] = encode(ztfSizedAlert(random, i));
            total += packets[i].length;
        }
        System.out.printf("%n%s: %d packets, %.1f KB on average%n", format, PACKETS, total / 1024.0 / PACKETS);
    }

    @Benchmark
    public Alert decode() throws Exception {
        byte[] packet = packets[next];
        next = (next + 1) % packets.length;
        return decoder.decode(source, packet).get(0);
    }

    private GenericRecord ztfSizedAlert(SplittableRandom random, int i) {
        List<MockAlert.PastPoint> history = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            history.add(
                    p % 4 == 3
                            ? new MockAlert.PastPoint(2461300.5 + p, 1 + p % 2, null, 20.3, null, null)
                            : new MockAlert.PastPoint(
                                    2461300.5 + p, 1 + p % 2, 3_000_000L + p, 20.5, 18.0 + p * 0.01, 0.05));
        }
        MockAlert alert = MockAlert.withHistory(
                "ZTF26bench" + (char) ('a' + i % 26),
                4_000_000L + i,
                2461370.5 + i * 1e-4,
                random.nextDouble(360),
                random.nextDouble(-30, 80),
                random.nextDouble(15, 21),
                history);
        GenericRecord record = MockAlerts.toRecord(alert);
        Schema cutout = MockAlerts.schema()
                .getField("cutoutScience")
                .schema()
                .getTypes()
                .get(1);
        for (String name : List.of("cutoutScience", "cutoutTemplate", "cutoutDifference")) {
            GenericRecord stamp = new GenericData.Record(cutout);
            byte[] fitsGz = new byte[21_500];
            random.nextBytes(fitsGz);
            stamp.put("fileName", "candid" + alert.candid() + "_" + name + ".fits.gz");
            stamp.put("stampData", ByteBuffer.wrap(fitsGz));
            record.put(name, stamp);
        }
        return record;
    }

    private byte[] encode(GenericRecord record) throws IOException {
        return switch (format) {
            case "container" -> containerFile(record, CodecFactory.nullCodec());
            case "container-deflate" -> containerFile(record, CodecFactory.deflateCodec(6));
            case "container-snappy" -> containerFile(record, CodecFactory.snappyCodec());
            case "container-gzip" -> TestPayloads.gzip(containerFile(record, CodecFactory.nullCodec()));
            case "confluent" -> {
                byte[] body = body(record);
                yield ByteBuffer.allocate(5 + body.length)
                        .put((byte) 0)
                        .putInt(SCHEMA_ID)
                        .put(body)
                        .array();
            }
            case "raw" -> body(record);
            default -> throw new IllegalArgumentException(format);
        };
    }

    private static byte[] containerFile(GenericRecord record, CodecFactory codec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer =
                new DataFileWriter<>(new GenericDatumWriter<>(MockAlerts.schema()))) {
            writer.setCodec(codec);
            writer.create(MockAlerts.schema(), out);
            writer.append(record);
        }
        return out.toByteArray();
    }

    private static byte[] body(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(MockAlerts.schema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
