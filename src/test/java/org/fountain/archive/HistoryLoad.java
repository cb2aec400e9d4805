package org.fountain.archive;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fountain.EmbeddedServices;
import org.fountain.FountainApplication;
import org.fountain.LoadHarness;
import org.fountain.WebSession;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.AlertSummary;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How fast the dashboard's first page comes out of a large archive: {@code --matches} rows over the last 30 days
 * (a quarter of them the user's, from {@code --filters} filters; the rest other users'), then {@code GET /api/matches}
 * for the newest 100 and for a page deep in history, timed over a signed-in session. Run:
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fountain.archive.HistoryLoad \
 *     -Dexec.args="--matches 1000000 --filters 20"
 * </pre>
 */
public final class HistoryLoad {

    private HistoryLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadHarness.options(args);
        int total = Integer.parseInt(options.getOrDefault("matches", "1000000"));
        int filterCount = Integer.parseInt(options.getOrDefault("filters", "20"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "50"));

        EmbeddedServices services = LoadHarness.services(List.of("ztf_20990501_programid1"));
        ConfigurableApplicationContext context = new SpringApplication(FountainApplication.class)
                .run(
                        "--server.port=0",
                        "--fountain.simulator.enabled=false",
                        "--fountain.accounts.admin-password=load-admin-password",
                        "--fountain.filters.max-per-user=" + (filterCount + 10));
        try {
            context.getBean(Accounts.class).register("history-hal", "history-password-1");
            Filters filters = context.getBean(Filters.class);
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < filterCount; i++) {
                Filter f = filters.create("history-hal", FilterDraft.of("history " + i, "objectId == 'none" + i + "'"));
                mine.add(f.id());
            }
            ArchiveStore store = context.getBean(ArchiveStore.class);
            Random random = new Random(7);
            long now = System.currentTimeMillis();
            long start = System.nanoTime();
            int chunk = 10_000;
            for (int from = 0; from < total; from += chunk) {
                List<ArchiveStore.Row> rows = new ArrayList<>(chunk);
                List<ArchiveStore.Packet> alerts = new ArrayList<>(chunk);
                for (int i = from; i < Math.min(total, from + chunk); i++) {
                    long at = now - (long) (random.nextDouble() * 30 * 86_400_000L);
                    boolean hers = random.nextInt(4) == 0;
                    long filterId = hers ? mine.get(random.nextInt(mine.size())) : 100_000 + random.nextInt(5_000);
                    LocalDate day = ArchiveStore.dayOf(at);
                    AlertSummary alert = new AlertSummary(
                            "ztf",
                            1_000_000_000L + i,
                            "ZTF26hist" + (i % 50_000),
                            61_000 + i * 1e-5,
                            random.nextDouble() * 360,
                            random.nextDouble() * 180 - 90,
                            14 + random.nextDouble() * 7,
                            random.nextBoolean() ? "g" : "r",
                            "ztf_20990501_programid1",
                            0,
                            i);
                    rows.add(new ArchiveStore.Row(
                            day, alert.stream(), alert.alertId(), new long[] {filterId}, at, false));
                    alerts.add(new ArchiveStore.Packet(day, alert, null));
                }
                store.ensurePartitions(
                        rows.stream().map(ArchiveStore.Row::day).distinct().toList());
                store.insertMatches(rows);
                store.insertPackets(alerts);
            }
            context.getBean(org.springframework.jdbc.core.JdbcTemplate.class).execute("analyze archived_matches");
            System.out.printf(
                    "Fountain history load: %,d archived matches over 30 days (a quarter from %d filters of one user),"
                            + " written in %.1f s%n",
                    total, filterCount, (System.nanoTime() - start) / 1e9);

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            WebSession session = new WebSession("http://localhost:" + port).signIn("history-hal", "history-password-1");
            for (int i = 0; i < 5; i++) {
                session.get("/api/matches?limit=100"); // warm up
            }
            double[] first = time(session, "/api/matches?limit=100", requests);
            var page = context.getBean(tools.jackson.databind.json.JsonMapper.class)
                    .readTree(session.get("/api/matches?limit=500").body());
            String deep = page.get("next").asString();
            double[] deeper = time(session, "/api/matches?limit=100&before=" + deep, requests);
            double[] band = time(session, "/api/matches?limit=100&band=g&brighter=16", requests);
            System.out.printf(
                    "first 100 rows: p50 %.0f ms, p99 %.0f ms; 100 rows after 500: p50 %.0f ms, p99 %.0f ms;"
                            + " 100 g-band brighter than 16: p50 %.0f ms, p99 %.0f ms (%d requests each, HTTP with"
                            + " a session)%n",
                    LoadHarness.percentile(first, 0.5),
                    LoadHarness.percentile(first, 0.99),
                    LoadHarness.percentile(deeper, 0.5),
                    LoadHarness.percentile(deeper, 0.99),
                    LoadHarness.percentile(band, 0.5),
                    LoadHarness.percentile(band, 0.99),
                    requests);
        } finally {
            context.close();
            services.close();
            System.exit(0);
        }
    }

    private static double[] time(WebSession session, String path, int requests) throws Exception {
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            var response = session.get(path);
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        Arrays.sort(millis);
        return millis;
    }
}
