package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes the real alert packets kept beside the project in {@code ../shared/alerts} and checks values read through
 * the stream profiles. The files are read in place, never copied into the project; where the folder is absent this
 * suite reports itself skipped.
 *
 * <p>Attributions: ZTF 4.01 and 3.3 packets from skyportal/kowalski {@code data/ztf_alerts/} (MIT, (c) 2020 Dmitry A.
 * Duev); ZTF 4.02 and 3.3 public packets and the Rubin framed packets and schema 11.1 from mwvgroup/pittgoogle-client
 * (BSD-3-Clause, (c) 2022 mwvgroup); Rubin schema 11.0 from lsst/alert_packet (GPL-3.0, used as a test fixture only).
 */
class RealAlertConformanceTest {

    static final Path ALERTS = Path.of("..", "shared", "alerts");
    private static final SourceCoordinates SOURCE = new SourceCoordinates("ztf_20231012_programid1", 0, 0);

    @BeforeAll
    static void needsTheSharedAlerts() {
        Assumptions.assumeTrue(
                Files.isDirectory(ALERTS.resolve("ztf")) && Files.isDirectory(ALERTS.resolve("lsst")),
                "../shared/alerts is absent: the real-alert conformance suite needs the ZTF and Rubin samples there");
    }

    @ParameterizedTest(name = "{0} (ZTF {1})")
    @CsvSource({
        "ztf_20250302_programid1_ZTF17aaarzyp_2982177112815010003.v4_02.avro, 4.02, ZTF17aaarzyp, 2982177112815010003,"
                + " 97.8890196, -2.798349, 60736.1771181, 15.883608, r, 14",
        "2475433850215010007.avro, 4.01, ZTF17aadhsbk, 2475433850215010007, 46.0389999, 8.0523476, 60229.4338542,"
                + " 18.63445, g, 41",
        "2475433850315015009.avro, 4.01, ZTF17aadcuwj, 2475433850315015009, 47.1080664, 8.0839276, 60229.4338542,"
                + " 16.628078, g, 65",
        "2475433850015015000.avro, 4.01, ZTF17aacymkh, 2475433850015015000, 47.3641868, 9.7002819, 60229.4338542,"
                + " 18.016722, g, 42",
        "2475433850415015002.avro, 4.01, ZTF19aciwwya, 2475433850415015002, 45.4794917, 9.6670359, 60229.4338542,"
                + " 17.283821, g, 20",
        "1127561443215015014.avro, 3.3, ZTF20aadyyvk, 1127561443215015014, 214.7245537, 63.1625402, 58881.5614468,"
                + " 19.059532, r, 66",
        "1105522281015015000.avro, 3.3, ZTF20aaelulu, 1105522281015015000, 185.7288484, 15.8236168, 58859.5222801,"
                + " 14.916227, g, 12",
        "ztf_public_20221229_ZTF18abfkwnk_2188216843315010016.v3_3.avro, 3.3, ZTF18abfkwnk, 2188216843315010016,"
                + " 24.5614473, 63.3358831, 59942.2168403, 16.978384, r, 11"
    })
    void decodesRealZtfPackets(
            String file,
            String schemaVersion,
            String objectId,
            long candid,
            double ra,
            double dec,
            double mjd,
            double magpsf,
            String band,
            int history)
            throws Exception {
        AlertDecoder decoder = TestStreams.decoder(TestStreams.ztf());

        List<Alert> alerts =
                decoder.decode(SOURCE, Files.readAllBytes(ALERTS.resolve("ztf").resolve(file)));

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.record().get("schemavsn").toString()).isEqualTo(schemaVersion);
        assertThat(alert.stream()).isEqualTo("ztf");
        assertThat(alert.objectId()).isEqualTo(objectId);
        assertThat(alert.alertId()).isEqualTo(candid);
        assertThat(alert.ra()).isCloseTo(ra, within(1e-9));
        assertThat(alert.dec()).isCloseTo(dec, within(1e-9));
        assertThat(alert.mjd()).isCloseTo(mjd, within(1e-6));
        assertThat(alert.magnitude()).isCloseTo(magpsf, within(1e-5));
        assertThat(alert.band()).isEqualTo(band);
        assertThat(alert.historyLength()).isEqualTo(history);
        assertThat(alert.record().get("cutoutDifference")).isInstanceOf(GenericRecord.class);
    }

    @ParameterizedTest(name = "Rubin schema {0}")
    @CsvSource({"11_0, 1100", "11_1, 1101"})
    void decodesRealRubinFramesWithTheSchemaDirectory(String version, int schemaId) throws Exception {
        byte[] frame = Files.readAllBytes(ALERTS.resolve("lsst/framed/lsst.v" + version + ".avro"));
        assertThat(frame[0]).isZero();
        assertThat(java.nio.ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo(schemaId);
        AlertDecoder decoder = TestStreams.decoder(
                TestStreams.lsst(ALERTS.resolve("lsst/schema").toString(), null));

        List<Alert> alerts = decoder.decode(new SourceCoordinates("lsst-alerts-v11", 3, 17), frame);

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.stream()).isEqualTo("lsst");
        assertThat(alert.alertId()).isEqualTo(1231321321L);
        assertThat(alert.objectId()).isEqualTo("281323062375219201");
        assertThat(alert.ra()).isCloseTo(351.570546978, within(1e-9));
        assertThat(alert.dec()).isCloseTo(0.126243049656, within(1e-12));
        assertThat(alert.mjd()).isCloseTo(60902.993305483615, within(1e-9));
        // psfFlux 1241 nJy: 31.4 - 2.5 log10(1241) = 23.6656 AB
        assertThat(alert.magnitude()).isCloseTo(23.66557, within(1e-5));
        assertThat(alert.band()).isEqualTo("r");
        assertThat(alert.historyLength()).isEqualTo(2);
        assertThat(alert.record().getSchema().getNamespace()).isEqualTo("lsst.v" + version);
    }
}
