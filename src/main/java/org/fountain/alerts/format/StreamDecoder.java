package org.fountain.alerts.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.fountain.alerts.Alert;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.StreamDefinition;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.alerts.UndecodableReason;
import org.fountain.alerts.WireFormat;
import org.fountain.alerts.profile.StreamProfile;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;

/**
 * Decodes the messages of one stream: unwraps gzip, detects the framing, decodes every record with its writer schema,
 * and reads the common concepts through the stream's profile.
 */
public final class StreamDecoder {

    static {
        AvroLimits.apply();
    }

    private static final int CONFLUENT_HEADER = 5;

    private final String stream;
    private final WireFormat format;
    private final int maxMessageBytes;
    private final StreamProfile profile;
    private final ContainerFileReader containerFiles;
    private final List<SchemaSource> schemaSources;
    private final @Nullable GenericDatumReader<GenericRecord> rawReader;
    private final ConcurrentMap<Integer, GenericDatumReader<GenericRecord>> framedReaders = new ConcurrentHashMap<>();
    private volatile @Nullable Schema latestSchema;

    public StreamDecoder(StreamDefinition definition, int maxMessageBytes, ContainerFileReader containerFiles) {
        this.stream = definition.name();
        this.format = definition.format();
        this.maxMessageBytes = maxMessageBytes;
        this.profile = new StreamProfile(definition.mapping());
        this.containerFiles = containerFiles;
        List<SchemaSource> sources = new ArrayList<>();
        String directory = definition.schemaDirectory();
        if (present(directory)) {
            sources.add(new SchemaDirectory(directory.strip()));
        }
        String registry = definition.schemaRegistryUrl();
        if (present(registry)) {
            sources.add(new SchemaRegistry(registry));
        }
        this.schemaSources = List.copyOf(sources);
        String rawSchema = definition.rawSchema();
        this.rawReader = present(rawSchema) ? new GenericDatumReader<>(parseFile(definition.name(), rawSchema)) : null;
    }

    public String stream() {
        return stream;
    }

    /** The writer schema of the latest alert decoded, or null before the first. */
    public @Nullable Schema latestSchema() {
        return latestSchema;
    }

    public List<Alert> decode(SourceCoordinates source, byte[] payload) throws UndecodableAlertException {
        List<GenericRecord> records = records(payload);
        List<Alert> alerts = new ArrayList<>(records.size());
        for (GenericRecord record : records) {
            alerts.add(profile.toAlert(stream, source, record));
            if (record.getSchema() != latestSchema) {
                latestSchema = record.getSchema();
            }
        }
        return alerts;
    }

    /** The decoded records of a message, before the profile is applied. */
    public List<GenericRecord> records(byte[] payload) throws UndecodableAlertException {
        if (payload == null || payload.length == 0) {
            throw UndecodableAlertException.because(UndecodableReason.EMPTY, "empty message");
        }
        if (payload.length > maxMessageBytes) {
            throw UndecodableAlertException.because(
                    UndecodableReason.TOO_LARGE, payload.length + " bytes, more than the limit of " + maxMessageBytes);
        }
        byte[] bytes = isGzip(payload) ? gunzip(payload) : payload;
        return switch (format) {
            case CONTAINER -> containerFiles.read(bytes);
            case CONFLUENT -> List.of(framed(bytes));
            case RAW -> List.of(raw(bytes));
            case AUTO -> {
                if (ContainerFileReader.looksLikeContainerFile(bytes)) {
                    yield containerFiles.read(bytes);
                } else if (bytes[0] == 0 && bytes.length >= CONFLUENT_HEADER && !schemaSources.isEmpty()) {
                    yield List.of(framed(bytes));
                } else if (rawReader != null) {
                    yield List.of(raw(bytes));
                } else if (bytes[0] == 0 && bytes.length >= CONFLUENT_HEADER) {
                    throw UndecodableAlertException.because(
                            UndecodableReason.NO_SCHEMA_SOURCE,
                            "Confluent-framed message, but stream " + stream
                                    + " has no schema registry or schema directory");
                }
                throw UndecodableAlertException.because(
                        UndecodableReason.UNKNOWN_FORMAT,
                        "neither an Avro container file nor a Confluent-framed message");
            }
        };
    }

    private GenericRecord framed(byte[] bytes) throws UndecodableAlertException {
        if (bytes.length < CONFLUENT_HEADER || bytes[0] != 0) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_MAGIC, "not Confluent-framed (no leading zero byte)");
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        GenericDatumReader<GenericRecord> reader = framedReaders.get(id);
        if (reader == null) {
            reader = new GenericDatumReader<>(schemaFor(id));
            framedReaders.putIfAbsent(id, reader);
        }
        return readSingle(reader, bytes, CONFLUENT_HEADER);
    }

    private Schema schemaFor(int id) throws UndecodableAlertException {
        if (schemaSources.isEmpty()) {
            throw UndecodableAlertException.because(
                    UndecodableReason.NO_SCHEMA_SOURCE,
                    "stream " + stream + " has no schema registry or schema directory");
        }
        UndecodableAlertException last = null;
        for (SchemaSource source : schemaSources) {
            try {
                return source.schemaFor(id);
            } catch (UndecodableAlertException e) {
                last = e;
                if (e.kind() != UndecodableReason.UNKNOWN_SCHEMA_ID) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private GenericRecord raw(byte[] bytes) throws UndecodableAlertException {
        if (rawReader == null) {
            throw UndecodableAlertException.because(
                    UndecodableReason.NO_SCHEMA_SOURCE, "stream " + stream + " has no raw schema");
        }
        return readSingle(rawReader, bytes, 0);
    }

    private static GenericRecord readSingle(GenericDatumReader<GenericRecord> reader, byte[] bytes, int offset)
            throws UndecodableAlertException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null);
        try {
            GenericRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw UndecodableAlertException.because(
                        UndecodableReason.CORRUPT_RECORD,
                        "bytes left over after the record: wrong schema or corrupt message");
            }
            return record;
        } catch (SystemLimitException | UnsupportedOperationException e) {
            // Avro refuses a length past its limits (Fountain's) or past what Java can hold
            throw UndecodableAlertException.because(
                    UndecodableReason.TOO_LARGE, "a value claims more than a packet may hold: " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.CORRUPT_RECORD, "cannot decode the record: " + e, e);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private byte[] gunzip(byte[] bytes) throws UndecodableAlertException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 64 * 1024)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxMessageBytes) {
                    throw UndecodableAlertException.because(
                            UndecodableReason.TOO_LARGE,
                            "gzip payload inflates past the limit of " + maxMessageBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            if (out.size() == 0) {
                throw UndecodableAlertException.because(UndecodableReason.EMPTY, "gzip payload is empty");
            }
            return out.toByteArray();
        } catch (ZipException | EOFException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_GZIP, "corrupt gzip payload: " + e.getMessage(), e);
        } catch (IOException e) {
            throw UndecodableAlertException.because(UndecodableReason.BAD_GZIP, "unreadable gzip payload: " + e, e);
        }
    }

    @Contract("null -> false")
    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static Schema parseFile(String stream, String rawSchema) {
        try {
            return new Schema.Parser().setValidateDefaults(false).parse(Files.readString(Path.of(rawSchema)));
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalStateException("stream " + stream + ": cannot read raw schema " + rawSchema + ": " + e, e);
        }
    }
}
