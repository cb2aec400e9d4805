package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;

class AlertDecoderTest {

    private static final SourceCoordinates SOURCE = new SourceCoordinates("ztf_20261126_programid1", 2, 41);

    private final AlertDecoder decoder = TestStreams.decoder(TestStreams.ztf());

    private static MockAlert sample(String objectId, long candid, double mag) {
        return MockAlert.simple(objectId, candid, 2461370.75, 150.125, 2.25, mag);
    }

    @Test
    void decodesAContainerFileThroughTheZtfProfile() throws Exception {
        List<Alert> alerts = decoder.decode(SOURCE, MockAlerts.containerFile(sample("ZTF26aaaaaaa", 7L, 17.25)));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.objectId()).isEqualTo("ZTF26aaaaaaa");
            assertThat(alert.alertId()).isEqualTo(7L);
            assertThat(alert.ra()).isEqualTo(150.125);
            assertThat(alert.dec()).isEqualTo(2.25);
            assertThat(alert.mjd()).isEqualTo(61370.25);
            assertThat(alert.magnitude()).isEqualTo(17.25);
            assertThat(alert.band()).isEqualTo("r");
            assertThat(alert.source()).isEqualTo(SOURCE);
            assertThat(alert.record().get("candidate")).isInstanceOf(GenericRecord.class);
        });
    }

    @Test
    void parsesEachWriterSchemaOnceAcrossMessages() throws Exception {
        List<Alert> decoded = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            decoded.addAll(decoder.decode(SOURCE, MockAlerts.containerFile(sample("ZTF26aaaaaab", i, 18.0))));
        }
        assertThat(decoder.cachedSchemas()).isEqualTo(1);
        // the same parsed schema, not one parsed again per message: the cache is hit
        assertThat(decoded)
                .hasSize(5)
                .allSatisfy(alert -> assertThat(alert.record().getSchema())
                        .isSameAs(decoded.get(0).record().getSchema()));

        decoder.decode(SOURCE, containerFile(otherZtfShapedSchema(), CodecFactory.nullCodec()));
        assertThat(decoder.cachedSchemas()).isEqualTo(2);
    }

    @Test
    void decodesDeflateCompressedFilesAndEveryRecordOfAFile() throws Exception {
        Schema schema = MockAlerts.schema();
        List<GenericRecord> records = List.of(
                MockAlerts.toRecord(sample("ZTF26aaaaaac", 1, 16.0)),
                MockAlerts.toRecord(sample("ZTF26aaaaaad", 2, 17.0)),
                MockAlerts.toRecord(sample("ZTF26aaaaaae", 3, 18.0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.setCodec(CodecFactory.deflateCodec(6));
            writer.create(schema, out);
            for (GenericRecord record : records) {
                writer.append(record);
            }
        }

        List<Alert> alerts = decoder.decode(SOURCE, out.toByteArray());

        assertThat(alerts).extracting(Alert::objectId).containsExactly("ZTF26aaaaaac", "ZTF26aaaaaad", "ZTF26aaaaaae");
        assertThat(alerts).extracting(Alert::magnitude).containsExactly(16.0, 17.0, 18.0);
    }

    @Test
    void rejectsAMessageFromATopicNoStreamReads() {
        assertThatThrownBy(() -> decoder.decode(
                        new SourceCoordinates("somebody-elses-topic", 0, 0),
                        MockAlerts.containerFile(sample("ZTF26nostream", 1L, 18.0))))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown-stream"));
    }

    @Test
    void rejectsAnEmptyMessage() {
        assertThatThrownBy(() -> decoder.decode(SOURCE, new byte[0]))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("empty"));
    }

    @Test
    void rejectsBytesThatAreNeitherAContainerFileNorFramed() {
        assertThatThrownBy(() -> decoder.decode(SOURCE, "{\"objectId\": \"x\"}".getBytes()))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown-format"));
    }

    @Test
    void rejectsATruncatedFile() {
        byte[] whole = MockAlerts.containerFile(sample("ZTF26aaaaaaf", 9, 17.0));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 40);

        assertThatThrownBy(() -> decoder.decode(SOURCE, truncated))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("corrupt-block"));
    }

    @Test
    void rejectsAFileWhoseSyncMarkerIsDamaged() {
        byte[] bytes = MockAlerts.containerFile(sample("ZTF26aaaaaag", 9, 17.0));
        bytes[bytes.length - 1] ^= 0x5a;

        assertThatThrownBy(() -> decoder.decode(SOURCE, bytes))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("corrupt-block"));
    }

    @Test
    void rejectsARecordThatIsNotZtfShaped() throws IOException {
        Schema schema = SchemaBuilder.record("weather")
                .fields()
                .requiredDouble("temperature")
                .endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("temperature", 12.5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, out);
            writer.append(record);
        }

        assertThatThrownBy(() -> decoder.decode(SOURCE, out.toByteArray()))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("profile-mismatch"));
    }

    /** A different ZTF-shaped writer schema: the mock schema under another namespace. */
    private static Schema otherZtfShapedSchema() {
        return new Schema.Parser().parse(MockAlerts.schema().toString().replace("fountain.mock", "fountain.other"));
    }

    private static byte[] containerFile(Schema schema, CodecFactory codec) throws IOException {
        GenericRecord record = MockAlerts.toRecord(sample("ZTF26aaaaaah", 99, 15.0));
        GenericRecord copy = GenericData.get().deepCopy(schema, record);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.setCodec(codec);
            writer.create(schema, out);
            writer.append(copy);
        }
        return out.toByteArray();
    }
}
