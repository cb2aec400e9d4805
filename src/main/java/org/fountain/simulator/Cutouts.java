package org.fountain.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.util.FitsOutputStream;
import org.fountain.alerts.FieldMapping;

/**
 * Image stamps for a mock detection: 63×63 pixels, 32-bit float FITS, as ZTF sends them. The template holds the
 * reference source (the host galaxy, or the star at its base brightness); the science image adds the change's
 * change; the difference image shows that change as a PSF on noise, negative when the source faded. Deterministic:
 * the noise is seeded by the detection's id.
 */
final class Cutouts {

    static final int SIZE = 63;
    static final double ZERO_POINT = 26.0;
    private static final double BACKGROUND = 120.0;
    private static final double NOISE = 9.0;

    /** The three stamps as uncompressed FITS files. */
    record Stamps(byte[] science, byte[] template, byte[] difference) {}

    private Cutouts() {}

    static Stamps of(MockAlert alert) {
        SplittableRandom random = new SplittableRandom(alert.candid() * 0x9E3779B97F4A7C15L);
        double sigma = Math.max(0.8, alert.fwhm()) / 2.3548;
        double centre = (SIZE - 1) / 2.0;
        double newFlux = flux(alert.magpsf()) * ("f".equals(alert.isdiffpos()) ? -1 : 1);
        double reference = alert.referenceMag() == null ? 0 : flux(alert.referenceMag());
        float[][] template = new float[SIZE][SIZE];
        float[][] science = new float[SIZE][SIZE];
        float[][] difference = new float[SIZE][SIZE];
        double hostSigma = alert.kind() == ObjectKind.SUPERNOVA || alert.kind() == ObjectKind.AGN ? sigma * 2.5 : sigma;
        double hostOffset = alert.kind() == ObjectKind.SUPERNOVA ? Math.min(8, alert.distpsnr1() / 1.01) : 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double host = reference * gaussian(x - centre - hostOffset, y - centre, hostSigma);
                double change = newFlux * gaussian(x - centre, y - centre, sigma);
                if (alert.kind() == ObjectKind.BOGUS) {
                    // a cosmic-ray-like hit: a few very sharp, bright pixels
                    change = Math.abs(x - centre) + Math.abs(y - centre) <= 1 ? Math.abs(newFlux) * 0.4 : 0;
                }
                double t = BACKGROUND + host + NOISE * random.nextGaussian();
                double s = BACKGROUND + host + change + NOISE * random.nextGaussian();
                template[y][x] = (float) t;
                science[y][x] = (float) s;
                difference[y][x] = (float) (change + NOISE * 1.4 * random.nextGaussian());
            }
        }
        return new Stamps(
                fits(science, alert, "science"),
                fits(template, alert, "template"),
                fits(difference, alert, "difference"));
    }

    /** Counts in a stamp for a magnitude at Fountain's mock zero point. */
    static double flux(double magnitude) {
        return Math.pow(10, -0.4 * (magnitude - ZERO_POINT));
    }

    private static double gaussian(double dx, double dy, double sigma) {
        return Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma);
    }

    static byte[] fits(float[][] image, MockAlert alert, String kind) {
        try {
            Fits fits = new Fits();
            BasicHDU<?> hdu = Fits.makeHDU(image);
            hdu.getHeader().addValue("OBJECT", alert.objectId(), "object name");
            hdu.getHeader().addValue("CANDID", alert.candid(), "detection id");
            hdu.getHeader().addValue("IMGTYPE", kind, "science, template or difference");
            hdu.getHeader().addValue("MAGZP", ZERO_POINT, "magnitude zero point");
            hdu.getHeader().addValue("FILTER", FieldMapping.ZTF.bandName(String.valueOf(alert.fid())), "band");
            hdu.getHeader().addValue("ORIGIN", "Fountain mock stream", "synthetic image");
            fits.addHDU(hdu);
            ByteArrayOutputStream out = new ByteArrayOutputStream(20_000);
            try (FitsOutputStream stream = new FitsOutputStream(out)) {
                fits.write(stream);
            }
            return out.toByteArray();
        } catch (FitsException e) {
            throw new IllegalStateException("cannot write a FITS stamp", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
