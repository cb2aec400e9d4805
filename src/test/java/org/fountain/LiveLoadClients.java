package org.fountain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards of {@link LiveLoad}: signed-in users connected over STOMP, each recording when its matches arrive.
 * Runs inside the harness's JVM or, as users' browsers do, in a process of its own ({@link #main}), told over its
 * standard input when each alert was published and when to measure, and printing its figures on standard output.
 * Each match is placed in one of three kinds, whose latencies are kept apart: a match of the dashboard's own private
 * filter, a listed match of a public filter it follows, and the sample of a firehose (a filter shown as a rate).
 */
final class LiveLoadClients {

    /** The kinds of match a dashboard receives. */
    enum Kind {
        PRIVATE("private filters' matches"),
        PUBLIC("public filters' listed matches"),
        SAMPLE("firehose samples");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Map<Long, Long> published = new ConcurrentHashMap<>();
    private final List<StompDashboard> open = new ArrayList<>();
    private final WebSocketStompClient client = StompDashboard.client();
    private volatile LoadLatencies[] measuring = new LoadLatencies[0];
    private volatile long burstSince = Long.MAX_VALUE;
    private final Map<StompDashboard, Boolean> fresh = new ConcurrentHashMap<>();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    /** Every listed match's latency (ms), whether measuring or not, read and reset by {@link #minute}. */
    private final org.HdrHistogram.Recorder recent = new org.HdrHistogram.Recorder(600_000L, 3);

    /** Signs in and connects {@code count} users named {@code prefix + i}, two at a time. */
    void connect(String base, String prefix, String password, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<StompDashboard>> futures = new java.util.LinkedHashMap<>();
        AtomicLong done = new AtomicLong();
        for (int i = 0; i < count; i++) {
            String user = prefix + i;
            futures.put(user, pool.submit(() -> {
                WebSession web = new WebSession(base).signIn(user, password);
                StompDashboard dashboard = null;
                for (int attempt = 1; dashboard == null; attempt++) {
                    try {
                        dashboard = StompDashboard.connect(base, web, true, client);
                    } catch (Exception e) {
                        if (attempt == 3) {
                            throw e;
                        }
                    }
                }
                if (done.incrementAndGet() % 200 == 0) {
                    System.err.printf("  %,d connected%n", done.get());
                }
                return dashboard;
            }));
        }
        for (Map.Entry<String, Future<StompDashboard>> future : futures.entrySet()) {
            StompDashboard dashboard = future.getValue().get();
            String user = future.getKey();
            dashboard.listener = frame -> received(dashboard, user, frame);
            open.add(dashboard);
        }
        pool.shutdown();
    }

    int connected() {
        return open.size();
    }

    /** An alert's publication: its partition, offset and time. */
    void published(int partition, long offset, long at) {
        published.put(key(partition, offset), at);
    }

    /** Measures the alerts published from {@code since} on, for {@code seconds}, by kind of match. */
    void measure(long since, int seconds) {
        LoadLatencies[] kinds = new LoadLatencies[Kind.values().length];
        for (Kind kind : Kind.values()) {
            kinds[kind.ordinal()] = new LoadLatencies(since, seconds);
        }
        measuring = kinds;
    }

    /** From now on, counts the dashboards that receive a match of an alert published after {@code since} in 1 s. */
    void burst(long since) {
        fresh.clear();
        burstSince = since;
    }

    /** How many dashboards received a fresh match since {@link #burst}. */
    int fresh() {
        return fresh.size();
    }

    private void received(StompDashboard dashboard, String user, StompDashboard.Frame frame) {
        frames.increment();
        JsonNode body = frame.body();
        skipped.add(body.path("skipped").asLong());
        missed.add(body.path("missed").asLong());
        java.util.Set<Long> sampled = new java.util.HashSet<>(2);
        for (JsonNode rate : body.path("firehose")) {
            if (rate.path("shown").asInt() > 0) {
                sampled.add(rate.path("filterId").asLong());
            }
        }
        LoadLatencies[] kinds = measuring;
        for (JsonNode match : body.path("matches")) {
            long key = key(match.get("partition").asInt(), match.get("offset").asLong());
            Long at = published.get(key);
            if (at == null) {
                unknown.increment();
                continue;
            }
            long matchedAt = match.get("matchedAt").asLong();
            Kind kind = sampled.contains(match.get("filterId").asLong())
                    ? Kind.SAMPLE
                    : user.equals(match.get("owner").asString()) ? Kind.PRIVATE : Kind.PUBLIC;
            if (kinds.length > 0) {
                kinds[kind.ordinal()].record(key, at, matchedAt, frame.receivedAtMillis());
            }
            if (kind != Kind.SAMPLE) {
                recent.recordValue(Math.max(0, Math.min(600_000L, frame.receivedAtMillis() - at)));
            }
            if (at > burstSince && frame.receivedAtMillis() - at <= 1000) {
                fresh.put(dashboard, true);
            }
        }
    }

    /** The figures of the measured phase, one block of lines. */
    String report() {
        StringBuilder out = new StringBuilder();
        LoadLatencies[] kinds = measuring;
        for (Kind kind : Kind.values()) {
            if (kinds.length == 0) {
                break;
            }
            LoadLatencies l = kinds[kind.ordinal()];
            out.append(String.format(
                    "  %-31s %,10d received; alert to dashboard p50 %5.0f, p90 %5.0f, p99 %5.0f, max %5.0f ms"
                            + " (publication to matching p99 %.0f, matching to dashboard p99 %.0f)%n",
                    kind.label,
                    l.count(),
                    l.percentile(0.5),
                    l.percentile(0.9),
                    l.percentile(0.99),
                    l.percentile(1.0),
                    l.toMatch().percentile(0.99),
                    l.toScreen().percentile(0.99)));
        }
        if (kinds.length > 0) {
            LoadLatencies own = kinds[Kind.PRIVATE.ordinal()].count() > 0
                    ? kinds[Kind.PRIVATE.ordinal()]
                    : kinds[Kind.PUBLIC.ordinal()];
            out.append(String.format("  %s by time of publication:%s%n", "matches", own.windows()));
            out.append(String.format("  the slowest alerts:%s%n", own.slowest(10)));
        }
        out.append(String.format(
                "  frames received %,d; matches the frames said were skipped %,d, missed %,d; of unknown"
                        + " publication %,d%n",
                frames.sum(), skipped.sum(), missed.sum(), unknown.sum()));
        return out.toString();
    }

    /** Listed matches received since the last call: how many, and their latency's p50 and p99 in ms. */
    double[] minute() {
        org.HdrHistogram.Histogram h = recent.getIntervalHistogram();
        return new double[] {h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99)};
    }

    void close() {
        open.forEach(StompDashboard::close);
        StompDashboard.stop(client);
    }

    static long key(int partition, long offset) {
        return (long) partition << 48 | offset;
    }

    /**
     * The clients in a process of their own: {@code base prefix password count}. Prints {@code connected N} when
     * every dashboard is connected; then reads lines: {@code p PARTITION OFFSET MILLIS} (a publication), {@code
     * measure SINCE SECONDS}, {@code report} (prints the figures and {@code end}), {@code burst SINCE}, {@code fresh}
     * (prints {@code fresh N}), {@code cpu} (prints this process's CPU time in ms), {@code minute} (prints {@code
     * minute COUNT P50 P99} of the listed matches since the last), {@code quit}.
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        LiveLoadClients clients = new LiveLoadClients();
        try {
            clients.connect(args[0], args[1], args[2], Integer.parseInt(args[3]));
            out.println("connected " + clients.connected());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "p" ->
                        clients.published(
                                Integer.parseInt(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3]));
                    case "measure" -> clients.measure(Long.parseLong(words[1]), Integer.parseInt(words[2]));
                    case "report" -> out.print(clients.report() + "end\n");
                    case "burst" -> clients.burst(Long.parseLong(words[1]));
                    case "fresh" -> out.println("fresh " + clients.fresh());
                    case "cpu" -> out.println("cpu " + processCpuMillis());
                    case "minute" -> {
                        double[] m = clients.minute();
                        out.println("minute " + (long) m[0] + " " + m[1] + " " + m[2]);
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> System.err.println("unknown command: " + line);
                }
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        } finally {
            clients.close();
        }
        System.exit(0);
    }

    static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }
}
