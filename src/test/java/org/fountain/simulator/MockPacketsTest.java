package org.fountain.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.Profile;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.StreamDefinition;
import org.fountain.alerts.StreamsProperties;
import org.fountain.alerts.WireFormat;
import org.junit.jupiter.api.Test;

/** The mock stream's packets read back through Fountain's own ingest path, and their cutouts are valid FITS. */
class MockPacketsTest {

    private static final AlertDecoder DECODER = new AlertDecoder(new StreamsProperties(
            List.of(
                    new StreamDefinition("ztf", "ztf_.*", WireFormat.AUTO, Profile.ZTF, null, null, null, null),
                    new StreamDefinition(
                            "lsst",
                            "lsst-alerts-v.*",
                            WireFormat.AUTO,
                            Profile.LSST,
                            null,
                            null,
                            RubinPackets.SCHEMA_DIRECTORY,
                            null)),
            10 * 1024 * 1024));

    private static List<MockAlert> sample() {
        MockPopulation population = new MockPopulation(200, 9, MockPopulation.defaultMix());
        return java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> population.next(2461370.5 + i * 0.01))
                .toList();
    }

    @Test
    void ztfPacketsDecodeThroughTheIngestPath() throws Exception {
        for (MockAlert mock : sample()) {
            Alert alert = DECODER.decode(
                            new SourceCoordinates("ztf_20261126_programid1", 0, 0),
                            MockAlerts.containerFileWithCutouts(mock))
                    .get(0);
            assertThat(alert.objectId()).isEqualTo(mock.objectId());
            assertThat(alert.alertId()).isEqualTo(mock.candid());
            assertThat(alert.magnitude()).isEqualTo((double) (float) mock.magpsf());
            assertThat(alert.mjd()).isEqualTo(mock.jd() - 2400000.5);
            assertThat(alert.historyLength())
                    .isEqualTo(mock.history().stream()
                            .filter(p -> p.jd() < mock.jd())
                            .count());
        }
    }

    @Test
    void rubinPacketsDecodeThroughTheIngestPathWithTheEmbeddedSchemaDirectory() throws Exception {
        for (MockAlert mock : sample()) {
            byte[] frame = RubinPackets.framed(mock, true);
            assertThat(frame[0]).isZero();
            assertThat(ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo(9001);
            Alert alert = DECODER.decode(new SourceCoordinates("lsst-alerts-v90-mock", 0, 0), frame)
                    .get(0);
            assertThat(alert.stream()).isEqualTo("lsst");
            assertThat(alert.alertId()).isEqualTo(mock.candid());
            assertThat(alert.objectId()).isEqualTo(Long.toString(RubinPackets.diaObjectId(mock.objectId())));
            assertThat(alert.band()).isEqualTo(mock.fid() == 1 ? "g" : "r");
            // flux written in nJy, read back as AB magnitude: the same value to float precision
            assertThat(alert.magnitude()).isCloseTo(mock.magpsf(), org.assertj.core.api.Assertions.within(1e-4));
            assertThat(alert.mjd()).isEqualTo(mock.jd() - 2400000.5);
            assertThat(alert.historyLength())
                    .isEqualTo(mock.history().stream()
                            .filter(p -> p.isDetection() && p.jd() < mock.jd())
                            .count());
        }
    }

    @Test
    void cutoutsAreValidSixtyThreePixelFloatFitsWithTheSourceInTheDifferenceImage() throws Exception {
        MockAlert mock = MockAlert.simple("ZTF26cutouts", 123456, 2461370.5, 10, 20, 17.0);
        GenericRecord record = (GenericRecord) new org.apache.avro.file.DataFileStream<GenericRecord>(
                        new ByteArrayInputStream(MockAlerts.containerFileWithCutouts(mock)),
                        new org.apache.avro.generic.GenericDatumReader<>())
                .next();

        for (String name : List.of("cutoutScience", "cutoutTemplate", "cutoutDifference")) {
            GenericRecord cutout = (GenericRecord) record.get(name);
            ByteBuffer data = (ByteBuffer) cutout.get("stampData");
            byte[] gz = new byte[data.remaining()];
            data.get(gz);
            assertThat(gz[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
            try (Fits fits = new Fits(new ByteArrayInputStream(gz))) {
                BasicHDU<?> hdu = fits.getHDU(0);
                assertThat(hdu.getAxes()).containsExactly(63, 63);
                assertThat(hdu.getBitpix().getHeaderValue()).isEqualTo(-32);
                assertThat(hdu.getHeader().getStringValue("OBJECT")).isEqualTo("ZTF26cutouts");
                float[][] image = (float[][]) hdu.getKernel();
                if (name.equals("cutoutDifference")) {
                    double centre = image[31][31];
                    double corner = Math.abs(image[2][2]) + Math.abs(image[60][60]);
                    assertThat(centre).as("PSF peak over the noise").isGreaterThan(5 * corner + 50);
                }
            }
        }
    }

    @Test
    void rubinCutoutsAreUncompressedFits() throws Exception {
        GenericRecord record = RubinPackets.toRecord(MockAlert.simple("ZTF26rubinct", 77, 2461370.5, 1, 2, 18), true);
        ByteBuffer data = (ByteBuffer) record.get("cutoutDifference");
        byte[] fitsBytes = new byte[data.remaining()];
        data.get(fitsBytes);
        assertThat(new String(fitsBytes, 0, 6, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("SIMPLE");
        assertThat(fitsBytes.length % 2880).isZero();
    }
}
