package org.fountain.filters.language;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * Functions filters can call besides CEL's own. Angles are degrees, separations arcseconds, times Julian Dates.
 *
 * <ul>
 *   <li>{@code cone(ra, dec, ra0, dec0, radius_arcsec)}: within the radius of (ra0, dec0)?
 *   <li>{@code sep_arcsec(ra1, dec1, ra2, dec2)}: angular separation (haversine, good at small angles)
 *   <li>{@code galactic_latitude(ra, dec)}, {@code galactic_longitude(ra, dec)}
 *   <li>{@code mag_from_njy(flux)}: AB magnitude of a flux in nanojansky; {@code njy_from_mag(mag)}
 *   <li>{@code jd_to_mjd(jd)}, {@code mjd_to_jd(mjd)}, {@code days_since(jd)}: days from jd until now
 *   <li>{@code abs(x)}
 * </ul>
 */
public final class AstronomyFunctions {

    private static final double POLE_RA = Math.toRadians(192.85948);
    private static final double POLE_DEC = Math.toRadians(27.12825);
    private static final double NCP_LONGITUDE = Math.toRadians(122.93192);
    private static final double ARCSEC_PER_RADIAN = 180 * 3600 / Math.PI;

    private AstronomyFunctions() {}

    public static double sepArcsec(double ra1, double dec1, double ra2, double dec2) {
        double phi1 = Math.toRadians(dec1);
        double phi2 = Math.toRadians(dec2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(ra2 - ra1);
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * Math.asin(Math.min(1, Math.sqrt(h))) * ARCSEC_PER_RADIAN;
    }

    public static double galacticLatitude(double ra, double dec) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double sinB = Math.sin(d) * Math.sin(POLE_DEC) + Math.cos(d) * Math.cos(POLE_DEC) * Math.cos(r - POLE_RA);
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinB))));
    }

    public static double galacticLongitude(double ra, double dec) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double y = Math.cos(d) * Math.sin(r - POLE_RA);
        double x = Math.sin(d) * Math.cos(POLE_DEC) - Math.cos(d) * Math.sin(POLE_DEC) * Math.cos(r - POLE_RA);
        double l = Math.toDegrees(NCP_LONGITUDE - Math.atan2(y, x));
        return ((l % 360) + 360) % 360;
    }

    public static double magFromNanojansky(double flux) {
        return flux > 0 ? 31.4 - 2.5 * Math.log10(flux) : Double.NaN;
    }

    public static double daysSince(double jd) {
        return System.currentTimeMillis() / 86_400_000.0 + 2440587.5 - jd;
    }

    static List<CelFunctionDecl> declarations() {
        var d = SimpleType.DOUBLE;
        return List.of(
                CelFunctionDecl.newFunctionDeclaration(
                        "cone", CelOverloadDecl.newGlobalOverload("fountain_cone", SimpleType.BOOL, d, d, d, d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "sep_arcsec", CelOverloadDecl.newGlobalOverload("fountain_sep_arcsec", d, d, d, d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "galactic_latitude", CelOverloadDecl.newGlobalOverload("fountain_galactic_latitude", d, d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "galactic_longitude",
                        CelOverloadDecl.newGlobalOverload("fountain_galactic_longitude", d, d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "mag_from_njy", CelOverloadDecl.newGlobalOverload("fountain_mag_from_njy", d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "njy_from_mag", CelOverloadDecl.newGlobalOverload("fountain_njy_from_mag", d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "jd_to_mjd", CelOverloadDecl.newGlobalOverload("fountain_jd_to_mjd", d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "mjd_to_jd", CelOverloadDecl.newGlobalOverload("fountain_mjd_to_jd", d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "days_since", CelOverloadDecl.newGlobalOverload("fountain_days_since", d, d)),
                CelFunctionDecl.newFunctionDeclaration(
                        "abs",
                        CelOverloadDecl.newGlobalOverload("fountain_abs_double", d, d),
                        CelOverloadDecl.newGlobalOverload("fountain_abs_int", SimpleType.INT, SimpleType.INT)));
    }

    static List<CelFunctionBinding> bindings() {
        List<Class<?>> five = List.of(Double.class, Double.class, Double.class, Double.class, Double.class);
        List<Class<?>> four = List.of(Double.class, Double.class, Double.class, Double.class);
        return List.of(
                CelFunctionBinding.from(
                        "fountain_cone",
                        five,
                        args -> sepArcsec((Double) args[0], (Double) args[1], (Double) args[2], (Double) args[3])
                                <= (Double) args[4]),
                CelFunctionBinding.from(
                        "fountain_sep_arcsec",
                        four,
                        args -> sepArcsec((Double) args[0], (Double) args[1], (Double) args[2], (Double) args[3])),
                CelFunctionBinding.from(
                        "fountain_galactic_latitude", Double.class, Double.class, AstronomyFunctions::galacticLatitude),
                CelFunctionBinding.from(
                        "fountain_galactic_longitude",
                        Double.class,
                        Double.class,
                        AstronomyFunctions::galacticLongitude),
                CelFunctionBinding.from("fountain_mag_from_njy", Double.class, AstronomyFunctions::magFromNanojansky),
                CelFunctionBinding.from("fountain_njy_from_mag", Double.class, m -> Math.pow(10, (31.4 - m) / 2.5)),
                CelFunctionBinding.from("fountain_jd_to_mjd", Double.class, jd -> jd - 2400000.5),
                CelFunctionBinding.from("fountain_mjd_to_jd", Double.class, mjd -> mjd + 2400000.5),
                CelFunctionBinding.from("fountain_days_since", Double.class, AstronomyFunctions::daysSince),
                CelFunctionBinding.from("fountain_abs_double", Double.class, Math::abs),
                CelFunctionBinding.from("fountain_abs_int", Long.class, Math::abs));
    }
}
