package org.fountain;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fountain.accounts.Accounts;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.Testbed;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;

/**
 * Live delivery under load, end to end: the embedded portal, the standalone testbed publishing ZTF-shaped alerts at a
 * steady rate, and N dashboards connected over STOMP, each a user following the public example filters (as every new
 * user does). Prints, from the moment an alert was published to the moment a dashboard received its match, p50 / p99 /
 * max; the relay's lag; then, after a burst, how long until every dashboard receives fresh matches within a second
 * again; and the CPU the harness's own clients cost. {@code --warmup S} publishes at the same rate for S seconds first,
 * not measured (the JIT compiles the hot paths under load; the figures then show the steady state, and the first ten
 * seconds of a run without warm-up show what it costs). {@code --jfr FILE} records a profile of the warm-up and the
 * steady phase (started before the warm-up: starting a recording stalls the process for seconds). An option naming a
 * setting ({@code --fountain.delivery.live.flush-interval 50ms}) is passed to the portal.
 * Run:
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fountain.LiveLoad \
 *     -Dexec.args="--dashboards 1000 --rate 300 --seconds 60 --burst 40000"
 * </pre>
 */
public final class LiveLoad {

    private static final String TOPIC = "ztf_20990401_programid1";

    private LiveLoad() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the embedded broker's threads would keep the harness alive otherwise
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = LoadHarness.options(args);
        int dashboards = Integer.parseInt(options.getOrDefault("dashboards", "1000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "300"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int burst = Integer.parseInt(options.getOrDefault("burst", "40000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        String profile = options.get("jfr");

        EmbeddedServices services = LoadHarness.services(List.of(TOPIC));
        String kafka = services.kafkaBootstrapServers();
        List<String> portal = new ArrayList<>(List.of(
                "--server.port=0",
                "--fountain.simulator.enabled=false",
                "--fountain.accounts.admin-password=load-admin-password",
                "--server.tomcat.max-connections=" + (dashboards + 200),
                "--server.tomcat.threads.max=" + 200));
        // any option naming a setting (--fountain.archive.enabled false) is the portal's
        options.forEach((name, value) -> {
            if (name.contains(".")) {
                portal.add("--" + name + "=" + value);
            }
        });
        ConfigurableApplicationContext context =
                new SpringApplication(FountainApplication.class).run(portal.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String base = "http://localhost:" + port;
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        Accounts accounts = context.getBean(Accounts.class);

        System.out.printf(
                "Fountain live load: %,d dashboards following the example filters, %,d alerts/s for %d s (after %d s"
                        + " of warm-up), then a burst of %,d%n",
                dashboards, rate, seconds, warmup, burst);
        long signingIn = System.nanoTime();
        WebSocketStompClient client = StompDashboard.client();
        List<StompDashboard> open = connectAll(base, accounts, client, dashboards);
        System.out.printf(
                "%,d users registered, signed in and connected in %.0f s%n",
                open.size(), (System.nanoTime() - signingIn) / 1e9);

        Map<Long, Long> published = new ConcurrentHashMap<>();
        Supplier<MockMessage> messages = Testbed.messages(
                org.fountain.alerts.Sky.julianDate(System.currentTimeMillis()),
                "--surveys",
                "ztf",
                "--no-cutouts",
                "--objects",
                "20000",
                "--seed",
                "5");
        // written before the clock starts: encoding the testbed's alerts would otherwise compete with the portal
        long generating = System.nanoTime();
        Supplier<MockMessage> steadyMessages = ahead(messages, rate * (seconds + warmup));
        Supplier<MockMessage> burstMessages = ahead(messages, burst);
        System.out.printf(
                "%,d messages written ahead in %.0f s%n",
                rate * (seconds + warmup) + burst, (System.nanoTime() - generating) / 1e9);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Pauses pauses = new Pauses();
        try (KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(kafka)) {
            jdk.jfr.Recording recording = null;
            if (profile != null) {
                // with the JDK's profiling settings (jfr print --events jdk.ExecutionSample), started before the
                // warm-up: starting a recording stalls this process for seconds on two cores
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            if (warmup > 0) {
                publish(producer, steadyMessages, published, rate, warmup);
            }
            long cpuBefore = clientCpu(threads);
            Map<String, Long> allocatedBefore = allocatedByThreadGroup(threads);
            long processBefore = processCpu();
            long wallBefore = System.nanoTime();
            Latencies steady = new Latencies(published, System.currentTimeMillis(), seconds);
            pauses.on = true;
            System.out.printf("measuring from %s%n", java.time.Instant.ofEpochMilli(steady.since));
            open.forEach(d -> d.listener = steady::record);
            publish(producer, steadyMessages, published, rate, seconds);
            Thread.sleep(3000);
            pauses.on = false;
            long wall = System.nanoTime() - wallBefore;
            long processSpent = processCpu() - processBefore;
            long clientSpent = clientCpu(threads) - cpuBefore;
            if (recording != null) {
                recording.stop();
                recording.dump(java.nio.file.Path.of(profile));
                recording.close();
                System.out.printf("profile of the warm-up and the steady phase written to %s%n", profile);
            }
            double lag = gauge(meters, "fountain.live.relay.lag");
            System.out.printf(
                    "steady %,d alerts/s: %,d matches received; alert to dashboard p50 %.0f ms, p99 %.0f ms, max %.0f"
                            + " ms; relay lag at the end %.2f s; skipped %,.0f, missed %,.0f%n",
                    rate,
                    steady.count(),
                    steady.percentile(0.5),
                    steady.percentile(0.99),
                    steady.percentile(1.0),
                    lag,
                    counted(meters, "skipped"),
                    counted(meters, "missed"));
            System.out.printf(
                    "  ingested %,.0f alerts, %,.0f matches made; to dashboards %,.0f listed and %,.0f counted in the rate"
                            + " of a firehose (with warm-up)%n",
                    sum(meters, "fountain.ingest.alerts"),
                    sum(meters, "fountain.matches"),
                    counted(meters, "sent"),
                    counted(meters, "counted-in-a-rate"));
            System.out.printf(
                    "  of which publication to matching p50 %.0f ms, p99 %.0f ms; matching to dashboard p50 %.0f ms,"
                            + " p99 %.0f ms%n",
                    steady.toMatch.percentile(0.5),
                    steady.toMatch.percentile(0.99),
                    steady.toScreen.percentile(0.5),
                    steady.toScreen.percentile(0.99));
            System.out.printf(
                    "  matching to the relay reading it: mean %.0f ms (with warm-up), max %.0f ms (last minute); a frame"
                            + " handed to a connection to written to its socket: mean %.1f ms, max %.0f ms%n",
                    timer(meters, "fountain.live.relay.delay").mean(TimeUnit.MILLISECONDS),
                    timer(meters, "fountain.live.relay.delay").max(TimeUnit.MILLISECONDS),
                    timer(meters, "fountain.live.write.delay").mean(TimeUnit.MILLISECONDS),
                    timer(meters, "fountain.live.write.delay").max(TimeUnit.MILLISECONDS));
            StringBuilder windows = new StringBuilder();
            for (int w = 0; w < steady.windows.length; w++) {
                Latencies l = steady.windows[w];
                if (l.count() == 0) {
                    continue;
                }
                windows.append(String.format(
                        "%n    %3d-%3d s: p50 %5.0f ms, p99 %5.0f ms (to matching %3.0f, matching to dashboard %3.0f),"
                                + " %,10d matches received",
                        w * 10,
                        w * 10 + 10,
                        l.percentile(0.5),
                        l.percentile(0.99),
                        l.toMatch.percentile(0.99),
                        l.toScreen.percentile(0.99),
                        l.count()));
            }
            System.out.printf("  alert to dashboard by time of publication:%s%n", windows);
            System.out.printf("  the slowest alerts:%s%n", steady.slowest(10));
            System.out.printf("  garbage collection in this JVM while measuring: %s%n", pauses);
            System.out.printf(
                    "CPU: the whole process %.0f %% of one core, of which the harness's STOMP clients %.0f %%%n",
                    100.0 * processSpent / wall, 100.0 * clientSpent / wall);
            // what fills the heap (young-generation pauses land on the tail): the busiest allocating threads
            Map<String, Long> allocated = allocatedByThreadGroup(threads);
            allocatedBefore.forEach((group, before) -> allocated.merge(group, -before, Long::sum));
            StringBuilder allocation = new StringBuilder();
            allocated.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> allocation.append(
                            String.format("%n    %-48s %,8.0f MB/s", e.getKey(), e.getValue() / 1e6 / (wall / 1e9))));
            System.out.printf("  allocated, by thread (numbers in names folded):%s%n", allocation);

            long burstStart = System.currentTimeMillis();
            Latencies after = new Latencies(published, burstStart, 0);
            Map<StompDashboard, Boolean> fresh = new ConcurrentHashMap<>();
            for (StompDashboard dashboard : open) {
                dashboard.listener = frame -> {
                    if (after.record(frame) && after.freshIn(frame, 1000)) {
                        fresh.put(dashboard, true);
                    }
                };
            }
            for (int i = 0; i < burst; i++) {
                send(producer, burstMessages.get(), published);
            }
            producer.flush();
            long burstSent = System.currentTimeMillis();
            after.since = burstSent;
            fresh.clear();
            System.out.printf("burst of %,d alerts published in %.1f s%n", burst, (burstSent - burstStart) / 1e3);
            // then a steady trickle: every dashboard must receive matches of fresh alerts within a second again
            long caughtUp = -1;
            long until = burstSent + 120_000;
            while (System.currentTimeMillis() < until) {
                long tick = System.currentTimeMillis();
                for (int i = 0; i < rate / 10; i++) {
                    send(producer, messages.get(), published);
                }
                if (fresh.size() == open.size()) {
                    caughtUp = System.currentTimeMillis();
                    break;
                }
                Thread.sleep(Math.max(0, 100 - (System.currentTimeMillis() - tick)));
            }
            System.out.printf(
                    caughtUp < 0
                            ? "after the burst: not every dashboard was live again within 120 s%n"
                            : "after the burst: every dashboard live again (a fresh match within 1 s) %.1f s after"
                                    + " the burst was published; skipped %,.0f, missed %,.0f in all%n",
                    (caughtUp - burstSent) / 1e3,
                    counted(meters, "skipped"),
                    counted(meters, "missed"));
        } finally {
            open.forEach(StompDashboard::close);
            StompDashboard.stop(client);
            context.close();
            services.close();
        }
    }

    private static List<StompDashboard> connectAll(
            String base, Accounts accounts, WebSocketStompClient client, int dashboards) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<StompDashboard>> futures = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        for (int i = 0; i < dashboards; i++) {
            String user = "live-load-" + i;
            futures.add(pool.submit(() -> {
                accounts.register(user, "load-password");
                WebSession web = new WebSession(base).signIn(user, "load-password");
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
                long n = done.incrementAndGet();
                if (n % 200 == 0) {
                    System.out.printf("  %,d connected%n", n);
                }
                return dashboard;
            }));
        }
        List<StompDashboard> open = new ArrayList<>();
        for (Future<StompDashboard> future : futures) {
            open.add(future.get());
        }
        pool.shutdown();
        Thread.sleep(1000);
        return open;
    }

    private static void publish(
            KafkaProducer<byte[], byte[]> producer,
            Supplier<MockMessage> messages,
            Map<Long, Long> published,
            int rate,
            int seconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (sent < due) {
                send(producer, messages.get(), published);
                sent++;
            }
            Thread.sleep(5);
        }
        producer.flush();
    }

    /** The next {@code count} messages, written now, handed out in order (then the source's own). */
    private static Supplier<MockMessage> ahead(Supplier<MockMessage> source, int count) {
        java.util.ArrayDeque<MockMessage> written = new java.util.ArrayDeque<>(count);
        for (int i = 0; i < count; i++) {
            written.add(source.get());
        }
        return () -> written.isEmpty() ? source.get() : written.poll();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, MockMessage message, Map<Long, Long> published) {
        long at = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(TOPIC, message.key(), message.value()), (metadata, e) -> {
            if (metadata != null) {
                published.put(key(metadata.partition(), metadata.offset()), at);
            }
        });
    }

    private static long key(int partition, long offset) {
        return (long) partition << 48 | offset;
    }

    /**
     * Alert-to-dashboard times of matches of alerts published from {@code since} on (HdrHistogram, 1 ms resolution
     * up to two seconds). Everything is allocated before measuring: allocating while measuring (per-window arrays of
     * megabytes, once) set off bursts of collections in the harness's own JVM, which shares its cores and its heap
     * with the portal and the broker, and showed as stalls of the portal.
     */
    private static final class Latencies {
        private static final long MAX_MILLIS = 600_000;

        private final Map<Long, Long> published;
        private final org.HdrHistogram.AtomicHistogram histogram = new org.HdrHistogram.AtomicHistogram(MAX_MILLIS, 3);
        /** The same split in two: publication to matching, matching to the dashboard. */
        final @org.jspecify.annotations.Nullable Latencies toMatch;

        final @org.jspecify.annotations.Nullable Latencies toScreen;
        /** Alert to dashboard by 10 s of publication: warm-up and any drift show apart from the steady state. */
        final Latencies[] windows;
        /** Per alert (partition and offset): its slowest dashboard, its time to matching, its fastest dashboard. */
        final Map<Long, long[]> byAlert = new ConcurrentHashMap<>();

        volatile long since;

        Latencies(Map<Long, Long> published, long since, int seconds) {
            this(published, since, true, (seconds + 9) / 10 + 1);
        }

        private Latencies(Map<Long, Long> published, long since, boolean split, int windows) {
            this.published = published;
            this.since = since;
            this.toMatch = split ? new Latencies(published, since, false, 0) : null;
            this.toScreen = split ? new Latencies(published, since, false, 0) : null;
            this.windows = new Latencies[windows];
            for (int w = 0; w < windows; w++) {
                this.windows[w] = new Latencies(published, since, true, 0);
            }
        }

        private void add(long millis) {
            histogram.recordValue(Math.min(MAX_MILLIS, Math.max(0, millis)));
        }

        /** Records the frame's matches; true when it had any. */
        boolean record(StompDashboard.Frame frame) {
            boolean any = false;
            for (JsonNode match : frame.body().get("matches")) {
                long key =
                        key(match.get("partition").asInt(), match.get("offset").asLong());
                Long at = published.get(key);
                if (at != null && at >= since) {
                    long matchedAt = match.get("matchedAt").asLong();
                    long total = frame.receivedAtMillis() - at;
                    add(total);
                    toMatch.add(matchedAt - at);
                    toScreen.add(frame.receivedAtMillis() - matchedAt);
                    int w = (int) ((at - since) / 10_000);
                    if (w < windows.length) {
                        windows[w].add(total);
                        windows[w].toMatch.add(matchedAt - at);
                        windows[w].toScreen.add(frame.receivedAtMillis() - matchedAt);
                    }
                    byAlert.merge(key, new long[] {total, matchedAt - at, total}, (a, b) ->
                            new long[] {Math.max(a[0], b[0]), a[1], Math.min(a[2], b[2])});
                    any = true;
                }
            }
            return any;
        }

        /** Whether the frame holds a match of an alert published since {@link #since}, received within the time. */
        boolean freshIn(StompDashboard.Frame frame, long millis) {
            for (JsonNode match : frame.body().get("matches")) {
                Long at = published.get(
                        key(match.get("partition").asInt(), match.get("offset").asLong()));
                if (at != null && at > since && frame.receivedAtMillis() - at <= millis) {
                    return true;
                }
            }
            return false;
        }

        long count() {
            return histogram.getTotalCount();
        }

        double percentile(double q) {
            return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(100 * q);
        }

        /** The {@code n} alerts whose slowest dashboard waited longest, slowest first. */
        String slowest(int n) {
            StringBuilder lines = new StringBuilder();
            byAlert.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                    .limit(n)
                    .forEach(e -> lines.append(String.format(
                            "%n    published %s: to matching %4d ms, to its dashboards %4d-%4d ms",
                            java.time.Instant.ofEpochMilli(published.get(e.getKey())),
                            e.getValue()[1],
                            e.getValue()[2],
                            e.getValue()[0])));
            return lines.toString();
        }
    }

    /** Pauses of the harness's JVM (the portal's, the broker's and the clients' one heap), from a moment on. */
    private static final class Pauses {
        final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder millis = new java.util.concurrent.atomic.LongAdder();
        final AtomicLong longest = new AtomicLong();
        volatile long longestAt;
        volatile boolean on;

        Pauses() {
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc)
                        .addNotificationListener(
                                (notification, handback) -> {
                                    if (!on
                                            || !com.sun.management.GarbageCollectionNotificationInfo
                                                    .GARBAGE_COLLECTION_NOTIFICATION
                                                    .equals(notification.getType())) {
                                        return;
                                    }
                                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                            (javax.management.openmbean.CompositeData) notification.getUserData());
                                    long duration = info.getGcInfo().getDuration();
                                    count.increment();
                                    millis.add(duration);
                                    if (duration > longest.get()) {
                                        longest.set(duration);
                                        longestAt = System.currentTimeMillis();
                                    }
                                },
                                null,
                                null);
            }
        }

        @Override
        public String toString() {
            return String.format(
                    "%,d collections, %,d ms in all, longest %d ms (at %s)",
                    count.sum(),
                    millis.sum(),
                    longest.get(),
                    longestAt == 0 ? "-" : java.time.Instant.ofEpochMilli(longestAt));
        }
    }

    /** CPU time of the threads that run the harness's WebSocket clients. */
    private static long clientCpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("WebSocketClient")
                            || info.getThreadName().startsWith("stomp-client-")
                            || info.getThreadName().startsWith("pool-"))) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, cpu);
            }
        }
        return sum;
    }

    /** Bytes allocated so far by the threads alive now, by name with its numbers folded ("ingest-N-C-N"). */
    private static Map<String, Long> allocatedByThreadGroup(ThreadMXBean threads) {
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        long[] ids = threads.getAllThreadIds();
        long[] bytes = counting.getThreadAllocatedBytes(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> byGroup = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && bytes[i] > 0) {
                byGroup.merge(infos[i].getThreadName().replaceAll("\\d+", "N"), bytes[i], Long::sum);
            }
        }
        return byGroup;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double sum(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    private static io.micrometer.core.instrument.Timer timer(MeterRegistry meters, String name) {
        return meters.get(name).timer();
    }

    private static double gauge(MeterRegistry meters, String name) {
        var gauge = meters.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static double counted(MeterRegistry meters, String outcome) {
        var counter =
                meters.find("fountain.live.matches").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
