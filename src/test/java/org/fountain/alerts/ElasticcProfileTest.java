package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ELAsTiCC-shaped packets (the alert's {@code alertId} at the top, the detection named as in Rubin's schemas before
 * 5.0) are read by the {@code elasticc} profile and, through its older names, by the {@code lsst} profile.
 */
class ElasticcProfileTest {

    private static final String SOURCE_FIELDS = "{\"name\":\"diaSourceId\",\"type\":\"long\"},"
            + "{\"name\":\"diaObjectId\",\"type\":[\"null\",\"long\"],\"default\":null},"
            + "{\"name\":\"midPointTai\",\"type\":\"double\"},"
            + "{\"name\":\"filterName\",\"type\":\"string\"},"
            + "{\"name\":\"ra\",\"type\":\"double\"},"
            + "{\"name\":\"decl\",\"type\":\"double\"},"
            + "{\"name\":\"psFlux\",\"type\":\"float\"},"
            + "{\"name\":\"psFluxErr\",\"type\":\"float\"},"
            + "{\"name\":\"snr\",\"type\":\"float\"}";

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"alert\",\"namespace\":\"elasticc.v0_9_1\","
            + "\"fields\":["
            + "{\"name\":\"alertId\",\"type\":\"long\"},"
            + "{\"name\":\"diaSource\",\"type\":{\"type\":\"record\",\"name\":\"diaSource\",\"fields\":["
            + SOURCE_FIELDS + "]}},"
            + "{\"name\":\"prvDiaSources\",\"type\":[\"null\",{\"type\":\"array\",\"items\":\"diaSource\"}],"
            + "\"default\":null},"
            + "{\"name\":\"diaObject\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"diaObject\",\"fields\":["
            + "{\"name\":\"diaObjectId\",\"type\":\"long\"}]}],\"default\":null}]}";

    @ParameterizedTest(name = "profile {0}")
    @EnumSource(
            value = Profile.class,
            names = {"ELASTICC", "LSST"})
    void readsAnElasticcShapedPacket(Profile profile) throws Exception {
        Schema schema = new Schema.Parser().parse(SCHEMA);
        GenericRecord source = source(schema.getField("diaSource").schema(), 1001L, 60_800.125);
        GenericRecord earlier = source(schema.getField("diaSource").schema(), 1000L, 60_790.5);
        GenericRecord object = new GenericData.Record(
                schema.getField("diaObject").schema().getTypes().get(1));
        object.put("diaObjectId", 77L);
        GenericRecord alert = new GenericData.Record(schema);
        alert.put("alertId", 5_000_123L);
        alert.put("diaSource", source);
        alert.put("prvDiaSources", List.of(earlier));
        alert.put("diaObject", object);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(alert, encoder);
        encoder.flush();
        AlertDecoder decoder = TestStreams.decoder(
                new StreamDefinition("elasticc", "elasticc-.*", WireFormat.AUTO, profile, null, null, null, null));

        List<Alert> alerts = decoder.decode(
                new SourceCoordinates("elasticc-test", 0, 0), TestPayloads.containerFile(SCHEMA, out.toByteArray()));

        Alert read = alerts.get(0);
        assertThat(read.alertId()).isEqualTo(5_000_123L);
        assertThat(read.objectId()).isEqualTo("77");
        assertThat(read.ra()).isEqualTo(150.25);
        assertThat(read.dec()).isEqualTo(-2.5);
        assertThat(read.mjd()).isEqualTo(60_800.125);
        // 3631 nJy is AB magnitude 31.4 - 2.5 log10(3631) = 22.49993
        assertThat(read.magnitude()).isCloseTo(22.49993, within(1e-4));
        assertThat(read.band()).isEqualTo("i");
        assertThat(read.historyLength()).isEqualTo(1);
    }

    private static GenericRecord source(Schema schema, long id, double mjd) {
        GenericRecord source = new GenericData.Record(schema);
        source.put("diaSourceId", id);
        source.put("diaObjectId", 77L);
        source.put("midPointTai", mjd);
        source.put("filterName", "i");
        source.put("ra", 150.25);
        source.put("decl", -2.5);
        source.put("psFlux", 3631.0f);
        source.put("psFluxErr", 12.0f);
        source.put("snr", 300.0f);
        return source;
    }
}
