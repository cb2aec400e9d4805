package org.fountain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.AtomicHistogram;
import org.jspecify.annotations.Nullable;

/**
 * Alert-to-dashboard times of the matches of alerts published from a moment on (HdrHistogram, 1 ms resolution), split
 * at matching and by 10 s of publication, with each alert's slowest and fastest dashboard. Everything is allocated
 * before measuring: allocating while measuring (arrays of megabytes, once per window) set off bursts of collections in
 * a harness's JVM that showed as stalls of the portal beside it.
 */
final class LoadLatencies {

    private static final long MAX_MILLIS = 600_000;

    private final AtomicHistogram histogram = new AtomicHistogram(MAX_MILLIS, 3);
    private final @Nullable LoadLatencies toMatch;
    private final @Nullable LoadLatencies toScreen;
    private final LoadLatencies[] windows;
    /** Per alert (partition and offset): its slowest dashboard, its time to matching, its fastest dashboard. */
    private final Map<Long, long[]> byAlert = new ConcurrentHashMap<>();
    /** When each alert was published, for {@link #slowest}. */
    private final Map<Long, Long> publishedAt = new ConcurrentHashMap<>();

    private final long since;

    LoadLatencies(long since, int seconds) {
        this(since, true, (seconds + 9) / 10 + 1);
    }

    private LoadLatencies(long since, boolean split, int windows) {
        this.since = since;
        this.toMatch = split ? new LoadLatencies(since, false, 0) : null;
        this.toScreen = split ? new LoadLatencies(since, false, 0) : null;
        this.windows = new LoadLatencies[windows];
        for (int w = 0; w < windows; w++) {
            this.windows[w] = new LoadLatencies(since, true, 0);
        }
    }

    private void add(long millis) {
        histogram.recordValue(Math.min(MAX_MILLIS, Math.max(0, millis)));
    }

    /** Records one match of the alert {@code key}, published {@code at}, matched and received at the times given. */
    void record(long key, long at, long matchedAt, long receivedAt) {
        if (at < since || toMatch == null || toScreen == null) {
            return;
        }
        long total = receivedAt - at;
        add(total);
        toMatch.add(matchedAt - at);
        toScreen.add(receivedAt - matchedAt);
        int w = (int) ((at - since) / 10_000);
        if (w < windows.length) {
            windows[w].record(key, at, matchedAt, receivedAt);
        }
        if (windows.length > 0) {
            publishedAt.putIfAbsent(key, at);
            byAlert.merge(key, new long[] {total, matchedAt - at, total}, (a, b) ->
                    new long[] {Math.max(a[0], b[0]), a[1], Math.min(a[2], b[2])});
        }
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentile(double q) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(100 * q);
    }

    LoadLatencies toMatch() {
        return java.util.Objects.requireNonNull(toMatch);
    }

    LoadLatencies toScreen() {
        return java.util.Objects.requireNonNull(toScreen);
    }

    /** One line per 10 s window of publication: p50, p99, and the p99 split at matching. */
    String windows() {
        StringBuilder lines = new StringBuilder();
        for (int w = 0; w < windows.length; w++) {
            LoadLatencies l = windows[w];
            if (l.count() == 0) {
                continue;
            }
            lines.append(String.format(
                    "%n    %3d-%3d s: p50 %5.0f ms, p99 %5.0f ms (to matching %3.0f, matching to dashboard %3.0f),"
                            + " %,10d matches received",
                    w * 10,
                    w * 10 + 10,
                    l.percentile(0.5),
                    l.percentile(0.99),
                    l.toMatch().percentile(0.99),
                    l.toScreen().percentile(0.99),
                    l.count()));
        }
        return lines.toString();
    }

    /** The {@code n} alerts whose slowest dashboard waited longest, slowest first. */
    String slowest(int n) {
        StringBuilder lines = new StringBuilder();
        byAlert.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(n)
                .forEach(e -> lines.append(String.format(
                        "%n    published %s: to matching %4d ms, to its dashboards %4d-%4d ms",
                        java.time.Instant.ofEpochMilli(publishedAt.getOrDefault(e.getKey(), 0L)),
                        e.getValue()[1],
                        e.getValue()[2],
                        e.getValue()[0])));
        return lines.toString();
    }
}
