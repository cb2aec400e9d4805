package org.fountain;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.fountain.matching.MatchingLoad;
import org.fountain.notifications.NotificationTargets;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.Testbed;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole night in miniature: the testbed's ZTF-shaped packets with cutouts at {@code --rate} alerts/s on average,
 * most of them in a visit of {@code --visit} alerts every {@code --every} seconds; {@code --filters} realistic filters
 * over a community (100 a user); {@code --dashboards} signed-in users, each with a private filter, connected over
 * STOMP from a process of their own; {@code --streams} SSE streams and {@code --webhooks} webhooks on a local
 * receiver; the archive on. Every minute it prints the ingest lag (messages behind on the survey topic), the live
 * p50/p99 of listed matches, the archive's lag (records behind on the matches topic), the notifications' lag (p99 from
 * matching to the receiver, and what waits in the outbox), SSE events, heap, resident memory and collections; at the
 * end it writes the minutes as CSV and a PNG chart to {@code --out}. Run:
 *
 * <pre>
 * MAVEN_OPTS=-Xmx10g ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fountain.NightLoad \
 *     -Dexec.args="--minutes 30"
 * </pre>
 */
public final class NightLoad {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NightLoad() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** One minute's figures. */
    private record Minute(
            int minute,
            long published,
            long ingestLag,
            double liveCount,
            double liveP50,
            double liveP99,
            long archiveLag,
            double notifyP99,
            long outbox,
            long sseEvents,
            long heapMb,
            long rssMb,
            long gcMillis,
            long gcCount) {

        static final String HEADER = "minute,published,ingest_lag,live_listed,live_p50_ms,live_p99_ms,archive_lag,"
                + "notify_p99_ms,outbox,sse_events,heap_mb,rss_mb,gc_ms,gc_count";

        String csv() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%d,%d,%d,%.0f,%.0f,%.0f,%d,%.0f,%d,%d,%d,%d,%d,%d",
                    minute,
                    published,
                    ingestLag,
                    liveCount,
                    liveP50,
                    liveP99,
                    archiveLag,
                    notifyP99,
                    outbox,
                    sseEvents,
                    heapMb,
                    rssMb,
                    gcMillis,
                    gcCount);
        }

        String row() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%4d %9d %10d %9.0f %7.0f %7.0f %10d %9.1f %8d %6d %7d %7d %6d %4d",
                    minute,
                    published,
                    ingestLag,
                    liveCount,
                    liveP50,
                    liveP99,
                    archiveLag,
                    notifyP99 / 1000,
                    outbox,
                    sseEvents,
                    heapMb,
                    rssMb,
                    gcMillis,
                    gcCount);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = LoadHarness.options(args);
        int minutes = Integer.parseInt(options.getOrDefault("minutes", "30"));
        int filters = Integer.parseInt(options.getOrDefault("filters", "100000"));
        int dashboards = Integer.parseInt(options.getOrDefault("dashboards", "1000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "300"));
        int visit = Integer.parseInt(options.getOrDefault("visit", "10000"));
        int every = Integer.parseInt(options.getOrDefault("every", "40"));
        int streams = Integer.parseInt(options.getOrDefault("streams", "50"));
        int webhooks = Integer.parseInt(options.getOrDefault("webhooks", "100"));
        Path out = Path.of(options.getOrDefault("out", "target/night"));
        Files.createDirectories(out);

        EmbeddedServices services = LoadHarness.services(List.of(LiveLoad.TOPIC));
        String kafka = services.kafkaBootstrapServers();
        List<String> portal = new ArrayList<>(List.of(
                "--server.port=0",
                "--fountain.simulator.enabled=false",
                "--fountain.accounts.admin-password=load-admin-password",
                "--fountain.accounts.limits.registrations-per-address=" + (dashboards + 10),
                "--fountain.filters.max-per-user=" + (filters + 10),
                "--fountain.notifications.allow-private-targets=true",
                "--server.tomcat.max-connections=" + (dashboards + streams + 200),
                "--server.tomcat.threads.max=" + (streams + 200)));
        options.forEach((name, value) -> {
            if (name.contains(".")) {
                portal.add("--" + name + "=" + value);
            }
        });
        ConfigurableApplicationContext context =
                new SpringApplication(FountainApplication.class).run(portal.toArray(String[]::new));
        String base = "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
        System.out.printf(
                "Fountain night: %d min, %,d alerts/s on average (a visit of %,d every %d s) with cutouts, %,d"
                        + " filters, %,d dashboards with a private filter each, %d SSE streams, %d webhooks, the"
                        + " archive on%n",
                minutes, rate, visit, every, filters, dashboards, streams, webhooks);

        long preparing = System.nanoTime();
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        MatchingLoad.insertRealistic(jdbc, filters, 100);
        LiveLoad.register(context, dashboards, 1);
        System.out.printf(
                "%,d filters and %,d users written in %.0f s%n",
                filters, dashboards, (System.nanoTime() - preparing) / 1e9);

        // the webhooks: on the first users' private filters, received here
        Recorder notifyLag = new Recorder(3_600_000L, 3);
        LongAdder received = new LongAdder();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            try (InputStream body = exchange.getRequestBody()) {
                for (JsonNode match : JSON.readTree(body.readAllBytes()).path("matches")) {
                    notifyLag.recordValue(Math.max(
                            0,
                            Math.min(3_600_000L, now - match.path("matchedAt").asLong())));
                    received.increment();
                }
            } catch (RuntimeException e) {
                // counted as nothing
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        NotificationTargets targets = context.getBean(NotificationTargets.class);
        List<Map<String, Object>> privateFilters = jdbc.sql(
                        "select id, owner from filters where owner like 'live-load-%' order by id limit :n")
                .param("n", Math.max(webhooks, streams))
                .query()
                .listOfRows();
        for (int i = 0; i < webhooks && i < privateFilters.size(); i++) {
            Map<String, Object> row = privateFilters.get(i);
            targets.addWebhook((String) row.get("owner"), ((Number) row.get("id")).longValue(), hook, false);
        }

        // the SSE streams: one per user, with a token each
        ApiTokens tokens = context.getBean(ApiTokens.class);
        LongAdder sseEvents = new LongAdder();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < streams && i < privateFilters.size(); i++) {
            String secret = tokens.create((String) privateFilters.get(i).get("owner"), "night", ApiToken.Scope.READ, 1)
                    .secret();
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/matches/stream"))
                            .header("Authorization", "Bearer " + secret)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader lines =
                                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                                if (line.startsWith("event:match")) {
                                    sseEvents.increment();
                                }
                            }
                        } catch (java.io.IOException e) {
                            // ended
                        }
                    },
                    "night-sse-" + i);
            reader.setDaemon(true);
            reader.start();
        }

        LiveLoad.ClientProcess open = new LiveLoad.ClientProcess(base, dashboards, "6g", Integer.toString(512 << 10));
        System.out.printf(
                "%,d dashboards connected, %d webhooks and %d SSE streams open after %.0f s%n",
                dashboards, webhooks, streams, (System.nanoTime() - preparing) / 1e9);

        // messages are written on a thread of their own, a visit's worth ahead
        Supplier<MockMessage> testbed = Testbed.messages(
                org.fountain.alerts.Sky.julianDate(System.currentTimeMillis()),
                "--surveys",
                "ztf",
                "--objects",
                "20000",
                "--seed",
                "7");
        BlockingQueue<MockMessage> ahead = new ArrayBlockingQueue<>(visit + rate * every);
        Thread writer = new Thread(
                () -> {
                    try {
                        while (true) {
                            ahead.put(testbed.get());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "night-messages");
        writer.setDaemon(true);
        writer.start();
        while (ahead.remainingCapacity() > 0) { // a visit and a visit's interval written before the night begins
            Thread.sleep(500);
        }

        List<Minute> night = new ArrayList<>();
        System.out.println("minute published ingest_lag live_list live_p50 live_p99 archive_lag notify_p99s outbox"
                + "   sse heap_mb  rss_mb  gc_ms  gcs");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
                KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(kafka)) {
            long start = System.nanoTime();
            long nextMinute = start + 60_000_000_000L;
            long nextVisit = start;
            long trickled = 0;
            long published = 0;
            long publishedBefore = 0;
            int trickleRate = Math.max(0, rate - visit / every);
            long[] gcBefore = gc();
            long sseBefore = 0;
            open.minute();
            notifyLag.getIntervalHistogram();
            long owed = 0; // messages due but not written yet (the writer behind): sent as soon as they are
            while (night.size() < minutes) {
                long now = System.nanoTime();
                if (now >= nextVisit) {
                    owed += visit;
                    nextVisit += every * 1_000_000_000L;
                }
                long due = (now - start) * trickleRate / 1_000_000_000L;
                owed += due - trickled;
                trickled = due;
                // never waiting for the writer, so that a minute's figures are a minute's
                MockMessage next;
                while (owed > 0 && (next = ahead.poll()) != null) {
                    LiveLoad.send(producer, next, open);
                    owed--;
                    published++;
                }
                if (now >= nextMinute) {
                    nextMinute += 60_000_000_000L;
                    double[] live = open.minute();
                    long[] gcNow = gc();
                    long sseNow = sseEvents.sum();
                    Minute m = new Minute(
                            night.size() + 1,
                            published - publishedBefore,
                            lag(admin, "fountain-match", LiveLoad.TOPIC),
                            live[0],
                            live[1],
                            live[2],
                            lag(admin, "fountain-archive", "fountain.matches"),
                            notifyLag.getIntervalHistogram().getValueAtPercentile(99),
                            jdbc.sql("select count(*) from notification_outbox")
                                    .query(Long.class)
                                    .single(),
                            sseNow - sseBefore,
                            ManagementFactory.getMemoryMXBean()
                                            .getHeapMemoryUsage()
                                            .getUsed()
                                    >> 20,
                            rssMb(),
                            gcNow[0] - gcBefore[0],
                            gcNow[1] - gcBefore[1]);
                    night.add(m);
                    System.out.println(m.row());
                    publishedBefore = published;
                    gcBefore = gcNow;
                    sseBefore = sseNow;
                }
                Thread.sleep(5);
            }
        } finally {
            writer.interrupt();
            open.close();
            receiver.stop(0);
            context.close();
            services.close();
        }
        List<String> csv = new ArrayList<>();
        csv.add(Minute.HEADER);
        night.forEach(m -> csv.add(m.csv()));
        Files.write(out.resolve("night.csv"), csv);
        chart(night, out.resolve("night.png"));
        System.out.printf(
                "webhook matches received %,d; the minutes in %s (night.csv, night.png)%n", received.sum(), out);
    }

    /** Messages behind: the topic's end offsets less the group's committed offsets (transaction markers included). */
    private static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        List<TopicPartition> partitions = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    /** Collections so far in this JVM: total time in ms, and count. */
    private static long[] gc() {
        long millis = 0;
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
            count += Math.max(0, gc.getCollectionCount());
        }
        return new long[] {millis, count};
    }

    /** This process's resident memory (the portal, the embedded broker and this harness), from /proc. */
    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return -1;
    }

    /** Four panels over the minutes: lags, latencies, memory, collections. */
    private static void chart(List<Minute> night, Path png) throws java.io.IOException {
        NumberAxis minutes = new NumberAxis("minute");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(minutes);
        plot.add(panel(
                "messages behind",
                night,
                Map.of("ingest lag", Minute::ingestLag, "archive lag", Minute::archiveLag, "outbox", Minute::outbox)));
        plot.add(panel(
                "ms",
                night,
                Map.of(
                        "live p50",
                        Minute::liveP50,
                        "live p99",
                        Minute::liveP99,
                        "notification p99",
                        Minute::notifyP99)));
        plot.add(panel("MB", night, Map.of("heap", Minute::heapMb, "resident", Minute::rssMb)));
        plot.add(panel("GC ms per minute", night, Map.of("collections", Minute::gcMillis)));
        JFreeChart chart = new JFreeChart("Fountain night", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 1400);
    }

    private static XYPlot panel(
            String axis, List<Minute> night, Map<String, java.util.function.ToDoubleFunction<Minute>> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            XYSeries line = new XYSeries(e.getKey());
            night.forEach(m -> line.add(m.minute(), e.getValue().applyAsDouble(m)));
            data.addSeries(line);
        });
        return new XYPlot(data, null, new NumberAxis(axis), new XYLineAndShapeRenderer(true, true));
    }
}
