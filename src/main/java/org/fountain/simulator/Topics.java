package org.fountain.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.fountain.alerts.Sky;

/** Topic names of the mock stream. */
final class Topics {

    private static final DateTimeFormatter NIGHT =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private Topics() {}

    /** {@code <prefix>_YYYYMMDD_programid1} for the UTC date of a Julian Date. */
    static String ztf(String prefix, double jd) {
        return prefix + "_" + NIGHT.format(Instant.ofEpochMilli(Sky.epochMillis(jd))) + "_programid1";
    }
}
