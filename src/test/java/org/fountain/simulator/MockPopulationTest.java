package org.fountain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fountain.alerts.Sky;
import org.junit.jupiter.api.Test;

/** The mock sky behaves like a sky: mix, placement, light curves and histories. */
class MockPopulationTest {

    private static final double START = 2461370.5;

    /** {@code n} alerts, one every {@code stepDays}. */
    private static List<MockAlert> stream(long seed, int n, double stepDays) {
        MockPopulation population = new MockPopulation(400, seed, MockPopulation.defaultMix());
        List<MockAlert> alerts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            alerts.add(population.next(START + i * stepDays));
        }
        return alerts;
    }

    @Test
    void drawsTheConfiguredMixOfObjectKindsWithinTolerance() {
        List<MockAlert> alerts = stream(1, 20_000, 0.0005);
        Map<ObjectKind, Integer> counts = new EnumMap<>(ObjectKind.class);
        alerts.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));

        MockPopulation.defaultMix()
                .forEach((kind, share) -> assertThat(counts.getOrDefault(kind, 0) / 20_000.0)
                        .as(kind.name())
                        .isCloseTo(share, within(0.02)));
    }

    @Test
    void honoursACustomMix() {
        Map<ObjectKind, Double> mix = new EnumMap<>(ObjectKind.class);
        mix.put(ObjectKind.SUPERNOVA, 3.0);
        mix.put(ObjectKind.BOGUS, 1.0);
        MockPopulation population = new MockPopulation(100, 5, mix);
        Map<ObjectKind, Integer> counts = new EnumMap<>(ObjectKind.class);
        for (int i = 0; i < 8000; i++) {
            counts.merge(population.next(START + i * 0.001).kind(), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsOnly(ObjectKind.SUPERNOVA, ObjectKind.BOGUS);
        assertThat(counts.get(ObjectKind.SUPERNOVA) / 8000.0).isCloseTo(0.75, within(0.02));
    }

    @Test
    void placesStarsTowardTheGalacticPlaneAndSupernovaeAwayFromIt() {
        List<MockAlert> alerts = stream(2, 20_000, 0.0005);
        Map<String, double[]> firstPosition = new HashMap<>();
        Map<String, ObjectKind> kinds = new HashMap<>();
        for (MockAlert a : alerts) {
            firstPosition.putIfAbsent(a.objectId(), new double[] {a.ra(), a.dec()});
            kinds.put(a.objectId(), a.kind());
        }
        int stars = 0;
        int starsInPlane = 0;
        int supernovaeInPlane = 0;
        for (var entry : firstPosition.entrySet()) {
            double b = Math.abs(Sky.galacticLatitude(entry.getValue()[0], entry.getValue()[1]));
            if (kinds.get(entry.getKey()) == ObjectKind.VARIABLE_STAR) {
                stars++;
                starsInPlane += b < 10 ? 1 : 0;
            } else if (kinds.get(entry.getKey()) == ObjectKind.SUPERNOVA && b < 12) {
                supernovaeInPlane++;
            }
        }
        // a uniform sky puts 17 % of its sources within 10 degrees of the plane
        assertThat(starsInPlane / (double) stars).isGreaterThan(0.45);
        assertThat(supernovaeInPlane).isZero();
    }

    @Test
    void everyAlertCarriesItsObjectsEarlierAlertsOfTheLastThirtyDays() {
        List<MockAlert> alerts = stream(3, 6000, 0.01);
        Map<String, List<MockAlert>> byObject = new HashMap<>();
        int checked = 0;
        for (MockAlert alert : alerts) {
            List<MockAlert> earlier = byObject.computeIfAbsent(alert.objectId(), k -> new ArrayList<>());
            for (MockAlert before : earlier) {
                if (before.jd() >= alert.jd() - 30) {
                    assertThat(alert.history())
                            .as("history of %s at %s", alert.objectId(), alert.jd())
                            .contains(new MockAlert.PastPoint(
                                    before.jd(),
                                    before.fid(),
                                    before.candid(),
                                    before.diffmaglim(),
                                    before.magpsf(),
                                    before.sigmapsf()));
                    checked++;
                }
            }
            assertThat(alert.history()).allSatisfy(p -> assertThat(p.jd()).isBetween(alert.jd() - 30, alert.jd()));
            earlier.add(alert);
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void seedsAMonthOfHistoryWithDetectionsAndUpperLimits() {
        List<MockAlert> alerts = stream(4, 2000, 0.0005);
        long withLimits = alerts.stream()
                .filter(a -> a.history().stream().anyMatch(p -> !p.isDetection()))
                .count();
        long withDetections = alerts.stream()
                .filter(a -> a.history().stream().anyMatch(MockAlert.PastPoint::isDetection))
                .count();
        assertThat(withLimits).isGreaterThan(200);
        assertThat(withDetections).isGreaterThan(500);
        assertThat(alerts).filteredOn(a -> a.kind() == ObjectKind.ASTEROID).allSatisfy(a -> {
            assertThat(a.ssnamenr()).isNotNull();
            assertThat(a.ssdistnr()).isBetween(0.0, 30.0);
        });
        assertThat(alerts).filteredOn(a -> a.kind() == ObjectKind.BOGUS).allSatisfy(a -> {
            assertThat(a.rb()).isLessThan(0.65);
            assertThat(a.nbad()).isPositive();
        });
    }

    @Test
    void supernovaeRiseThenFade() {
        MockPopulation.SkyObject sn = new MockPopulation.SkyObject(ObjectKind.SUPERNOVA, "ZTF26sn", 10, 10);
        sn.baseMag = 17.0;
        sn.peakJd = START;
        assertThat(sn.magnitudeAt(START - 10, 2)).isGreaterThan(sn.magnitudeAt(START - 2, 2));
        assertThat(sn.magnitudeAt(START, 2)).isEqualTo(17.0);
        assertThat(sn.magnitudeAt(START + 30, 2)).isCloseTo(17.84, within(1e-9));
    }

    @Test
    void theSameSeedGivesTheSameStream() {
        assertThat(stream(42, 500, 0.002)).isEqualTo(stream(42, 500, 0.002));
        assertThat(stream(42, 50, 0.002)).isNotEqualTo(stream(43, 50, 0.002));
    }
}
