package org.fountain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.AlertDecoder;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Filters are type-checked against the schema learnt from a stream's first alert and kept: a later packet with a
 * foreign writer schema (here one without {@code candidate.rb}) does not make filters that use the missing field stop
 * compiling.
 */
class TypingSchemaTest extends FountainIntegrationTest {

    private static final Schema FOREIGN = new Schema.Parser().parse("""
                {"type": "record", "name": "foreign_alert", "fields": [
                  {"name": "objectId", "type": "string"},
                  {"name": "candid", "type": "long"},
                  {"name": "candidate", "type": {"type": "record", "name": "foreign_candidate", "fields": [
                    {"name": "jd", "type": "double"}, {"name": "fid", "type": "int"},
                    {"name": "ra", "type": "double"}, {"name": "dec", "type": "double"},
                    {"name": "magpsf", "type": "float"}]}}]}
                """);

    @Autowired
    Filters filters;

    @Autowired
    AlertDecoder decoder;

    @Test
    void aPacketWithAForeignWriterSchemaDoesNotChangeWhichFiltersCompile() throws Exception {
        publish(MockAlert.simple("ZTF26typing1", 801, jdNow(), 30.0, 30.0, 18.0));
        await().atMost(SECONDS_20)
                .until(() -> decoder.latestWriterSchema("ztf")
                        .map(s -> s.getName().equals("alert"))
                        .orElse(false));
        filters.validate("ztf", "candidate.rb > 0.5");

        publishRaw(foreignPacket());
        await().atMost(SECONDS_20)
                .until(() -> decoder.latestWriterSchema("ztf")
                        .map(s -> s.getName().equals("foreign_alert"))
                        .orElse(false));

        assertThatCode(() -> filters.validate("ztf", "candidate.rb > 0.5 && candidate.magpsf < 19.0"))
                .doesNotThrowAnyException();
    }

    private static byte[] foreignPacket() throws Exception {
        GenericRecord candidate =
                new GenericData.Record(FOREIGN.getField("candidate").schema());
        candidate.put("jd", jdNow());
        candidate.put("fid", 1);
        candidate.put("ra", 31.0);
        candidate.put("dec", 31.0);
        candidate.put("magpsf", 18.5f);
        GenericRecord alert = new GenericData.Record(FOREIGN);
        alert.put("objectId", "ZTF26typing2");
        alert.put("candid", 802L);
        alert.put("candidate", candidate);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(FOREIGN))) {
            writer.create(FOREIGN, out);
            writer.append(alert);
        }
        return out.toByteArray();
    }
}
