package org.fountain.alerts.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.fountain.alerts.UndecodableAlertException;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Crafted container files are refused with a reason, quickly and without exhausting memory. */
class HostileContainerFilesTest {

    private static final int TEN_MIB = 10 * 1024 * 1024;
    private static final byte[] SYNC = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String EMPTY_RECORD = "{\"type\":\"record\",\"name\":\"r\",\"fields\":[]}";
    private static final String ONE_BYTES_FIELD =
            "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"b\",\"type\":\"bytes\"}]}";

    private static final String ONE_STRING_FIELD =
            "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}";
    private static final String ARRAY_OF_NULLS = "{\"type\":\"record\",\"name\":\"r\",\"fields\":"
            + "[{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":\"null\"}}]}";

    private final ContainerFileReader reader = new ContainerFileReader(TEN_MIB);

    @Test
    void aBlockClaimingTwoToTheSixtySecondEmptyRecordsIsRefused() throws Exception {
        byte[] message = file(EMPTY_RECORD, "null", 1L << 62, new byte[0]);
        assertRefused(message, "too-many-records");
    }

    @Test
    void aDeflateBlockInflatingBeyondTheLimitIsRefused() throws Exception {
        byte[] record = record(new byte[TEN_MIB + 1024]);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(record);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        byte[] message = file(ONE_BYTES_FIELD, "deflate", 1, compressed.toByteArray());
        assertRefused(message, "too-large");
    }

    @Test
    void aSnappyBlockInflatingBeyondTheLimitIsRefused() throws Exception {
        byte[] record = record(new byte[TEN_MIB + 1024]);
        byte[] compressed = Snappy.compress(record);
        CRC32 crc = new CRC32();
        crc.update(record);
        byte[] block = ByteBuffer.allocate(compressed.length + 4)
                .put(compressed)
                .putInt((int) crc.getValue())
                .array();
        byte[] message = file(ONE_BYTES_FIELD, "snappy", 1, block);
        assertRefused(message, "too-large");
    }

    @Test
    void aStringClaimingAGibibyteIsRefusedBeforeAnythingIsAllocated() throws Exception {
        assertThat(AvroLimits.inEffect()).as("Avro read Fountain's limits").isTrue();
        byte[] message = file(ONE_STRING_FIELD, "null", 1, varint(1L << 30));
        assertRefused(message, "too-large");
    }

    @Test
    void anArrayClaimingTwoBillionNullsIsRefused() throws Exception {
        byte[] message = file(ARRAY_OF_NULLS, "null", 1, varint(Integer.MAX_VALUE - 16));
        assertRefused(message, "too-large");
    }

    @Test
    void aStringAtTheLimitIsRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeString("x".repeat(AvroLimits.MAX_STRING_BYTES));
        encoder.flush();
        byte[] message = file(ONE_STRING_FIELD, "null", 1, out.toByteArray());
        assertThat(reader.read(message).get(0).get("s").toString()).hasSize(AvroLimits.MAX_STRING_BYTES);
    }

    @Test
    void aWriterSchemaWhoseDefaultsDoNotMatchTheirTypesIsRead() throws Exception {
        String schema = "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"},"
                + "{\"name\":\"n\",\"type\":[\"null\",\"int\"],\"default\":\"none\"}]}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeString("ZTF26default");
        encoder.writeIndex(1);
        encoder.writeInt(7);
        encoder.flush();
        var record = reader.read(file(schema, "null", 1, out.toByteArray())).get(0);
        assertThat(record.get("s").toString()).isEqualTo("ZTF26default");
        assertThat(record.get("n")).isEqualTo(7);
    }

    @Test
    void aFileAtTheRecordLimitIsRead() throws Exception {
        byte[] message = file(EMPTY_RECORD, "null", ContainerFileReader.MAX_RECORDS, new byte[0]);
        assertThat(reader.read(message)).hasSize(ContainerFileReader.MAX_RECORDS);
    }

    private void assertRefused(byte[] message, String reason) {
        assertThatThrownBy(() -> reader.read(message))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** A length or count as Avro writes it, with nothing after it. */
    private static byte[] varint(long value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeLong(value);
        encoder.flush();
        return out.toByteArray();
    }

    /** One record of {@link #ONE_BYTES_FIELD}: the length, then the bytes. */
    private static byte[] record(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeBytes(bytes);
        encoder.flush();
        return out.toByteArray();
    }

    /** A container file with one block of {@code count} records whose (encoded) bytes are {@code block}. */
    private static byte[] file(String schema, String codec, long count, byte[] block) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeFixed(new byte[] {'O', 'b', 'j', 1});
        encoder.writeMapStart();
        encoder.setItemCount(2);
        encoder.startItem();
        encoder.writeString("avro.schema");
        encoder.writeBytes(schema.getBytes(StandardCharsets.UTF_8));
        encoder.startItem();
        encoder.writeString("avro.codec");
        encoder.writeBytes(codec.getBytes(StandardCharsets.UTF_8));
        encoder.writeMapEnd();
        encoder.writeFixed(SYNC);
        encoder.writeLong(count);
        encoder.writeLong(block.length);
        encoder.writeFixed(block);
        encoder.writeFixed(SYNC);
        encoder.flush();
        return out.toByteArray();
    }
}
