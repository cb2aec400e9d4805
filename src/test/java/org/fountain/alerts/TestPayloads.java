package org.fountain.alerts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Message payloads for tests that Avro's own writers would not produce. */
public final class TestPayloads {

    /** A writer schema Java Avro rejects: a record declaring the same field twice. */
    public static final String DUPLICATE_FIELD_SCHEMA = "{\"type\":\"record\",\"name\":\"alert\",\"fields\":["
            + "{\"name\":\"candid\",\"type\":\"long\"},{\"name\":\"candid\",\"type\":\"long\"}]}";

    private TestPayloads() {}

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A one-record container file written byte by byte, so its header can hold any schema text. */
    public static byte[] containerFile(String schemaJson, byte[] oneRecord) {
        return containerFile(schemaJson, "null", oneRecord);
    }

    /** As above, with the codec named in its header (its block is written uncompressed whatever it says). */
    public static byte[] containerFile(String schemaJson, String codec, byte[] oneRecord) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {'O', 'b', 'j', 1});
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            encoder.writeMapStart();
            encoder.setItemCount(2);
            encoder.startItem();
            encoder.writeString("avro.schema");
            encoder.writeBytes(schemaJson.getBytes(StandardCharsets.UTF_8));
            encoder.startItem();
            encoder.writeString("avro.codec");
            encoder.writeBytes(codec.getBytes(StandardCharsets.UTF_8));
            encoder.writeMapEnd();
            byte[] sync = new byte[16];
            encoder.writeFixed(sync);
            encoder.writeLong(1);
            encoder.writeLong(oneRecord.length);
            encoder.writeFixed(oneRecord);
            encoder.writeFixed(sync);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
