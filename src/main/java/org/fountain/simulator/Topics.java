package org.fountain.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Topic names of the mock stream. */
final class Topics {

    private static final DateTimeFormatter NIGHT =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private Topics() {}

    /** {@code <prefix>_YYYYMMDD_programid1} for the UTC date of a Julian Date. */
    static String ztf(String prefix, double jd) {
        long millis = Math.round((jd - 2440587.5) * 86_400_000.0);
        return prefix + "_" + NIGHT.format(Instant.ofEpochMilli(millis)) + "_programid1";
    }

    static double jdOf(long epochMillis) {
        return epochMillis / 86_400_000.0 + 2440587.5;
    }
}
