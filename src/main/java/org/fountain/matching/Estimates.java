package org.fountain.matching;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What share of recent alerts each indexable conjunct lets through, from a stream's {@link Samples}: the matcher
 * gives each filter the conjunct that lets through the fewest as its access predicate. Before enough alerts have been
 * seen, rough priors stand in. Built off the hot path; read by one thread at a time.
 */
final class Estimates {

    private static final int ENOUGH = 64;

    private final Samples samples;
    private final Map<Integer, FieldStatistics> fields = new HashMap<>();
    private final Map<Long, PositionStatistics> positions = new HashMap<>();

    Estimates(Samples samples) {
        this.samples = samples;
    }

    /** The estimated share of alerts the predicate lets through, or more than 1 when it cannot be indexed. */
    double share(Predicate predicate) {
        if (predicate instanceof Predicate.Compare p) {
            return p.atMost()
                    ? field(p.field()).atMost(p.bound())
                    : field(p.field()).atLeast(p.bound());
        } else if (predicate instanceof Predicate.OneOf p) {
            return field(p.field()).oneOf(p);
        } else if (predicate instanceof Predicate.Range p) {
            return field(p.field()).range(p.lower().bound(), p.upper().bound());
        } else if (predicate instanceof Predicate.Cone p) {
            return cone(p);
        }
        return 2;
    }

    /**
     * Boundaries cutting a field's recent values into up to 256 buckets of about equal count, for filing ranges; empty
     * until enough values have been seen.
     */
    double[] boundaries(int field) {
        return field(field).boundaries;
    }

    private double cone(Predicate.Cone cone) {
        int[] cells = SkyGrid.cellsOf(cone.ra0(), cone.dec0(), cone.radiusArcsec());
        if (cells == null) {
            return 2;
        }
        PositionStatistics statistics =
                positions.computeIfAbsent(((long) cone.ra() << 32) | cone.dec(), k -> positionsOf(cone));
        if (statistics.total < ENOUGH) {
            return Math.min(1, SkyGrid.skyShare(cone.radiusArcsec()) * 20 + 0.001);
        }
        long admitted = statistics.unknown;
        for (int cell : cells) {
            admitted += statistics.cells.getOrDefault(cell, 0);
        }
        return (double) admitted / statistics.total;
    }

    private PositionStatistics positionsOf(Predicate.Cone cone) {
        Object[] ras = samples.of(cone.ra());
        Object[] decs = samples.of(cone.dec());
        PositionStatistics statistics = new PositionStatistics();
        for (int i = 0; i < ras.length; i++) {
            if (ras[i] == null || decs[i] == null) {
                continue;
            }
            statistics.total++;
            if (ras[i] instanceof Double ra && decs[i] instanceof Double dec && SkyGrid.placeable(ra, dec)) {
                statistics.cells.merge(SkyGrid.cellOf(ra, dec), 1, Integer::sum);
            } else {
                statistics.unknown++;
            }
        }
        return statistics;
    }

    private FieldStatistics field(int field) {
        return fields.computeIfAbsent(field, f -> new FieldStatistics(samples.of(f)));
    }

    private static final class PositionStatistics {
        final Map<Integer, Integer> cells = new HashMap<>();
        int total;
        int unknown;
    }

    private static final class FieldStatistics {
        final double[] numbers;
        final Map<Object, Integer> keys = new HashMap<>();
        final Map<Class<?>, Integer> kinds = new HashMap<>();
        final int total;
        final int unknown;
        final double[] boundaries;

        FieldStatistics(Object[] ring) {
            double[] found = new double[ring.length];
            int count = 0;
            int sampled = 0;
            int unknownCount = 0;
            for (Object value : ring) {
                if (value == null) {
                    continue;
                }
                sampled++;
                if (value == Samples.UNKNOWN) {
                    unknownCount++;
                    continue;
                }
                keys.merge(value, 1, Integer::sum);
                kinds.merge(value.getClass(), 1, Integer::sum);
                if (value instanceof Double d && !d.isNaN()) {
                    found[count++] = d;
                }
            }
            numbers = Arrays.copyOf(found, count);
            Arrays.sort(numbers);
            total = sampled;
            unknown = unknownCount;
            boundaries = numbers.length < ENOUGH ? new double[0] : quantiles(numbers);
        }

        private static double[] quantiles(double[] sorted) {
            double[] cuts = new double[Buckets.MAX - 1];
            int count = 0;
            for (int i = 1; i < Buckets.MAX; i++) {
                double cut = sorted[(int) ((long) i * sorted.length / Buckets.MAX)];
                if (count == 0 || cut > cuts[count - 1]) {
                    cuts[count++] = cut;
                }
            }
            return Arrays.copyOf(cuts, count);
        }

        /** Ranges spanning more buckets than this are filed by one of their bounds instead. */
        private static final int WIDEST = 32;

        double range(double lower, double upper) {
            if (total < ENOUGH || boundaries.length == 0) {
                return 2;
            }
            if (Buckets.atOrBelow(boundaries, upper) - Buckets.atOrBelow(boundaries, lower) + 1 > WIDEST) {
                return 2;
            }
            int inside = Math.max(0, Buckets.atOrBelow(numbers, upper) - Buckets.below(numbers, lower));
            return (double) (inside + notNumbers()) / total;
        }

        /** Non-numbers are let through (CEL decides); NaN is not. */
        private int notNumbers() {
            return total - kinds.getOrDefault(Double.class, 0);
        }

        double atMost(double bound) {
            if (total < ENOUGH) {
                return 0.5;
            }
            int atOrBelow = Buckets.atOrBelow(numbers, bound);
            return (double) (atOrBelow + notNumbers()) / total;
        }

        double atLeast(double bound) {
            if (total < ENOUGH) {
                return 0.5;
            }
            int below = Buckets.below(numbers, bound);
            return (double) (numbers.length - below + notNumbers()) / total;
        }

        double oneOf(Predicate.OneOf predicate) {
            if (total < ENOUGH) {
                return Math.min(1, 0.1 * predicate.keys().size());
            }
            long admitted = total - kinds.getOrDefault(predicate.kind(), 0);
            for (Object key : predicate.keys()) {
                admitted += keys.getOrDefault(key, 0);
            }
            return (double) admitted / total;
        }
    }
}
