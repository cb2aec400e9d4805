package org.fountain.filters.language;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fountain.alerts.Sky;

/**
 * Functions filters can call besides CEL's own. Angles are degrees, separations arcseconds, times Julian Dates.
 * {@link #FUNCTIONS} is the one list of them: the language declares them from it, the editor's suggestions and help
 * read it from {@code GET /api/filters/functions}, and a test holds the README's table to it.
 */
public final class AstronomyFunctions {

    private AstronomyFunctions() {}

    /** Every function, in the order the help lists them. */
    public static final List<FilterFunction> FUNCTIONS = List.of(
            new FilterFunction(
                    "cone",
                    List.of("ra", "dec", "ra0", "dec0", "radius_arcsec"),
                    "bool",
                    "Within radius_arcsec of (ra0, dec0)? e.g. cone(candidate.ra, candidate.dec, 210.80227, 54.34894,"
                            + " 600.0); write 30.0, not 30"),
            new FilterFunction(
                    "sep_arcsec",
                    List.of("ra1", "dec1", "ra2", "dec2"),
                    "double",
                    "Angular separation in arcseconds (haversine), e.g. sep_arcsec(0.0, 0.0, 1.0, 0.0) is 3600.0"),
            new FilterFunction(
                    "galactic_latitude",
                    List.of("ra", "dec"),
                    "double",
                    "Galactic latitude b in degrees, e.g. abs(galactic_latitude(candidate.ra, candidate.dec)) > 20.0"),
            new FilterFunction("galactic_longitude", List.of("ra", "dec"), "double", "Galactic longitude l in degrees"),
            new FilterFunction(
                    "mag_from_njy",
                    List.of("flux"),
                    "double",
                    "AB magnitude of a flux in nanojansky (" + Sky.AB_ZERO_POINT_NJY + " − 2.5·log10 flux)"),
            new FilterFunction("njy_from_mag", List.of("mag"), "double", "Flux in nanojansky of an AB magnitude"),
            new FilterFunction("jd_to_mjd", List.of("jd"), "double", "Modified Julian Date of a Julian Date"),
            new FilterFunction("mjd_to_jd", List.of("mjd"), "double", "Julian Date of a Modified Julian Date"),
            new FilterFunction(
                    "days_since",
                    List.of("jd"),
                    "double",
                    "Days from a Julian Date until now, e.g. days_since(candidate.jdstarthist) < 5.0"),
            new FilterFunction(
                    "abs",
                    List.of("x"),
                    "double",
                    "Absolute value (of a double, or of an int), e.g. abs(candidate.magdiff) <= 0.1"));

    public static double magFromNanojansky(double flux) {
        return flux > 0 ? Sky.abMagnitude(flux) : Double.NaN;
    }

    /** Days from {@code jd} until the clock's now. */
    public static double daysSince(Clock clock, double jd) {
        return Sky.julianDate(clock.millis()) - jd;
    }

    /** The CEL declarations of {@link #FUNCTIONS}: {@code fountain_<name>} over doubles; {@code abs} over ints too. */
    static List<CelFunctionDecl> declarations() {
        var d = SimpleType.DOUBLE;
        List<CelFunctionDecl> declarations = new ArrayList<>();
        for (FilterFunction f : FUNCTIONS) {
            List<dev.cel.common.types.CelType> parameters =
                    Collections.nCopies(f.parameters().size(), d);
            var returns = "bool".equals(f.returns()) ? SimpleType.BOOL : d;
            if ("abs".equals(f.name())) {
                declarations.add(CelFunctionDecl.newFunctionDeclaration(
                        "abs",
                        CelOverloadDecl.newGlobalOverload("fountain_abs_double", d, d),
                        CelOverloadDecl.newGlobalOverload("fountain_abs_int", SimpleType.INT, SimpleType.INT)));
            } else {
                declarations.add(CelFunctionDecl.newFunctionDeclaration(
                        f.name(), CelOverloadDecl.newGlobalOverload("fountain_" + f.name(), returns, parameters)));
            }
        }
        return declarations;
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
