package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fountain.alerts.Sky;
import org.junit.jupiter.api.Test;

/** The sky cells never miss a position inside a cone, wherever the cone is: the equator, the poles, RA 0/360. */
class SkyGridTest {

    @Test
    void everyPositionInsideAConeFallsInOneOfItsCells() {
        SplittableRandom random = new SplittableRandom(7);
        int inside = 0;
        for (int cone = 0; cone < 20_000; cone++) {
            double ra0 = random.nextDouble() * 360;
            double dec0 = switch (cone % 4) {
                case 0 -> 90 - random.nextDouble() * 3;
                case 1 -> -90 + random.nextDouble() * 3;
                default -> Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            };
            if (cone % 5 == 0) {
                ra0 = random.nextBoolean() ? random.nextDouble() * 0.01 : 360 - random.nextDouble() * 0.01;
            }
            double radius = Math.pow(10, random.nextDouble() * 4.2); // 1" to about 4.4 degrees
            int[] cells = SkyGrid.cellsOf(ra0, dec0, radius);
            if (cells == null) {
                continue;
            }
            for (int p = 0; p < 20; p++) {
                // a point at a random bearing, at up to the radius (and now and then exactly on the edge)
                double distance = (p == 0 ? 1 : random.nextDouble()) * radius / 3600;
                double[] point = offset(ra0, dec0, distance, random.nextDouble() * 2 * Math.PI);
                if (Sky.separationArcsec(point[0], point[1], ra0, dec0) <= radius) {
                    inside++;
                    assertThat(Arrays.binarySearch(cells, SkyGrid.cellOf(point[0], point[1])))
                            .as("cell of (%s, %s) in the cone (%s, %s, %s\")", point[0], point[1], ra0, dec0, radius)
                            .isNotNegative();
                }
            }
        }
        assertThat(inside).isGreaterThan(100_000);
    }

    @Test
    void aConeNearAPoleTakesEveryBinOfItsZonesAndAHugeConeIsNotIndexed() {
        int[] polar = SkyGrid.cellsOf(10, 89.9, 3600);
        assertThat(polar).isNotNull();
        assertThat(polar).contains(SkyGrid.cellOf(190, 89.6), SkyGrid.cellOf(280, 89.99));
        assertThat(SkyGrid.cellsOf(10, 0, 3600 * 30)).isNull();
        assertThat(SkyGrid.cellsOf(10, 0, -1)).isEmpty();
    }

    @Test
    void cellsHaveRoughlyEqualArea() {
        // a two-degree cone touches about as many cells at the equator as at declination 70
        int equator = SkyGrid.cellsOf(100, 0, 7200).length;
        int north = SkyGrid.cellsOf(100, 70, 7200).length;
        assertThat(north).isBetween(equator / 2, equator * 2);
        assertThat(SkyGrid.cellCount()).isBetween(150_000, 170_000);
    }

    /** The position at an angular distance (degrees) and bearing from (ra, dec). */
    private static double[] offset(double ra, double dec, double distance, double bearing) {
        double d = Math.toRadians(distance);
        double phi = Math.toRadians(dec);
        double lat = Math.asin(Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(bearing));
        double lon = Math.toRadians(ra)
                + Math.atan2(
                        Math.sin(bearing) * Math.sin(d) * Math.cos(phi), Math.cos(d) - Math.sin(phi) * Math.sin(lat));
        double outRa = Math.toDegrees(lon) % 360;
        return new double[] {outRa < 0 ? outRa + 360 : outRa, Math.toDegrees(lat)};
    }
}
