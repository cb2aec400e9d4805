package org.fountain.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.FieldMapping;
import org.fountain.alerts.LightCurveFields;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;

/**
 * The light curve an alert carries: its own detection, its history of detections and non-detections (upper limits),
 * and forced photometry, as magnitudes, read where the stream's profile says ({@link LightCurveFields}). ZTF packets
 * give magnitudes ({@code magpsf ± sigmapsf}, limits as {@code diffmaglim}) and forced fluxes in DN with a zero point
 * ({@code fp_hists}); Rubin packets give fluxes in nJy ({@code psfFlux ± psfFluxErr}), shown as AB magnitudes. A flux
 * below three sigma is shown as a 5σ upper limit.
 */
final class LightCurves {

    /** σ_mag ≈ 2.5 / ln 10 · σ_flux / flux. */
    private static final double MAG_PER_RELATIVE_FLUX = 2.5 / Math.log(10);

    private LightCurves() {}

    static List<AlertView.LightPoint> of(GenericRecord alert, FieldMapping mapping) {
        LightCurveFields fields = mapping.lightCurveFields();
        List<AlertView.LightPoint> points = new ArrayList<>();
        if (value(alert, fields.detection()) instanceof GenericRecord current) {
            add(points, current, fields, mapping, false, true);
        }
        for (Object entry : list(alert, fields.history())) {
            if (entry instanceof GenericRecord r) {
                add(points, r, fields, mapping, false, false);
            }
        }
        for (Object entry : list(alert, fields.forced())) {
            if (entry instanceof GenericRecord r) {
                add(points, r, fields, mapping, true, false);
            }
        }
        points.sort(Comparator.comparingDouble(AlertView.LightPoint::mjd));
        return points;
    }

    private static void add(
            List<AlertView.LightPoint> points,
            GenericRecord r,
            LightCurveFields fields,
            FieldMapping mapping,
            boolean forced,
            boolean current) {
        Double time = number(r, fields.time());
        if (time == null) {
            return;
        }
        double mjd = fields.timeScale() == FieldMapping.TimeScale.MJD ? time : time - Sky.MJD_OFFSET;
        if (!Double.isFinite(mjd)) {
            return;
        }
        Object stored = firstValue(r, fields.band());
        String band = stored == null ? "?" : mapping.bandName(stored.toString());
        Double mag = number(r, fields.magnitude());
        if (mag != null && Double.isFinite(mag)) {
            points.add(new AlertView.LightPoint(
                    mjd,
                    band,
                    mag,
                    finite(number(r, fields.magnitudeError())),
                    forced ? "forced" : "detection",
                    current));
            return;
        }
        Double limit = number(r, fields.limit());
        Double dn = number(r, fields.forcedFlux());
        if (dn != null) {
            Double unc = number(r, fields.forcedFluxError());
            Double zeroPoint = number(r, fields.zeroPoint());
            if (unc == null || zeroPoint == null || !(unc > 0) || dn < -99_000) {
                return; // ZTF marks forced photometry it could not do with -99999
            }
            fluxPoint(points, mjd, band, dn, unc, flux -> zeroPoint - 2.5 * Math.log10(flux), current, true);
            return;
        }
        Double flux = number(r, fields.flux());
        if (flux != null) {
            Double err = number(r, fields.fluxError());
            if (err == null || !(err > 0)) {
                if (flux > 0) {
                    points.add(new AlertView.LightPoint(
                            mjd, band, Sky.abMagnitude(flux), null, forced ? "forced" : "detection", current));
                }
                return;
            }
            fluxPoint(points, mjd, band, flux, err, Sky::abMagnitude, current, forced);
            return;
        }
        if (limit != null && Double.isFinite(limit)) {
            points.add(new AlertView.LightPoint(mjd, band, limit, null, "limit", current));
        }
    }

    private static void fluxPoint(
            List<AlertView.LightPoint> points,
            double mjd,
            String band,
            double flux,
            double err,
            DoubleUnaryOperator magnitude,
            boolean current,
            boolean forced) {
        if (flux >= 3 * err) {
            points.add(new AlertView.LightPoint(
                    mjd,
                    band,
                    magnitude.applyAsDouble(flux),
                    MAG_PER_RELATIVE_FLUX * err / flux,
                    forced ? "forced" : "detection",
                    current));
        } else {
            points.add(new AlertView.LightPoint(
                    mjd, band, magnitude.applyAsDouble(5 * err), null, forced ? "forced-limit" : "limit", current));
        }
    }

    private static List<?> list(GenericRecord alert, @Nullable String names) {
        return firstValue(alert, names) instanceof List<?> l ? l : List.of();
    }

    private static @Nullable Double number(GenericRecord r, @Nullable String names) {
        return firstValue(r, names) instanceof Number n ? n.doubleValue() : null;
    }

    /** The value of the first of the {@code |}-separated names that the record has and holds a value. */
    private static @Nullable Object firstValue(GenericRecord r, @Nullable String names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        for (String name : names.split("\\|")) {
            Object value = value(r, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static @Nullable Double finite(@Nullable Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }

    static @Nullable Object value(GenericRecord r, String name) {
        Schema.Field field = r.getSchema().getField(name);
        return field == null ? null : r.get(field.pos());
    }
}
