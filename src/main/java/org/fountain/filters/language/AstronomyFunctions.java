package org.fountain.filters.language;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.time.Clock;
import java.util.List;
import org.fountain.alerts.Sky;

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

    private AstronomyFunctions() {}

    public static double magFromNanojansky(double flux) {
        return flux > 0 ? Sky.abMagnitude(flux) : Double.NaN;
    }

    /** Days from {@code jd} until the clock's now. */
    public static double daysSince(Clock clock, double jd) {
        return Sky.julianDate(clock.millis()) - jd;
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

    static List<CelFunctionBinding> bindings(Clock clock) {
        List<Class<?>> five = List.of(Double.class, Double.class, Double.class, Double.class, Double.class);
        List<Class<?>> four = List.of(Double.class, Double.class, Double.class, Double.class);
        return List.of(
                CelFunctionBinding.from(
                        "fountain_cone",
                        five,
                        args -> Sky.separationArcsec(
                                        (Double) args[0], (Double) args[1], (Double) args[2], (Double) args[3])
                                <= (Double) args[4]),
                CelFunctionBinding.from(
                        "fountain_sep_arcsec",
                        four,
                        args -> Sky.separationArcsec(
                                (Double) args[0], (Double) args[1], (Double) args[2], (Double) args[3])),
                CelFunctionBinding.from(
                        "fountain_galactic_latitude", Double.class, Double.class, Sky::galacticLatitude),
                CelFunctionBinding.from(
                        "fountain_galactic_longitude", Double.class, Double.class, Sky::galacticLongitude),
                CelFunctionBinding.from("fountain_mag_from_njy", Double.class, AstronomyFunctions::magFromNanojansky),
                CelFunctionBinding.from("fountain_njy_from_mag", Double.class, Sky::fluxNanojansky),
                CelFunctionBinding.from("fountain_jd_to_mjd", Double.class, jd -> jd - Sky.MJD_OFFSET),
                CelFunctionBinding.from("fountain_mjd_to_jd", Double.class, mjd -> mjd + Sky.MJD_OFFSET),
                CelFunctionBinding.from("fountain_days_since", Double.class, jd -> daysSince(clock, jd)),
                CelFunctionBinding.from("fountain_abs_double", Double.class, Math::abs),
                CelFunctionBinding.from("fountain_abs_int", Long.class, Math::abs));
    }
}
