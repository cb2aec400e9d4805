package org.fountain.simulator;

/**
 * Galactic ↔ equatorial (J2000) coordinates, from the north galactic pole at RA 192.85948°, Dec +27.12825° and the
 * galactic longitude of the north celestial pole, 122.93192°.
 */
final class Sky {

    static final double POLE_RA = Math.toRadians(192.85948);
    static final double POLE_DEC = Math.toRadians(27.12825);
    static final double NCP_LONGITUDE = Math.toRadians(122.93192);

    private Sky() {}

    /** {ra, dec} in degrees of galactic longitude and latitude {@code l}, {@code b} in degrees. */
    static double[] equatorialOf(double l, double b) {
        double lr = Math.toRadians(l);
        double br = Math.toRadians(b);
        double sinDec =
                Math.sin(br) * Math.sin(POLE_DEC) + Math.cos(br) * Math.cos(POLE_DEC) * Math.cos(NCP_LONGITUDE - lr);
        double dec = Math.asin(Math.max(-1, Math.min(1, sinDec)));
        double y = Math.cos(br) * Math.sin(NCP_LONGITUDE - lr);
        double x = Math.sin(br) * Math.cos(POLE_DEC) - Math.cos(br) * Math.sin(POLE_DEC) * Math.cos(NCP_LONGITUDE - lr);
        double ra = Math.toDegrees(POLE_RA + Math.atan2(y, x));
        return new double[] {((ra % 360) + 360) % 360, Math.toDegrees(dec)};
    }

    /** Galactic latitude in degrees of a J2000 position in degrees. */
    static double galacticLatitude(double ra, double dec) {
        double rar = Math.toRadians(ra);
        double decr = Math.toRadians(dec);
        double sinB =
                Math.sin(decr) * Math.sin(POLE_DEC) + Math.cos(decr) * Math.cos(POLE_DEC) * Math.cos(rar - POLE_RA);
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinB))));
    }
}
