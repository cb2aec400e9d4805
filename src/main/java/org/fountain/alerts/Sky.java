package org.fountain.alerts;

/**
 * Positions and times: angular separation (haversine), galactic ↔ J2000 equatorial coordinates (north galactic pole
 * at RA 192.85948°, Dec +27.12825°; galactic longitude of the north celestial pole 122.93192°), Julian Dates.
 */
public final class Sky {

    /** MJD = JD − this. */
    public static final double MJD_OFFSET = 2400000.5;

    /** The AB magnitude of a flux of 1 nJy: AB mag = this − 2.5·log10(flux / nJy) (3631 Jy is magnitude 0). */
    public static final double AB_ZERO_POINT_NJY = 31.4;

    /** AB magnitude of a positive flux in nanojansky. */
    public static double abMagnitude(double fluxNanojansky) {
        return AB_ZERO_POINT_NJY - 2.5 * Math.log10(fluxNanojansky);
    }

    /** Flux in nanojansky of an AB magnitude. */
    public static double fluxNanojansky(double abMagnitude) {
        return Math.pow(10, (AB_ZERO_POINT_NJY - abMagnitude) / 2.5);
    }

    private static final double UNIX_EPOCH_JD = 2440587.5;
    private static final double POLE_RA = Math.toRadians(192.85948);
    private static final double POLE_DEC = Math.toRadians(27.12825);
    private static final double NCP_LONGITUDE = Math.toRadians(122.93192);
    private static final double ARCSEC_PER_RADIAN = 180 * 3600 / Math.PI;

    private Sky() {}

    /** Angular separation in arcseconds of two J2000 positions in degrees. */
    public static double separationArcsec(double ra1, double dec1, double ra2, double dec2) {
        double phi1 = Math.toRadians(dec1);
        double phi2 = Math.toRadians(dec2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(ra2 - ra1);
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * Math.asin(Math.min(1, Math.sqrt(h))) * ARCSEC_PER_RADIAN;
    }

    /** Galactic latitude in degrees of a J2000 position in degrees. */
    public static double galacticLatitude(double ra, double dec) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double sinB = Math.sin(d) * Math.sin(POLE_DEC) + Math.cos(d) * Math.cos(POLE_DEC) * Math.cos(r - POLE_RA);
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinB))));
    }

    /** Galactic longitude in degrees, 0 to 360, of a J2000 position in degrees. */
    public static double galacticLongitude(double ra, double dec) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double y = Math.cos(d) * Math.sin(r - POLE_RA);
        double x = Math.sin(d) * Math.cos(POLE_DEC) - Math.cos(d) * Math.sin(POLE_DEC) * Math.cos(r - POLE_RA);
        return normalise(Math.toDegrees(NCP_LONGITUDE - Math.atan2(y, x)));
    }

    /** {ra, dec} in degrees of galactic longitude and latitude in degrees. */
    public static double[] equatorialOf(double l, double b) {
        double lr = Math.toRadians(l);
        double br = Math.toRadians(b);
        double sinDec =
                Math.sin(br) * Math.sin(POLE_DEC) + Math.cos(br) * Math.cos(POLE_DEC) * Math.cos(NCP_LONGITUDE - lr);
        double y = Math.cos(br) * Math.sin(NCP_LONGITUDE - lr);
        double x = Math.sin(br) * Math.cos(POLE_DEC) - Math.cos(br) * Math.sin(POLE_DEC) * Math.cos(NCP_LONGITUDE - lr);
        return new double[] {
            normalise(Math.toDegrees(POLE_RA + Math.atan2(y, x))),
            Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinDec))))
        };
    }

    /** The Julian Date of a time in milliseconds since 1970-01-01T00:00Z. */
    public static double julianDate(long epochMillis) {
        return epochMillis / 86_400_000.0 + UNIX_EPOCH_JD;
    }

    /** Milliseconds since 1970-01-01T00:00Z of a Julian Date. */
    public static long epochMillis(double julianDate) {
        return Math.round((julianDate - UNIX_EPOCH_JD) * 86_400_000.0);
    }

    private static double normalise(double degrees) {
        return ((degrees % 360) + 360) % 360;
    }
}
