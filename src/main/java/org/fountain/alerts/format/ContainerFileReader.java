package org.fountain.alerts.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.alerts.UndecodableReason;
import org.xerial.snappy.Snappy;

/**
 * Reads an Avro Object Container File held in one Kafka message (ZTF's wire format).
 *
 * <p>The header is parsed by hand so that the writer schema is parsed once per distinct schema, not once per
 * message: readers are cached by a cheap key of the schema text, and the whole text is compared on a hit so a
 * collision can never pick the wrong reader.
 */
public final class ContainerFileReader {

    static {
        AvroLimits.apply();
    }

    private static final byte[] MAGIC = {'O', 'b', 'j', 1};
    private static final int SYNC_SIZE = 16;
    private static final int MAX_CACHED_SCHEMAS = 256;

    private final ConcurrentMap<Long, CachedReader> readers = new ConcurrentHashMap<>();

    private record CachedReader(byte[] schemaText, Schema schema, GenericDatumReader<GenericRecord> reader) {}

    /** More records than this in one message is not an alert packet (a block may claim 2^62 empty records). */
    public static final int MAX_RECORDS = 10_000;

    private final int maxBytes;

    /** A reader that refuses files whose blocks inflate beyond {@code maxBytes}. */
    public ContainerFileReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public static boolean looksLikeContainerFile(byte[] payload) {
        return payload.length >= MAGIC.length && Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Decodes every record of the file, in order. */
    public List<GenericRecord> read(byte[] payload) throws UndecodableAlertException {
        if (!looksLikeContainerFile(payload)) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_MAGIC, "not an Avro container file (no 'Obj\\1' magic)");
        }
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(payload, null);
        byte[] schemaText = null;
        String codec = "null";
        byte[] sync = new byte[SYNC_SIZE];
        try {
            in.skipFixed(MAGIC.length);
            for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                for (long i = 0; i < n; i++) {
                    String key = in.readString();
                    ByteBuffer value = in.readBytes(null);
                    if ("avro.schema".equals(key)) {
                        schemaText = toArray(value);
                    } else if ("avro.codec".equals(key)) {
                        codec = new String(toArray(value), StandardCharsets.UTF_8);
                    }
                }
            }
            in.readFixed(sync);
        } catch (IOException | RuntimeException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_HEADER, "unreadable container file header: " + e, e);
        }
        if (schemaText == null) {
            throw UndecodableAlertException.because(
                    UndecodableReason.NO_SCHEMA, "container file header has no avro.schema");
        }
        CachedReader reader = readerFor(schemaText);
        List<GenericRecord> records = new ArrayList<>(1);
        byte[] blockSync = new byte[SYNC_SIZE];
        try {
            while (!in.isEnd()) {
                long count = in.readLong();
                long size = in.readLong();
                if (count < 0 || size < 0 || size > payload.length) {
                    throw UndecodableAlertException.because(
                            UndecodableReason.CORRUPT_BLOCK,
                            "block header claims " + count + " records in " + size + " bytes");
                }
                if (count > MAX_RECORDS - records.size()) {
                    throw UndecodableAlertException.because(
                            UndecodableReason.TOO_MANY_RECORDS,
                            "block claims " + count + " records; a message may hold at most " + MAX_RECORDS);
                }
                BinaryDecoder block = blockDecoder(in, codec, (int) size);
                for (long i = 0; i < count; i++) {
                    records.add(reader.reader().read(null, block));
                }
                in.readFixed(blockSync);
                if (!Arrays.equals(sync, blockSync)) {
                    throw UndecodableAlertException.because(
                            UndecodableReason.CORRUPT_BLOCK, "sync marker mismatch after a block");
                }
            }
        } catch (SystemLimitException | UnsupportedOperationException e) {
            // Avro refuses a length past its limits (Fountain's) or past what Java can hold
            throw UndecodableAlertException.because(
                    UndecodableReason.TOO_LARGE, "a value claims more than a packet may hold: " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw UndecodableAlertException.because(UndecodableReason.CORRUPT_BLOCK, "cannot decode a record: " + e, e);
        }
        if (records.isEmpty()) {
            throw UndecodableAlertException.because(UndecodableReason.EMPTY, "container file holds no records");
        }
        return records;
    }

    private BinaryDecoder blockDecoder(BinaryDecoder in, String codec, int size)
            throws IOException, UndecodableAlertException {
        switch (codec) {
            case "null":
                return in;
            case "deflate": {
                byte[] compressed = new byte[size];
                in.readFixed(compressed);
                return DecoderFactory.get().binaryDecoder(inflate(compressed), null);
            }
            case "snappy": {
                byte[] compressed = new byte[size];
                in.readFixed(compressed);
                return DecoderFactory.get().binaryDecoder(unsnappy(compressed), null);
            }
            default:
                throw UndecodableAlertException.because(
                        UndecodableReason.UNSUPPORTED_CODEC, "unsupported codec '" + codec + "'");
        }
    }

    private byte[] inflate(byte[] compressed) throws UndecodableAlertException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buffer = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                if (out.size() + n > maxBytes) {
                    throw UndecodableAlertException.because(
                            UndecodableReason.TOO_LARGE, "deflate block inflates beyond " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.CORRUPT_BLOCK, "deflate block is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Avro's snappy blocks: snappy-compressed bytes followed by the CRC-32 of the uncompressed bytes. */
    private byte[] unsnappy(byte[] block) throws UndecodableAlertException {
        if (block.length < 4) {
            throw UndecodableAlertException.because(
                    UndecodableReason.CORRUPT_BLOCK, "snappy block shorter than its checksum");
        }
        try {
            int length = block.length - 4;
            if (!Snappy.isValidCompressedBuffer(block, 0, length)) {
                throw UndecodableAlertException.because(UndecodableReason.CORRUPT_BLOCK, "snappy block is corrupt");
            }
            int uncompressed = Snappy.uncompressedLength(block, 0, length);
            if (uncompressed > maxBytes) {
                throw UndecodableAlertException.because(
                        UndecodableReason.TOO_LARGE,
                        "snappy block inflates to " + uncompressed + " bytes, beyond " + maxBytes);
            }
            byte[] out = new byte[uncompressed];
            Snappy.uncompress(block, 0, length, out, 0);
            CRC32 crc = new CRC32();
            crc.update(out);
            int expected = ByteBuffer.wrap(block, length, 4).getInt();
            if ((int) crc.getValue() != expected) {
                throw UndecodableAlertException.because(
                        UndecodableReason.CORRUPT_BLOCK, "snappy block fails its checksum");
            }
            return out;
        } catch (IOException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.CORRUPT_BLOCK, "snappy block is corrupt: " + e.getMessage(), e);
        }
    }

    private CachedReader readerFor(byte[] schemaText) throws UndecodableAlertException {
        long key = keyOf(schemaText);
        CachedReader cached = readers.get(key);
        if (cached != null && Arrays.equals(cached.schemaText(), schemaText)) {
            return cached;
        }
        Schema schema;
        try {
            // defaults are not checked against their types: real survey schemas carry some that do not match, and
            // a reader never uses the writer's defaults
            schema = new Schema.Parser()
                    .setValidateDefaults(false)
                    .parse(new String(schemaText, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_SCHEMA, "writer schema rejected: " + e.getMessage(), e);
        }
        CachedReader fresh = new CachedReader(schemaText, schema, new GenericDatumReader<>(schema));
        if (cached == null && readers.size() < MAX_CACHED_SCHEMAS) {
            readers.putIfAbsent(key, fresh);
        }
        return fresh;
    }

    /**
     * A cheap key for a schema's text: its length and 64 bytes spread over it. Every message carries its schema, so
     * hashing all of it (tens of kilobytes) for every message cost more than decoding the alert; a hit is confirmed by
     * comparing the whole text, which the processor does many bytes at a time.
     */
    private static long keyOf(byte[] text) {
        long key = text.length;
        int step = Math.max(1, text.length / 64);
        for (int i = 0; i < text.length; i += step) {
            key = key * 31 + text[i];
        }
        return key;
    }

    /** How many distinct writer schemas have been parsed and cached. */
    public int cachedSchemas() {
        return readers.size();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
