package org.fountain.archive;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * An alert's image cutouts: the FITS bytes it carries (ZTF: gzipped, in {@code {fileName, stampData}}; Rubin: plain
 * bytes), and a grey PNG of one with IRAF's zscale stretch (the difference image kept symmetric about zero, so
 * negative residuals show dark and positive bright). Bounded: a cutout inflating past 16 MiB or larger than 2048
 * pixels a side is refused.
 */
final class CutoutImages {

    /** The three cutouts, by the name used in links. */
    enum Kind {
        science("cutoutScience"),
        template("cutoutTemplate"),
        difference("cutoutDifference");

        final String field;

        Kind(String field) {
            this.field = field;
        }
    }

    private static final int MAX_BYTES = 16 << 20;
    private static final int MAX_SIDE = 2048;
    private static final double CONTRAST = 0.25;
    private static final int SAMPLES = 1000;

    private CutoutImages() {}

    /** The FITS bytes of one cutout, inflated; null when the alert carries none. */
    static byte @Nullable [] fits(GenericRecord alert, Kind kind) throws IOException {
        Object value = LightCurves.value(alert, kind.field);
        if (value instanceof GenericRecord stamp) {
            value = LightCurves.value(stamp, "stampData");
        }
        byte[] bytes;
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            bytes = new byte[copy.remaining()];
            copy.get(bytes);
        } else if (value instanceof byte[] raw) {
            bytes = raw;
        } else {
            return null;
        }
        return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b ? gunzip(bytes) : bytes;
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + n > MAX_BYTES) {
                    throw new IOException("the cutout inflates past " + MAX_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The image of a FITS file's first HDU with data, rows as in the file (row 0 at the bottom, as FITS has it). */
    static double[][] pixels(byte[] fits) throws IOException {
        try (Fits file = new Fits(new ByteArrayInputStream(fits))) {
            for (BasicHDU<?> hdu = file.readHDU(); hdu != null; hdu = file.readHDU()) {
                if (hdu instanceof ImageHDU image && image.getAxes() != null && image.getAxes().length == 2) {
                    int[] axes = image.getAxes();
                    if (axes[0] > MAX_SIDE || axes[1] > MAX_SIDE) {
                        throw new IOException("a cutout of " + axes[1] + "×" + axes[0] + " pixels is too large");
                    }
                    return toDoubles(image.getKernel(), axes[0], axes[1]);
                }
            }
            throw new IOException("no two-dimensional image in the cutout");
        } catch (RuntimeException e) {
            throw new IOException("unreadable FITS cutout: " + e.getMessage(), e);
        }
    }

    private static double[][] toDoubles(Object kernel, int rows, int columns) throws IOException {
        double[][] out = new double[rows][columns];
        for (int y = 0; y < rows; y++) {
            Object row = Array.get(kernel, y);
            for (int x = 0; x < columns; x++) {
                out[y][x] = ((Number) Array.get(row, x)).doubleValue();
            }
        }
        return out;
    }

    /** The zscale limits of an image: IRAF's stretch that shows the sky and faint sources at once. */
    static double[] zscale(double[][] image) {
        int total = image.length * image[0].length;
        int step = Math.max(1, total / SAMPLES);
        double[] sample = new double[Math.min(total, SAMPLES + 1)];
        int n = 0;
        for (int i = 0; i < total && n < sample.length; i += step) {
            double v = image[i / image[0].length][i % image[0].length];
            if (Double.isFinite(v)) {
                sample[n++] = v;
            }
        }
        if (n == 0) {
            return new double[] {0, 1};
        }
        sample = Arrays.copyOf(sample, n);
        Arrays.sort(sample);
        double min = sample[0];
        double max = sample[n - 1];
        double median = n % 2 == 1 ? sample[n / 2] : (sample[n / 2 - 1] + sample[n / 2]) / 2;
        double center = (n - 1) / 2.0;
        boolean[] good = new boolean[n];
        Arrays.fill(good, true);
        double slope = 0;
        int kept = n;
        for (int iteration = 0; iteration < 5 && kept >= Math.max(5, n / 2); iteration++) {
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = 0; i < n; i++) {
                if (good[i]) {
                    double x = i - center;
                    sx += x;
                    sy += sample[i];
                    sxx += x * x;
                    sxy += x * sample[i];
                }
            }
            double denominator = kept * sxx - sx * sx;
            if (denominator == 0) {
                break;
            }
            slope = (kept * sxy - sx * sy) / denominator;
            double intercept = (sy - slope * sx) / kept;
            double sumSquares = 0;
            for (int i = 0; i < n; i++) {
                if (good[i]) {
                    double r = sample[i] - (intercept + slope * (i - center));
                    sumSquares += r * r;
                }
            }
            double sigma = Math.sqrt(sumSquares / kept);
            int before = kept;
            kept = 0;
            for (int i = 0; i < n; i++) {
                good[i] = Math.abs(sample[i] - (intercept + slope * (i - center))) <= 2.5 * sigma;
                kept += good[i] ? 1 : 0;
            }
            if (kept == before) {
                break;
            }
        }
        if (kept < n / 2) {
            return new double[] {min, max};
        }
        double z1 = Math.max(min, median - center * slope / CONTRAST);
        double z2 = Math.min(max, median + (n - 1 - center) * slope / CONTRAST);
        return z1 < z2 ? new double[] {z1, z2} : new double[] {min, max};
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }

    /** How values between the zscale limits become grey levels. */
    enum Stretch {
        /** Proportionally. */
        linear,
        /** asinh(10 t) / asinh(10): faint structure brighter, bright cores not saturated. */
        asinh
    }

    /** A grey PNG of the image, north up (FITS row 0 drawn at the bottom), stretched linearly. */
    static byte[] png(double[][] image, Kind kind) throws IOException {
        return png(image, kind, Stretch.linear);
    }

    /** A grey PNG of the image, north up (FITS row 0 drawn at the bottom). */
    static byte[] png(double[][] image, Kind kind, Stretch stretch) throws IOException {
        double[] limits = zscale(image);
        if (kind == Kind.difference) {
            double half = Math.max(Math.abs(limits[0]), Math.abs(limits[1]));
            limits = new double[] {-half, half};
        }
        double span = limits[1] - limits[0] == 0 ? 1 : limits[1] - limits[0];
        int rows = image.length;
        int columns = image[0].length;
        BufferedImage png = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double v = image[y][x];
                double t = Math.min(1, Math.max(0, (v - limits[0]) / span));
                if (stretch == Stretch.asinh) {
                    t = asinh(10 * t) / asinh(10);
                }
                int grey = Double.isFinite(v) ? (int) Math.round(255 * t) : 0;
                png.getRaster().setSample(x, rows - 1 - y, 0, grey);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(png, "png", out);
        return out.toByteArray();
    }
}
