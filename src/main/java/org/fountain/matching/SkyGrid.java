package org.fountain.matching;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A fixed grid of sky cells of roughly equal area, for indexing cones: declination zones half a degree high, each cut
 * into right-ascension bins about half a degree wide at the zone's edge nearest the equator (so fewer bins towards the
 * poles). A position falls in exactly one cell; a cone is registered in every cell it may touch. The cells a cone
 * touches are computed with a small margin, so the grid may name a cell too many, never one too few: the exact test
 * is always {@code sep_arcsec} itself.
 */
final class SkyGrid {

    static final double ZONE_HEIGHT = 0.5;
    static final int ZONES = 360;
    /** A cone touching more cells than this (a radius beyond about five degrees) is not indexed by position. */
    static final int MAX_CELLS = 512;

    private static final double MARGIN_DEGREES = 1e-6;
    private static final int[] BINS = new int[ZONES];
    private static final int[] FIRST = new int[ZONES + 1];

    static {
        for (int z = 0; z < ZONES; z++) {
            double low = -90 + z * ZONE_HEIGHT;
            double high = low + ZONE_HEIGHT;
            double nearestEquator = low <= 0 && high >= 0 ? 0 : Math.min(Math.abs(low), Math.abs(high));
            BINS[z] = Math.max(1, (int) Math.floor(360 * Math.cos(Math.toRadians(nearestEquator)) / ZONE_HEIGHT));
            FIRST[z + 1] = FIRST[z] + BINS[z];
        }
    }

    private SkyGrid() {}

    /** How many cells the grid has. */
    static int cellCount() {
        return FIRST[ZONES];
    }

    /** True when a position can be placed in the grid: finite, declination within ±90°. */
    static boolean placeable(double ra, double dec) {
        return Double.isFinite(ra) && dec >= -90 && dec <= 90;
    }

    /** The cell of a placeable position (right ascension taken modulo 360°). */
    static int cellOf(double ra, double dec) {
        int zone = zoneOf(dec);
        int bins = BINS[zone];
        int bin = (int) Math.floor(normalise(ra) * bins / 360);
        return FIRST[zone] + Math.min(Math.max(bin, 0), bins - 1);
    }

    /**
     * The cells a cone may touch, sorted, or null when it touches more than {@link #MAX_CELLS} (or its centre is not
     * placeable). A negative radius touches none.
     */
    static int @Nullable [] cellsOf(double ra0, double dec0, double radiusArcsec) {
        if (!placeable(ra0, dec0) || Double.isNaN(radiusArcsec)) {
            return null;
        }
        if (radiusArcsec < 0) {
            return new int[0];
        }
        double radius = radiusArcsec / 3600 + MARGIN_DEGREES;
        if (radius >= 90) {
            return null;
        }
        double low = dec0 - radius;
        double high = dec0 + radius;
        boolean aroundPole = high >= 90 || low <= -90;
        double halfWidth = 180;
        if (!aroundPole) {
            double s = Math.sin(Math.toRadians(radius)) / Math.cos(Math.toRadians(dec0));
            if (s < 1) {
                halfWidth = Math.toDegrees(Math.asin(s)) + MARGIN_DEGREES;
            }
        }
        int firstZone = zoneOf(Math.max(low, -90));
        int lastZone = zoneOf(Math.min(high, 90));
        int[] cells = new int[MAX_CELLS];
        int count = 0;
        double centre = normalise(ra0);
        for (int zone = firstZone; zone <= lastZone; zone++) {
            int bins = BINS[zone];
            long from;
            long to;
            if (halfWidth >= 180) {
                from = 0;
                to = bins - 1;
            } else {
                from = (long) Math.floor((centre - halfWidth) * bins / 360);
                to = (long) Math.floor((centre + halfWidth) * bins / 360);
                if (to - from + 1 >= bins) {
                    from = 0;
                    to = bins - 1;
                }
            }
            if (count + (to - from + 1) > MAX_CELLS) {
                return null;
            }
            for (long b = from; b <= to; b++) {
                cells[count++] = FIRST[zone] + (int) Math.floorMod(b, (long) bins);
            }
        }
        int[] result = Arrays.copyOf(cells, count);
        Arrays.sort(result);
        return result;
    }

    /** The share of the sky a cone covers, for estimating selectivity before any alert has been seen. */
    static double skyShare(double radiusArcsec) {
        if (radiusArcsec <= 0) {
            return 0;
        }
        double r = Math.toRadians(Math.min(radiusArcsec / 3600, 180));
        return (1 - Math.cos(r)) / 2;
    }

    private static int zoneOf(double dec) {
        int zone = (int) Math.floor((dec + 90) / ZONE_HEIGHT);
        return Math.min(Math.max(zone, 0), ZONES - 1);
    }

    private static double normalise(double ra) {
        double a = ra % 360;
        return a < 0 ? a + 360 : a;
    }
}
