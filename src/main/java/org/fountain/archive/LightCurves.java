package org.fountain.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.FieldMapping;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;

/**
 * The light curve an alert carries: its own detection, its history of detections and non-detections (upper limits),
 * and forced photometry, as magnitudes. ZTF packets give magnitudes ({@code magpsf ± sigmapsf}, limits as
 * {@code diffmaglim}) and forced fluxes in DN with a zero point ({@code fp_hists}); Rubin packets give fluxes in nJy
 * ({@code psfFlux ± psfFluxErr}), shown as AB magnitudes. A flux below three sigma is shown as a 5σ upper limit.
 */
final class LightCurves {

    /** σ_mag ≈ 2.5 / ln 10 · σ_flux / flux. */
    private static final double MAG_PER_RELATIVE_FLUX = 2.5 / Math.log(10);

    private LightCurves() {}

    static List<AlertView.LightPoint> of(GenericRecord alert) {
        List<AlertView.LightPoint> points = new ArrayList<>();
        GenericRecord current = record(alert, "candidate", "diaSource");
        if (current != null) {
            add(points, current, false, true);
        }
        for (Object entry : list(alert, "prv_candidates", "prvDiaSources")) {
            if (entry instanceof GenericRecord r) {
                add(points, r, false, false);
            }
        }
        for (Object entry : list(alert, "fp_hists", "prvDiaForcedSources")) {
            if (entry instanceof GenericRecord r) {
                add(points, r, true, false);
            }
        }
        points.sort(Comparator.comparingDouble(AlertView.LightPoint::mjd));
        return points;
    }

    private static void add(List<AlertView.LightPoint> points, GenericRecord r, boolean forced, boolean current) {
        Double mjd = number(r, "midpointMjdTai", "midPointTai");
        if (mjd == null) {
            Double jd = number(r, "jd");
            mjd = jd == null ? null : jd - Sky.MJD_OFFSET;
        }
        if (mjd == null || !Double.isFinite(mjd)) {
            return;
        }
        String band = band(r);
        Double mag = number(r, "magpsf");
        if (mag != null && Double.isFinite(mag)) {
            points.add(new AlertView.LightPoint(
                    mjd, band, mag, finite(number(r, "sigmapsf")), forced ? "forced" : "detection", current));
            return;
        }
        Double limit = number(r, "diffmaglim");
        Double dn = number(r, "forcediffimflux");
        if (dn != null) {
            Double unc = number(r, "forcediffimfluxunc");
            Double zeroPoint = number(r, "magzpsci");
            if (unc == null || zeroPoint == null || !(unc > 0) || dn < -99_000) {
                return; // ZTF marks forced photometry it could not do with -99999
            }
            fluxPoint(points, mjd, band, dn, unc, flux -> zeroPoint - 2.5 * Math.log10(flux), current, true);
            return;
        }
        Double flux = number(r, "psfFlux", "psFlux");
        if (flux != null) {
            Double err = number(r, "psfFluxErr", "psFluxErr");
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
            java.util.function.DoubleUnaryOperator magnitude,
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

    private static String band(GenericRecord r) {
        Object fid = value(r, "fid");
        if (fid != null) {
            return FieldMapping.ZTF.bandName(fid.toString());
        }
        Object band = value(r, "band");
        if (band == null) {
            band = value(r, "filterName");
        }
        return band == null ? "?" : band.toString();
    }

    private static @Nullable GenericRecord record(GenericRecord alert, String... names) {
        for (String name : names) {
            if (value(alert, name) instanceof GenericRecord r) {
                return r;
            }
        }
        return null;
    }

    private static List<?> list(GenericRecord alert, String... names) {
        for (String name : names) {
            if (value(alert, name) instanceof List<?> l) {
                return l;
            }
        }
        return List.of();
    }

    private static @Nullable Double number(GenericRecord r, String... names) {
        for (String name : names) {
            if (value(r, name) instanceof Number n) {
                return n.doubleValue();
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
