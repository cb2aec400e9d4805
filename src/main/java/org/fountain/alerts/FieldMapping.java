package org.fountain.alerts;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a stream keeps the concepts every alert has. Paths are dotted field names from the top of the alert
 * ({@code candidate.ra}); a path may name alternatives separated by {@code |}, and a list of paths takes the first
 * that is present and not null.
 *
 * @param alertId the unique id of this detection
 * @param objectId the object's name or id, shared by all its alerts
 * @param ra right ascension in degrees
 * @param dec declination in degrees
 * @param time the detection time
 * @param timeScale {@code jd} (Julian Date) or {@code mjd} (Modified Julian Date)
 * @param magnitude the detection's brightness
 * @param magnitudeUnit {@code mag} (AB or survey magnitude) or {@code njy} (flux in nanojansky, converted to AB mag)
 * @param band the band, as stored
 * @param bandNames names for coded bands ({@code 1: g}); empty when the band is stored by name
 * @param history the array of earlier detections
 * @param lightCurve where the light curve's points and their fields are; for a custom stream without it, the
 *     detection's record and the history array, each point named as the detection
 */
public record FieldMapping(
        String alertId,
        List<String> objectId,
        String ra,
        String dec,
        String time,
        TimeScale timeScale,
        String magnitude,
        MagnitudeUnit magnitudeUnit,
        String band,
        @Nullable Map<String, String> bandNames,
        String history,
        @Nullable LightCurveFields lightCurve) {

    /** Where this stream's light curve is: as given, or as the mapping's own paths say. */
    public LightCurveFields lightCurveFields() {
        return lightCurve != null ? lightCurve : LightCurveFields.of(this);
    }

    /** How a stream's detection times count days (configured {@code jd} or {@code mjd}). */
    public enum TimeScale {
        /** Julian Date. */
        JD,
        /** Modified Julian Date: the Julian Date less {@link Sky#MJD_OFFSET}. */
        MJD
    }

    /** What a stream's brightness field holds (configured {@code mag} or {@code njy}). */
    public enum MagnitudeUnit {
        /** An AB (or survey) magnitude. */
        MAG,
        /** A flux in nanojansky, converted to an AB magnitude. */
        NJY
    }

    /** The name of a band as stored ({@code 1} is ZTF's g), or the stored value where it has none. */
    public String bandName(String stored) {
        return bandNames == null ? stored : bandNames.getOrDefault(stored, stored);
    }

    /** ZTF alert packets (schemas 3.x and 4.x) and Fountain's mock stream. */
    public static final FieldMapping ZTF = new FieldMapping(
            "candid",
            List.of("objectId"),
            "candidate.ra",
            "candidate.dec",
            "candidate.jd",
            TimeScale.JD,
            "candidate.magpsf",
            MagnitudeUnit.MAG,
            "candidate.fid",
            Map.of("1", "g", "2", "r", "3", "i"),
            "prv_candidates",
            LightCurveFields.ZTF);

    /**
     * Rubin (LSST) alert packets, schemas 3.0 to 11.x: the names of 9.0 and later first, then the older ones
     * ({@code alertId} at the top, {@code midPointTai}, {@code psFlux}, {@code filterName}, {@code decl}).
     */
    public static final FieldMapping LSST = new FieldMapping(
            "diaSourceId|alertId|diaSource.diaSourceId",
            List.of("diaObject.diaObjectId", "diaSource.diaObjectId", "diaSource.ssObjectId"),
            "diaSource.ra",
            "diaSource.dec|diaSource.decl",
            "diaSource.midpointMjdTai|diaSource.midPointTai",
            TimeScale.MJD,
            "diaSource.psfFlux|diaSource.psFlux",
            MagnitudeUnit.NJY,
            "diaSource.band|diaSource.filterName",
            Map.of(),
            "prvDiaSources",
            LightCurveFields.LSST);

    /**
     * ELAsTiCC's simulated Rubin alerts (the LSST-like challenge streams): the alert's own {@code alertId} at the top,
     * the detection named as before Rubin schema 5.0 ({@code midPointTai}, {@code psFlux} in nJy, {@code filterName},
     * {@code decl}).
     */
    public static final FieldMapping ELASTICC = new FieldMapping(
            "alertId|diaSource.diaSourceId",
            List.of("diaObject.diaObjectId", "diaSource.diaObjectId"),
            "diaSource.ra",
            "diaSource.decl|diaSource.dec",
            "diaSource.midPointTai|diaSource.midpointMjdTai",
            TimeScale.MJD,
            "diaSource.psFlux|diaSource.psfFlux",
            MagnitudeUnit.NJY,
            "diaSource.filterName|diaSource.band",
            Map.of(),
            "prvDiaSources",
            LightCurveFields.LSST);
}
