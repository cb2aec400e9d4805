package org.fountain.matching;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;

/**
 * ZTF filters as a community of astronomers writes them, with selectivities taken from example alerts: most match at
 * most 1 % of alerts (watch lists of positions, bright and real new transients, narrow magnitude windows in one band,
 * rising objects from their history, one object by name); about 1 % are broad, and one in a thousand has nothing an
 * index can use. Some use functions that only CEL evaluates (galactic latitude).
 */
final class RealisticFilters {

    private final SplittableRandom random;
    private final List<GenericRecord> examples;
    private final double[] magnitudes;
    private final double[] reals;

    RealisticFilters(long seed, List<GenericRecord> examples) {
        this.random = new SplittableRandom(seed);
        this.examples = examples;
        this.magnitudes = sorted("candidate.magpsf");
        this.reals = sorted("candidate.rb");
    }

    String next() {
        int pick = random.nextInt(1000);
        if (pick < 350) {
            return watchList();
        } else if (pick < 550) {
            String bright = String.format(
                    Locale.ROOT,
                    "candidate.magpsf < %s && candidate.rb > %s && candidate.isdiffpos == 't'",
                    magnitude(0.002, 0.02),
                    quantile(reals, 0.3 + random.nextDouble() * 0.6));
            // a quarter away from the Galactic plane: a function the matcher leaves to CEL
            return random.nextInt(4) == 0
                    ? bright + " && abs(galactic_latitude(candidate.ra, candidate.dec)) > 15.0"
                    : bright;
        } else if (pick < 700) {
            double low = quantile(magnitudes, random.nextDouble() * 0.95);
            return String.format(
                    Locale.ROOT,
                    "candidate.magpsf > %s && candidate.magpsf < %s && candidate.fid == %d && candidate.nbad == 0",
                    low,
                    low + 0.02 + random.nextDouble() * 0.05,
                    1 + random.nextInt(2));
        } else if (pick < 800) {
            return String.format(
                    Locale.ROOT,
                    "candidate.ndethist <= %d && candidate.drb > 0.9 && candidate.magpsf < %s",
                    1 + random.nextInt(3),
                    magnitude(0.001, 0.02));
        } else if (pick < 900) {
            return String.format(
                    Locale.ROOT,
                    "candidate.magpsf < %s && prv_candidates.exists(p, p.magpsf != null"
                            + " && p.magpsf - candidate.magpsf > %s)",
                    magnitude(0.001, 0.01),
                    0.3 + random.nextDouble());
        } else if (pick < 989) {
            Object name = FieldRef.of("objectId").read(example());
            return "objectId == '" + name + "' && candidate.rb > 0.5";
        } else if (pick < 999) {
            return String.format(
                    Locale.ROOT,
                    "candidate.rb > %s && (candidate.ssdistnr < 0.0 || candidate.ssdistnr > 12.0)",
                    quantile(reals, 0.5 + random.nextDouble() * 0.4));
        }
        return "prv_candidates.size() > 25 && abs(candidate.magdiff) < 0.1";
    }

    private String watchList() {
        GenericRecord alert = example();
        double ra = ((Number) FieldRef.of("candidate.ra").read(alert)).doubleValue();
        double dec = ((Number) FieldRef.of("candidate.dec").read(alert)).doubleValue();
        double radius = 1 + random.nextDouble() * (random.nextInt(10) == 0 ? 1800 : 60);
        String cone = String.format(
                Locale.ROOT,
                "cone(candidate.ra, candidate.dec, %s, %s, %s)",
                ra + (random.nextDouble() - 0.5) * 0.01,
                dec + (random.nextDouble() - 0.5) * 0.01,
                radius);
        return random.nextBoolean() ? cone : cone + " && candidate.magpsf < " + magnitude(0.3, 0.9);
    }

    /** A magnitude limit that between {@code low} and {@code high} of alerts are brighter than. */
    private String magnitude(double low, double high) {
        return Double.toString(quantile(magnitudes, low + random.nextDouble() * (high - low)));
    }

    private GenericRecord example() {
        return examples.get(random.nextInt(examples.size()));
    }

    private double[] sorted(String path) {
        return examples.stream()
                .map(r -> FieldRef.of(path).read(r))
                .filter(v -> v instanceof Number n && Double.isFinite(n.doubleValue()))
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sorted()
                .toArray();
    }

    private static double quantile(double[] values, double q) {
        int i = (int) Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))));
        return values[i];
    }
}
