package org.fountain.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This instance's alerts per second by stream, matches per second and dead letters per second, from its own meters:
 * exact counts (offsets of topics written in transactions count commit markers too). Sampled with the cluster, kept as
 * long as the cluster's samples.
 */
final class Throughput {

    /** Series of the throughput chart: matches, dead letters, then alerts of up to this many streams. */
    static final int SERIES = 10;

    private final MeterRegistry meters;
    private final Series series;
    private final List<String> streams = new CopyOnWriteArrayList<>();
    private Map<String, Double> previous = Map.of();

    Throughput(MeterRegistry meters, int samplesKept) {
        this.meters = meters;
        this.series = new Series(samplesKept, SERIES);
    }

    /** Times, then per second matches, dead letters and the alerts of each stream of {@link #streams()}. */
    double[][] since(Instant from) {
        double[][] all = series.since(from.toEpochMilli());
        return Arrays.copyOf(all, Math.min(all.length, 3 + streams.size()));
    }

    /** The streams of the chart, in order. */
    List<String> streams() {
        return List.copyOf(streams);
    }

    /** Reads the counters; the rates since the previous sample, {@code seconds} ago (0 for none), are kept. */
    void sample(long now, double seconds) {
        Map<String, Double> counts = new HashMap<>();
        counts.put("matches", total("fountain.matches"));
        counts.put("deadletters", total("fountain.ingest.deadletters"));
        for (Counter c : meters.find("fountain.ingest.alerts").counters()) {
            String stream = c.getId().getTag("stream");
            if (stream != null) {
                counts.merge("alerts:" + stream, c.count(), Double::sum);
                if (!streams.contains(stream) && streams.size() < SERIES - 2) {
                    streams.add(stream);
                }
            }
        }
        if (seconds > 0) {
            double[] rates = new double[SERIES];
            rates[0] = rate(counts, "matches", seconds);
            rates[1] = rate(counts, "deadletters", seconds);
            for (int i = 0; i < streams.size(); i++) {
                rates[2 + i] = rate(counts, "alerts:" + streams.get(i), seconds);
            }
            series.add(now, rates);
        }
        previous = counts;
    }

    private double rate(Map<String, Double> counts, String name, double seconds) {
        double now = counts.getOrDefault(name, 0.0);
        Double before = previous.get(name);
        return before == null ? 0 : Math.max(0, now - before) / seconds;
    }

    private double total(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
