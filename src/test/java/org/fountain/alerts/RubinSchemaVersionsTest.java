package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.fountain.alerts.format.SchemaDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code lsst} profile reads every Rubin schema version kept in {@code ../shared/alerts/lsst/schema} (7.0 to 11.x),
 * and the names of the versions before 5.0 ({@code midPointTai}, {@code psFlux}, {@code filterName}, {@code decl}).
 * There are no real packets of these versions, so each test fills the version's own schema with known values, frames
 * it as Rubin does (a zero byte, the schema id, schemaless Avro) and decodes it through the schema directory.
 */
class RubinSchemaVersionsTest {

    private static final Path SCHEMAS = RealAlertConformanceTest.ALERTS.resolve("lsst/schema");

    private static final long DIA_SOURCE_ID = 170_000_000_123L;
    private static final long DIA_OBJECT_ID = 170_000_000_456L;
    private static final double RA = 201.365;
    private static final double DEC = -43.019;
    private static final double MJD = 61_006.25;
    private static final double FLUX_NJY = 3631.0; // 31.4 - 2.5 log10(3631) = 22.49993 AB

    @BeforeAll
    static void needsTheSharedSchemas() {
        Assumptions.assumeTrue(
                Files.isDirectory(SCHEMAS),
                "../shared/alerts/lsst/schema is absent: the Rubin schema versions are there");
    }

    static Stream<Arguments> versions() throws Exception {
        List<Arguments> versions = new ArrayList<>();
        try (Stream<Path> majors = Files.list(SCHEMAS)) {
            for (Path major : majors.sorted().toList()) {
                try (Stream<Path> minors = Files.list(major)) {
                    for (Path minor : minors.sorted().toList()) {
                        int id = Integer.parseInt(major.getFileName().toString()) * 100
                                + Integer.parseInt(minor.getFileName().toString());
                        versions.add(Arguments.of(id));
                    }
                }
            }
        }
        return versions.stream();
    }

    @ParameterizedTest(name = "Rubin schema id {0}")
    @MethodSource("versions")
    void readsEachVersionThroughTheLsstProfile(int schemaId) throws Exception {
        assertDecodes(SCHEMAS, schemaId);
    }

    @Test
    void readsTheNamesOfVersionsBeforeFive(@TempDir Path copy) throws Exception {
        // schema 7.0 with the detection's fields named as before 5.0
        Path from = SCHEMAS.resolve("7").resolve("0");
        Path to = Files.createDirectories(copy.resolve("4").resolve("0"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file)
                        .replace("lsst.v7_0", "lsst.v4_0")
                        .replace("\"midpointMjdTai\"", "\"midPointTai\"")
                        .replace("\"psfFlux\"", "\"psFlux\"")
                        .replace("\"psfFluxErr\"", "\"psFluxErr\"")
                        .replace("\"band\"", "\"filterName\"")
                        .replace("\"dec\"", "\"decl\"");
                Files.writeString(to.resolve(file.getFileName().toString().replace("v7_0", "v4_0")), text);
            }
        }
        assertThat(Files.readString(to.resolve("lsst.v4_0.diaSource.avsc"))).contains("\"midPointTai\"");
        assertDecodes(copy, 400);
    }

    private static void assertDecodes(Path schemas, int schemaId) throws Exception {
        Schema schema = new SchemaDirectory(schemas.toString()).schemaFor(schemaId);
        GenericRecord packet = (GenericRecord) fill(schema, "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(packet, encoder);
        encoder.flush();
        AlertDecoder decoder = TestStreams.decoder(TestStreams.lsst(schemas.toString(), null));

        List<Alert> alerts = decoder.decode(new SourceCoordinates("lsst-alerts-v11", 0, 1), out.toByteArray());

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.alertId()).isEqualTo(DIA_SOURCE_ID);
        assertThat(alert.objectId()).isEqualTo(Long.toString(DIA_OBJECT_ID));
        assertThat(alert.ra()).isEqualTo(RA);
        assertThat(alert.dec()).isEqualTo(DEC);
        assertThat(alert.mjd()).isEqualTo(MJD);
        assertThat(alert.magnitude()).isCloseTo(22.49993, within(1e-5));
        assertThat(alert.band()).isEqualTo("g");
        assertThat(alert.historyLength()).isEqualTo(1);
    }

    /** A value of the schema: the known values where the field names say so, plausible ones elsewhere. */
    private static Object fill(Schema schema, String name) {
        switch (schema.getType()) {
            case RECORD: {
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), fill(field.schema(), field.name()));
                }
                return record;
            }
            case UNION: {
                // the non-null branch, so that every named field holds its value
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return fill(branch, name);
                    }
                }
                return null;
            }
            case ARRAY:
                return name.equals("prvDiaSources") ? List.of(fill(schema.getElementType(), "")) : List.of();
            case MAP:
                return Map.of();
            case LONG:
                return switch (name) {
                    case "diaSourceId", "alertId" -> DIA_SOURCE_ID;
                    case "diaObjectId" -> DIA_OBJECT_ID;
                    default -> 7L;
                };
            case INT:
                return 3;
            case DOUBLE:
                return switch (name) {
                    case "ra" -> RA;
                    case "dec", "decl" -> DEC;
                    case "midpointMjdTai", "midPointTai" -> MJD;
                    case "psfFlux", "psFlux" -> FLUX_NJY;
                    default -> 1.5;
                };
            case FLOAT:
                return switch (name) {
                    case "psfFlux", "psFlux" -> (float) FLUX_NJY;
                    default -> 1.5f;
                };
            case STRING:
                return name.equals("band") || name.equals("filterName") ? "g" : "x";
            case BOOLEAN:
                return false;
            case BYTES:
                return ByteBuffer.wrap(new byte[] {1, 2, 3});
            case ENUM:
                return new GenericData.EnumSymbol(
                        schema, schema.getEnumSymbols().get(0));
            case FIXED:
                return new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            default:
                return null;
        }
    }
}
