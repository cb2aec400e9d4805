package org.fountain.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.Profile;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.StreamDefinition;
import org.fountain.alerts.StreamsProperties;
import org.fountain.alerts.WireFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Replay of real alert files from {@code ../shared/alerts} (read in place; skipped where absent). Attributions: see
 * {@code RealAlertConformanceTest}.
 */
class ReplaySourceTest {

    private static final Path ALERTS = Path.of("..", "shared", "alerts");

    private static SimulatorProperties replaying(String folder, boolean rewrite, String schemas) {
        return new SimulatorProperties(
                true,
                SimulatorProperties.Cadence.STEADY,
                1,
                1,
                Duration.ofSeconds(1),
                List.of("ztf"),
                0,
                "ztf",
                "lsst-alerts-v11",
                1,
                10,
                0,
                false,
                null,
                new SimulatorProperties.Replay(folder, rewrite, schemas));
    }

    @Test
    void replaysRealZtfAlertsAsNewAlertsOfTheSameObjects() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ALERTS.resolve("ztf")), "../shared/alerts is absent");
        ReplaySource source = new ReplaySource(replaying(ALERTS.resolve("ztf").toString(), true, null));
        AlertDecoder decoder = new AlertDecoder(new StreamsProperties(
                List.of(new StreamDefinition("ztf", "ztf_.*", WireFormat.AUTO, Profile.ZTF, null, null, null, null)),
                10 << 20));
        double now = 2461370.75;
        Set<Long> ids = new HashSet<>();
        Set<String> objects = new HashSet<>();
        for (int i = 0; i < 2 * source.files(); i++) {
            MockMessage message = source.next(now);
            assertThat(message.topic()).isEqualTo("ztf_20261126_programid1");
            Alert alert = decoder.decode(new SourceCoordinates(message.topic(), 0, i), message.value())
                    .get(0);
            assertThat(ids.add(alert.alertId())).as("a new id each time").isTrue();
            objects.add(alert.objectId());
            assertThat(alert.mjd()).isCloseTo(now - 2400000.5, org.assertj.core.api.Assertions.within(1e-6));
            List<?> history = (List<?>) alert.record().get("prv_candidates");
            for (Object point : history) {
                double jd = (Double) ((org.apache.avro.generic.GenericRecord) point).get("jd");
                assertThat(jd).isLessThanOrEqualTo(now);
            }
        }
        assertThat(objects).contains("ZTF18abfkwnk", "ZTF17aaarzyp");
    }

    @Test
    void replaysRubinFramesWithNewIdsWhenGivenTheirSchemas() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ALERTS.resolve("lsst")), "../shared/alerts is absent");
        String schemas = ALERTS.resolve("lsst/schema").toString();
        ReplaySource source =
                new ReplaySource(replaying(ALERTS.resolve("lsst/framed").toString(), true, schemas));
        AlertDecoder decoder = new AlertDecoder(new StreamsProperties(
                List.of(new StreamDefinition(
                        "lsst", "lsst-alerts-v.*", WireFormat.AUTO, Profile.LSST, null, null, schemas, null)),
                10 << 20));

        MockMessage first = source.next(2461370.75);
        MockMessage second = source.next(2461370.75);
        MockMessage third = source.next(2461370.75);
        Alert a = decoder.decode(new SourceCoordinates(first.topic(), 0, 0), first.value())
                .get(0);
        Alert c = decoder.decode(new SourceCoordinates(third.topic(), 0, 2), third.value())
                .get(0);

        assertThat(first.topic()).isEqualTo("lsst-alerts-v11");
        assertThat(a.alertId()).isNotEqualTo(1231321321L).isNotEqualTo(c.alertId());
        assertThat(a.mjd()).isCloseTo(61370.25, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(second.value()).isNotEmpty();
    }

    @Test
    void replaysFilesUnchangedWithoutRewriting() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ALERTS.resolve("ztf")), "../shared/alerts is absent");
        ReplaySource source = new ReplaySource(replaying(ALERTS.resolve("ztf").toString(), false, null));
        MockMessage message = source.next(2461370.75);
        List<Path> files;
        try (var walk = Files.list(ALERTS.resolve("ztf"))) {
            files = walk.sorted().toList();
        }
        assertThat(message.value()).isEqualTo(Files.readAllBytes(files.get(0)));
    }
}
