package org.fountain.simulator;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One mock detection with its history, in ZTF's terms; the Rubin packets are written from the same values.
 *
 * @param objectId object name, e.g. {@code ZTF26aabcdef}
 * @param candid unique detection id
 * @param jd Julian Date of the detection
 * @param fid band: 1 g, 2 r, 3 i
 * @param ra degrees
 * @param dec degrees
 * @param magpsf PSF magnitude of the difference-image source
 * @param sigmapsf its 1-sigma error
 * @param diffmaglim 5-sigma limiting magnitude
 * @param rb real-bogus score
 * @param drb deep real-bogus score
 * @param isdiffpos {@code t} (brighter than the reference) or {@code f}
 * @param ssdistnr distance to the nearest known solar-system object in arcsec, -999 when none
 * @param ssnamenr its name, or null
 * @param sgscore1 star/galaxy score of the nearest PS1 source
 * @param distpsnr1 distance to that source, arcsec
 * @param nbad bad pixels in the stamp
 * @param fwhm seeing, pixels
 * @param elong elongation a/b
 * @param magdiff aperture minus PSF magnitude
 * @param kind what the object is (not written into packets)
 * @param referenceMag magnitude of the source in the reference image, null when there is none
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
        @Nullable String ssnamenr,
        double sgscore1,
        double distpsnr1,
        int nbad,
        double fwhm,
        double elong,
        double magdiff,
        ObjectKind kind,
        @Nullable Double referenceMag,
        List<PastPoint> history) {

    /**
     * An earlier point of the light curve: a detection ({@code candid} set) or an upper limit ({@code candid} null).
     */
    public record PastPoint(
            double jd,
            int fid,
            @Nullable Long candid,
            double diffmaglim,
            @Nullable Double magpsf,
            @Nullable Double sigmapsf) {

        public boolean isDetection() {
            return candid != null;
        }
    }

    /** A plain, real-looking detection with no history, for tests and examples. */
    public static MockAlert simple(String objectId, long candid, double jd, double ra, double dec, double magpsf) {
        return withHistory(objectId, candid, jd, ra, dec, magpsf, List.of());
    }

    /** A plain, real-looking detection with the given history. */
    public static MockAlert withHistory(
            String objectId, long candid, double jd, double ra, double dec, double magpsf, List<PastPoint> history) {
        return new MockAlert(
                objectId,
                candid,
                jd,
                2,
                ra,
                dec,
                magpsf,
                0.05,
                20.5,
                0.9,
                0.99,
                "t",
                -999,
                null,
                0.1,
                3.0,
                0,
                2.2,
                1.05,
                0.02,
                ObjectKind.SUPERNOVA,
                null,
                history);
    }
}
