package org.fountain.matching;

/**
 * Bucket numbers for a field's values, for filing ranges: boundaries cut the line into buckets of about equal count
 * of recent values ({@code (-∞, b0)}, {@code [b0, b1)}, …, {@code [bn, ∞)}). A range is filed in every bucket from
 * its lower bound's to its upper bound's; any value inside it falls in one of those.
 */
final class Buckets {

    static final int MAX = 256;

    private Buckets() {}

    /** How many of the sorted values are {@code <= value}: the bucket of a value among boundaries. */
    static int atOrBelow(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** How many of the sorted values are {@code < value}. */
    static int below(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
