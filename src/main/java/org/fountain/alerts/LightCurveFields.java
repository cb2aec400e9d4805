package org.fountain.alerts;

import org.jspecify.annotations.Nullable;

/**
 * Where a stream's light curve is: the detection's record, the arrays of earlier points and of forced photometry, and
 * the names of each point's fields. A name may give alternatives separated by {@code |} (the first present is read).
 * Brightness is a magnitude ({@code magnitude} ± {@code magnitudeError}, {@code limit} for a non-detection), a flux in
 * nanojansky ({@code flux} ± {@code fluxError}), or, for forced photometry, a flux in counts with a zero point
 * ({@code forcedFlux} ± {@code forcedFluxError}, {@code zeroPoint}).
 *
 * @param detection the record of the alert's own detection
 * @param history the array of earlier detections and non-detections
 * @param forced the array of forced photometry, or null
 * @param time a point's time
 * @param timeScale how that time counts days
 * @param band a point's band (coded bands named by the stream's {@link FieldMapping#bandName})
 */
public record LightCurveFields(
        String detection,
        String history,
        @Nullable String forced,
        String time,
        FieldMapping.TimeScale timeScale,
        String band,
        @Nullable String magnitude,
        @Nullable String magnitudeError,
        @Nullable String limit,
        @Nullable String flux,
        @Nullable String fluxError,
        @Nullable String forcedFlux,
        @Nullable String forcedFluxError,
        @Nullable String zeroPoint) {

    /** ZTF: magnitudes, limits as {@code diffmaglim}, forced photometry in DN with a zero point ({@code fp_hists}). */
    public static final LightCurveFields ZTF = new LightCurveFields(
            "candidate",
            "prv_candidates",
            "fp_hists",
            "jd",
            FieldMapping.TimeScale.JD,
            "fid",
            "magpsf",
            "sigmapsf",
            "diffmaglim",
            null,
            null,
            "forcediffimflux",
            "forcediffimfluxunc",
            "magzpsci");

    /** Rubin: fluxes in nJy, the names of schema 9.0 and later first, then the older ones. */
    public static final LightCurveFields LSST = new LightCurveFields(
            "diaSource",
            "prvDiaSources",
            "prvDiaForcedSources",
            "midpointMjdTai|midPointTai",
            FieldMapping.TimeScale.MJD,
            "band|filterName",
            null,
            null,
            null,
            "psfFlux|psFlux",
            "psfFluxErr|psFluxErr",
            null,
            null,
            null);

    /**
     * A custom stream's light curve, from its mapping: the detection is the record holding its brightness, the history
     * its history array, each point's fields named as the detection's; no forced photometry, no errors or limits.
     */
    static LightCurveFields of(FieldMapping mapping) {
        String brightness = mapping.magnitude().split("\\|")[0];
        int dot = brightness.lastIndexOf('.');
        boolean flux = mapping.magnitudeUnit() == FieldMapping.MagnitudeUnit.NJY;
        return new LightCurveFields(
                dot < 0 ? "" : brightness.substring(0, dot),
                mapping.history(),
                null,
                leaves(mapping.time()),
                mapping.timeScale(),
                leaves(mapping.band()),
                flux ? null : leaves(mapping.magnitude()),
                null,
                null,
                flux ? leaves(mapping.magnitude()) : null,
                null,
                null,
                null,
                null);
    }

    /** The last names of a path's alternatives: {@code a.b|a.c} is {@code b|c}. */
    private static String leaves(String path) {
        StringBuilder leaves = new StringBuilder();
        for (String alternative : path.split("\\|")) {
            leaves.append(leaves.length() == 0 ? "" : "|")
                    .append(alternative.substring(alternative.lastIndexOf('.') + 1));
        }
        return leaves.toString();
    }
}
