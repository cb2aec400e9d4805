package org.fountain.simulator;

import java.util.List;

/**
 * One mock detection with its history, in ZTF's terms.
 *
 * @param objectId object name, e.g. {@code ZTF26aabcdef}
 * @param candid unique detection id
 * @param jd Julian Date of the detection
 * @param fid band: 1 g, 2 r, 3 i
 * @param ra degrees
 * @param dec degrees
 * @param magpsf PSF magnitude
 * @param sigmapsf its 1-sigma error
 * @param diffmaglim 5-sigma limiting magnitude
 * @param rb real-bogus score
 * @param drb deep real-bogus score
 * @param isdiffpos {@code t} or {@code f}
 * @param ssdistnr distance to the nearest known solar-system object in arcsec, -999 when none
 * @param ssnamenr its name, or null
 * @param sgscore1 star/galaxy score of the nearest PS1 source
 * @param distpsnr1 distance to that source, arcsec
 * @param history earlier detections and upper limits, oldest first
 */
public record MockAlert(
        String objectId,
        long candid,
        double jd,
        int fid,
        double ra,
        double dec,
        double magpsf,
        double sigmapsf,
        double diffmaglim,
        double rb,
        double drb,
        String isdiffpos,
        double ssdistnr,
        String ssnamenr,
        double sgscore1,
        double distpsnr1,
        List<PastPoint> history) {

    /**
     * An earlier point of the light curve: a detection ({@code candid} set) or an upper limit ({@code candid} null).
     */
    public record PastPoint(double jd, int fid, Long candid, double diffmaglim, Double magpsf, Double sigmapsf) {}

    /** A plain, real-looking detection with no history, for tests and examples. */
    public static MockAlert simple(String objectId, long candid, double jd, double ra, double dec, double magpsf) {
        return new MockAlert(
                objectId, candid, jd, 2, ra, dec, magpsf, 0.05, 20.5, 0.9, 0.99, "t", -999, null, 0.1, 3.0, List.of());
    }
}
