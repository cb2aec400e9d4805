package org.fountain.admin;

/**
 * A bounded history of one or more figures sampled together: a ring of the last {@code capacity} points, each a time
 * and one value per figure. Safe for one writer and many readers (readers copy under the lock).
 */
final class Series {

    private final long[] times;
    private final double[][] values;
    private int next;
    private int size;

    Series(int capacity, int figures) {
        this.times = new long[capacity];
        this.values = new double[figures][capacity];
    }

    synchronized void add(long at, double... figures) {
        times[next] = at;
        for (int f = 0; f < values.length; f++) {
            values[f][next] = f < figures.length ? figures[f] : Double.NaN;
        }
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /**
     * The points since {@code from} (epoch ms), oldest first, as uPlot takes them: the times in seconds, then one row
     * per figure.
     */
    synchronized double[][] since(long from) {
        int start = (next - size + times.length) % times.length;
        int first = 0;
        while (first < size && times[(start + first) % times.length] < from) {
            first++;
        }
        int n = size - first;
        double[][] out = new double[values.length + 1][n];
        for (int i = 0; i < n; i++) {
            int at = (start + first + i) % times.length;
            out[0][i] = times[at] / 1000.0;
            for (int f = 0; f < values.length; f++) {
                out[f + 1][i] = values[f][at];
            }
        }
        return out;
    }

    synchronized int size() {
        return size;
    }
}
