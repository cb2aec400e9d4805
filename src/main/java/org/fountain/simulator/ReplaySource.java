package org.fountain.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.fountain.alerts.SchemaCatalog;
import org.fountain.alerts.Sky;
import org.fountain.alerts.UndecodableAlertException;
import org.jspecify.annotations.Nullable;

/**
 * Replays a folder of real alert files in a loop: container files go to today's ZTF-shaped topic, Confluent frames to
 * the Rubin topic. With rewriting on, each pass gets new alert ids and its times shifted to now (ZTF: {@code candid},
 * {@code jd}, {@code jdstarthist}, {@code jdendhist} and the history's {@code jd}; Rubin: {@code diaSourceId} and every
 * {@code midpointMjdTai}), so the portal sees new alerts of the same objects.
 */
final class ReplaySource implements MessageSource {

    private static final byte[] CONTAINER_MAGIC = {'O', 'b', 'j', 1};

    private final SimulatorProperties properties;
    private final List<Path> files;
    private final @Nullable SchemaCatalog schemas;
    private int next;
    private long nextId = 3_500_000_000_000_000_000L;

    ReplaySource(SimulatorProperties properties) {
        this.properties = properties;
        Path folder = Path.of(properties.replay().folder());
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("replay folder " + folder.toAbsolutePath() + " does not exist");
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            this.files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().matches(".*\\.(avsc|md|txt|json)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("replay folder " + folder.toAbsolutePath() + " holds no alert files");
        }
        String schemaDirectory = properties.replay().schemaDirectory();
        this.schemas = schemaDirectory == null || schemaDirectory.isBlank() ? null : new SchemaCatalog(schemaDirectory);
    }

    int files() {
        return files.size();
    }

    @Override
    public synchronized MockMessage next(double jd) {
        Path file = files.get(next);
        next = (next + 1) % files.size();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        byte[] key = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        boolean container = bytes.length >= 4 && Arrays.equals(bytes, 0, 4, CONTAINER_MAGIC, 0, 4);
        boolean framed = !container && bytes.length > 5 && bytes[0] == 0;
        boolean rewrite = properties.replay().rewrite();
        if (framed) {
            return new MockMessage(
                    properties.lsstTopic(), key, rewrite && schemas != null ? rewriteFrame(bytes, jd) : bytes);
        }
        String topic = Topics.ztf(properties.topicPrefix(), jd);
        return new MockMessage(topic, key, rewrite && container ? rewriteContainer(bytes, jd) : bytes);
    }

    @Override
    public String describe() {
        return "replay of " + files.size() + " files from "
                + properties.replay().folder() + (properties.replay().rewrite() ? " with new ids and times" : "");
    }

    private byte[] rewriteContainer(byte[] bytes, double jd) {
        try (DataFileStream<GenericRecord> in =
                new DataFileStream<>(new ByteArrayInputStream(bytes), new GenericDatumReader<>())) {
            Schema schema = in.getSchema();
            List<GenericRecord> records = new ArrayList<>();
            while (in.hasNext()) {
                GenericRecord record = in.next();
                GenericRecord candidate = (GenericRecord) record.get("candidate");
                if (candidate != null && candidate.get("jd") instanceof Double oldJd) {
                    long id = nextId++;
                    setIfPresent(record, "candid", id);
                    setIfPresent(candidate, "candid", id);
                    shift(record, jd - oldJd, List.of("jd", "jdstarthist", "jdendhist"));
                }
                records.add(record);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
                writer.create(schema, out);
                for (GenericRecord record : records) {
                    writer.append(record);
                }
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return bytes;
        }
    }

    private byte[] rewriteFrame(byte[] bytes, double jd) {
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SchemaCatalog catalog = schemas;
        if (catalog == null) {
            return bytes;
        }
        try {
            Schema schema = catalog.schemaFor(id);
            GenericRecord record = new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            GenericRecord source = (GenericRecord) record.get("diaSource");
            if (source != null && source.get("midpointMjdTai") instanceof Double oldMjd) {
                long newId = nextId++;
                setIfPresent(record, "diaSourceId", newId);
                setIfPresent(source, "diaSourceId", newId);
                shift(record, (jd - Sky.MJD_OFFSET) - oldMjd, List.of("midpointMjdTai"));
            }
            return RubinPackets.frame(id, record);
        } catch (UndecodableAlertException | IOException | RuntimeException e) {
            return bytes;
        }
    }

    private static void setIfPresent(GenericRecord record, String field, long value) {
        if (record.getSchema().getField(field) != null) {
            record.put(field, value);
        }
    }

    /** Adds {@code delta} to every double field with one of these names, in nested records and arrays. */
    private static void shift(Object value, double delta, List<String> names) {
        if (value instanceof GenericRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                Object v = record.get(field.pos());
                if (names.contains(field.name()) && v instanceof Double d) {
                    record.put(field.pos(), d + delta);
                } else {
                    shift(v, delta, names);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                shift(item, delta, names);
            }
        }
    }
}
