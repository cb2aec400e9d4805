package org.fountain.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.Sky;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.TestStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Light curves and cutout images of real ZTF and Rubin packets, read in place from {@code ../shared/alerts}. */
class LightCurvesAndCutoutsTest {

    private static final Path ALERTS = Path.of("..", "shared", "alerts");
    /** A ZTF 4.02 packet with forced photometry ({@code fp_hists}). */
    private static final String ZTF_402 = "ztf_20250302_programid1_ZTF17aaarzyp_2982177112815010003.v4_02.avro";

    @BeforeAll
    static void needsTheSharedAlerts() {
        Assumptions.assumeTrue(
                Files.isDirectory(ALERTS.resolve("ztf")) && Files.isDirectory(ALERTS.resolve("lsst")),
                "../shared/alerts is absent: these checks need the real ZTF and Rubin packets there");
    }

    private static Alert ztf(String file) throws Exception {
        return TestStreams.decoder(TestStreams.ztf())
                .decode(
                        new SourceCoordinates("ztf_20250302_programid1", 0, 0),
                        Files.readAllBytes(ALERTS.resolve("ztf").resolve(file)))
                .get(0);
    }

    @Test
    void aZtfLightCurveHasTheDetectionItsHistoryItsUpperLimitsAndForcedPhotometry() throws Exception {
        GenericRecord record = ztf(ZTF_402).record();
        List<?> history = (List<?>) record.get("prv_candidates");
        long detections = history.stream()
                .filter(p -> ((GenericRecord) p).get("magpsf") != null)
                .count();
        long limits = history.size() - detections;
        List<?> forced = (List<?>) record.get("fp_hists");

        List<AlertView.LightPoint> points = LightCurves.of(record, org.fountain.alerts.FieldMapping.ZTF);

        GenericRecord candidate = (GenericRecord) record.get("candidate");
        assertThat(points)
                .filteredOn(AlertView.LightPoint::current)
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.magnitude()).isEqualTo(((Number) candidate.get("magpsf")).doubleValue());
                    assertThat(p.mjd())
                            .isCloseTo(((Number) candidate.get("jd")).doubleValue() - Sky.MJD_OFFSET, within(1e-9));
                    assertThat(p.band()).isEqualTo("r");
                    assertThat(p.kind()).isEqualTo("detection");
                });
        assertThat(points).filteredOn(p -> p.kind().equals("detection")).hasSize((int) detections + 1);
        assertThat(points).filteredOn(p -> p.kind().equals("limit")).hasSize((int) limits);
        assertThat(forced).isNotEmpty();
        assertThat(points)
                .filteredOn(p -> p.kind().startsWith("forced"))
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(forced.size());
        assertThat(points).extracting(AlertView.LightPoint::mjd).isSorted();
        assertThat(points).allSatisfy(p -> assertThat(p.magnitude()).isBetween(10.0, 25.0));
    }

    @Test
    void aCustomStreamsLightCurveIsReadWhereItsMappingSays() {
        org.apache.avro.Schema point = org.apache.avro.SchemaBuilder.record("Point")
                .fields()
                .requiredDouble("t")
                .requiredString("filter")
                .optionalDouble("mag")
                .endRecord();
        org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("Custom")
                .fields()
                .name("det")
                .type(point)
                .noDefault()
                .name("past")
                .type()
                .array()
                .items(point)
                .noDefault()
                .endRecord();
        java.util.function.BiFunction<Double, Double, GenericRecord> at = (t, mag) -> {
            GenericRecord p = new org.apache.avro.generic.GenericData.Record(point);
            p.put("t", t);
            p.put("filter", "2");
            p.put("mag", mag);
            return p;
        };
        GenericRecord alert = new org.apache.avro.generic.GenericData.Record(schema);
        alert.put("det", at.apply(60_010.5, 18.25));
        alert.put("past", List.of(at.apply(60_001.0, 19.5), at.apply(60_005.0, null)));
        org.fountain.alerts.FieldMapping mapping = new org.fountain.alerts.FieldMapping(
                "det.t",
                List.of("det.filter"),
                "det.t",
                "det.t",
                "det.t",
                org.fountain.alerts.FieldMapping.TimeScale.MJD,
                "det.mag",
                org.fountain.alerts.FieldMapping.MagnitudeUnit.MAG,
                "det.filter",
                java.util.Map.of("2", "r"),
                "past",
                null);

        assertThat(LightCurves.of(alert, mapping))
                .extracting(
                        AlertView.LightPoint::mjd,
                        AlertView.LightPoint::band,
                        AlertView.LightPoint::magnitude,
                        AlertView.LightPoint::current)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(60_001.0, "r", 19.5, false),
                        org.assertj.core.groups.Tuple.tuple(60_010.5, "r", 18.25, true));
    }

    @Test
    void aRubinLightCurveShowsFluxesInNanojanskyAsAbMagnitudes() throws Exception {
        AlertDecoder decoder = TestStreams.decoder(
                TestStreams.lsst(ALERTS.resolve("lsst/schema").toString(), null));
        Alert alert = decoder.decode(
                        new SourceCoordinates("lsst-alerts-v11", 0, 0),
                        Files.readAllBytes(ALERTS.resolve("lsst/framed/lsst.v11_1.avro")))
                .get(0);
        GenericRecord source = (GenericRecord) alert.record().get("diaSource");
        double flux = ((Number) source.get("psfFlux")).doubleValue();
        double error = ((Number) source.get("psfFluxErr")).doubleValue();

        AlertView.LightPoint current = LightCurves.of(alert.record(), org.fountain.alerts.FieldMapping.LSST).stream()
                .filter(AlertView.LightPoint::current)
                .findFirst()
                .orElseThrow();

        if (flux >= 3 * error) {
            assertThat(current.magnitude()).isCloseTo(Sky.abMagnitude(flux), within(1e-9));
            assertThat(current.error()).isCloseTo(2.5 / Math.log(10) * error / flux, within(1e-9));
        } else {
            assertThat(current.kind()).isEqualTo("limit");
            assertThat(current.magnitude()).isCloseTo(Sky.abMagnitude(5 * error), within(1e-9));
        }
        assertThat(current.band()).isEqualTo(source.get("band").toString());
    }

    @Test
    void rendersARealZtfCutoutAsAGreyPngWithAZscaleStretch() throws Exception {
        GenericRecord record = ztf(ZTF_402).record();
        for (CutoutImages.Kind kind : CutoutImages.Kind.values()) {
            byte[] fits = CutoutImages.fits(record, kind);
            assertThat(fits).as(kind.name()).isNotNull();
            assertThat(new String(fits, 0, 6, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("SIMPLE");
            double[][] pixels = CutoutImages.pixels(fits);
            assertThat(pixels.length).isEqualTo(63);
            assertThat(pixels[0].length).isEqualTo(63);

            double[] limits = CutoutImages.zscale(pixels);
            double min = java.util.Arrays.stream(pixels)
                    .flatMapToDouble(java.util.Arrays::stream)
                    .filter(Double::isFinite)
                    .min()
                    .orElseThrow();
            double max = java.util.Arrays.stream(pixels)
                    .flatMapToDouble(java.util.Arrays::stream)
                    .filter(Double::isFinite)
                    .max()
                    .orElseThrow();
            assertThat(limits[0]).isGreaterThanOrEqualTo(min).isLessThan(limits[1]);
            assertThat(limits[1]).isLessThanOrEqualTo(max);

            BufferedImage png = ImageIO.read(new ByteArrayInputStream(CutoutImages.png(pixels, kind)));
            assertThat(png.getWidth()).isEqualTo(63);
            assertThat(png.getHeight()).isEqualTo(63);
            // asinh lifts the faint end: the mean grey level is higher than the linear one's
            BufferedImage asinh =
                    ImageIO.read(new ByteArrayInputStream(CutoutImages.png(pixels, kind, CutoutImages.Stretch.asinh)));
            assertThat(meanGrey(asinh)).isGreaterThan(meanGrey(png));
        }
    }

    private static double meanGrey(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += image.getRaster().getSample(x, y, 0);
            }
        }
        return sum / (image.getWidth() * image.getHeight());
    }

    @Test
    void zscaleIgnoresAFewHotPixels() {
        double[][] sky = new double[50][50];
        java.util.Random random = new java.util.Random(1);
        for (double[] row : sky) {
            for (int x = 0; x < row.length; x++) {
                row[x] = 100 + random.nextGaussian() * 5;
            }
        }
        sky[10][10] = 1e6;
        sky[20][20] = 5e5;
        double[] limits = CutoutImages.zscale(sky);
        // the sky's spread, not the hot pixels, sets the stretch
        assertThat(limits[0]).isBetween(60.0, 100.0);
        assertThat(limits[1]).isBetween(100.0, 140.0);
    }
}
