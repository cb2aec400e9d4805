package org.fountain.matching;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.fountain.EmbeddedServices;
import org.fountain.FountainApplication;
import org.fountain.LoadHarness;
import org.fountain.WebSession;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.Alert;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.Testbed;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The matcher through the real pipeline (embedded Kafka and PostgreSQL, the portal, testbed alerts, with cutouts when
 * {@code --cutouts true}): drain rate with no filters and with N realistic filters (100 to each user, as a community
 * holds them: {@code --per-user}), a Rubin-sized burst, how long N filters take to go live, and how long saving one
 * more takes through the API. Each drain publishes while the matcher is paused, then times
 * from resuming until the consumer group has committed every message. Run:
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fountain.matching.MatchingLoad \
 *     -Dexec.args="--filters 10000 --alerts 20000 --burst 40000"
 * </pre>
 */
public final class MatchingLoad {

    private static final String GROUP = "fountain-match";

    private MatchingLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadHarness.options(args);
        int filters = Integer.parseInt(options.getOrDefault("filters", "10000"));
        int alerts = Integer.parseInt(options.getOrDefault("alerts", "20000"));
        int burst = Integer.parseInt(options.getOrDefault("burst", "40000"));
        int saves = Integer.parseInt(options.getOrDefault("saves", "200"));
        int perUser = Integer.parseInt(options.getOrDefault("per-user", "100"));
        boolean cutouts = Boolean.parseBoolean(options.getOrDefault("cutouts", "false"));

        List<String> topics = List.of("ztf_20990301_programid1", "ztf_20990302_programid1", "ztf_20990303_programid1");
        EmbeddedServices services = LoadHarness.services(topics);
        String kafka = services.kafkaBootstrapServers();
        String[] arguments = {
            "--server.port=0",
            "--fountain.simulator.enabled=false",
            "--fountain.accounts.admin-password=load-admin-password",
            "--fountain.accounts.api.basic-auth=true", // off by default; the last measurement times it
            "--fountain.filters.max-per-user=" + (filters + 3 * saves + 10)
        };
        ConfigurableApplicationContext context = new SpringApplication(FountainApplication.class).run(arguments);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
                KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(kafka)) {
            MessageListenerContainer ingest =
                    context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("ingest");
            List<String> testbed = new ArrayList<>(List.of("--surveys", "ztf", "--objects", "5000", "--seed", "3"));
            if (!cutouts) {
                testbed.add("--no-cutouts");
            }
            Supplier<MockMessage> messages = Testbed.messages(
                    org.fountain.alerts.Sky.julianDate(System.currentTimeMillis()), testbed.toArray(String[]::new));
            System.out.printf(
                    "Fountain matching load: %,d filters (%,d a user), %,d alerts %s cutouts a drain, a burst of %,d%n",
                    filters, perUser, alerts, cutouts ? "with" : "without", burst);

            double empty = drain(admin, producer, ingest, topics.get(0), messages, alerts);
            System.out.printf("drain, no filters:        %,8.0f alerts/s%n", alerts / empty);

            Accounts accounts = context.getBean(Accounts.class);
            accounts.register("load-lee", "load-password");
            List<GenericRecord> examples = TestbedAlerts.decoded(2000, 3).stream()
                    .filter(a -> a.stream().equals("ztf"))
                    .map(Alert::record)
                    .toList();
            RealisticFilters generator = new RealisticFilters(3, examples);
            LiveFilters live = context.getBean(LiveFilters.class);
            long inserting = System.nanoTime();
            insert(context.getBean(JdbcClient.class), generator, filters, perUser);
            long inserted = System.nanoTime();
            while (liveCount(live) < filters) {
                Thread.sleep(100);
            }
            long liveAt = System.nanoTime();
            System.out.printf(
                    "%,d filters inserted in %.1f s, live %.1f s later%n",
                    filters, (inserted - inserting) / 1e9, (liveAt - inserted) / 1e9);

            double full = drain(admin, producer, ingest, topics.get(1), messages, alerts);
            System.out.printf(
                    "drain, %,d filters:   %,8.0f alerts/s (%.0f %% of no filters)%n",
                    filters, alerts / full, 100 * empty / full);
            double burstSeconds = drain(admin, producer, ingest, topics.get(2), messages, burst);
            System.out.printf(
                    "burst of %,d alerts with %,d filters: drained in %.1f s%n", burst, filters, burstSeconds);

            org.fountain.filters.Filters service = context.getBean(org.fountain.filters.Filters.class);
            double[] inProcess = new double[saves];
            for (int i = 0; i < saves; i++) {
                long start = System.nanoTime();
                service.create("load-lee", org.fountain.filters.FilterDraft.of("in-process " + i, generator.next()));
                inProcess[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(inProcess);
            report("in process (validate, store, live here)", inProcess, liveCount(live));
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            report(
                    "through the API as the editor does (session cookie and CSRF header)",
                    saveLatencies(port, generator, saves, false),
                    liveCount(live));
            report(
                    "through the API with HTTP Basic (a bcrypt check each)",
                    saveLatencies(port, generator, saves, true),
                    liveCount(live));
            context.close();
            long restarting = System.nanoTime();
            context = new SpringApplication(FountainApplication.class).run(arguments);
            System.out.printf(
                    "restart with %,d filters (programs kept from the first start): running with all of them live"
                            + " after %.1f s%n",
                    liveCount(context.getBean(LiveFilters.class)), (System.nanoTime() - restarting) / 1e9);
        } finally {
            context.close();
            services.close();
        }
        System.exit(0);
    }

    private static void report(String how, double[] sortedMillis, int live) {
        System.out.printf(
                "saving one filter %s with %,d live: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                how,
                live,
                LoadHarness.percentile(sortedMillis, 0.5),
                LoadHarness.percentile(sortedMillis, 0.99),
                sortedMillis[sortedMillis.length - 1]);
    }

    private static int liveCount(LiveFilters live) {
        LiveFilters.LiveStream ztf = live.snapshot().streams().get("ztf");
        return ztf == null ? 0 : ztf.index().size();
    }

    /** Publishes while the matcher is paused, then times from resuming until every message is committed. */
    private static double drain(
            Admin admin,
            KafkaProducer<byte[], byte[]> producer,
            MessageListenerContainer ingest,
            String topic,
            Supplier<MockMessage> messages,
            int count)
            throws Exception {
        ingest.pause();
        while (!ingest.isContainerPaused()) {
            Thread.sleep(10);
        }
        for (int i = 0; i < count; i++) {
            MockMessage message = messages.get();
            producer.send(new ProducerRecord<>(topic, message.key(), message.value()));
        }
        producer.flush();
        long start = System.nanoTime();
        ingest.resume();
        while (committed(admin, topic) < count) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long committed(Admin admin, String topic) throws Exception {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get()
                .entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /**
     * Inserts {@code count} realistic filters straight into the database, {@code perUser} to each of as many users as
     * that takes (a community: the per-user cost rule judges each user's own filters), made here too.
     */
    /** Inserts {@code count} realistic filters (seed 3, like this harness's), {@code perUser} to each user. */
    public static void insertRealistic(JdbcClient jdbc, int count, int perUser) {
        List<GenericRecord> examples = TestbedAlerts.decoded(2000, 3).stream()
                .filter(a -> a.stream().equals("ztf"))
                .map(Alert::record)
                .toList();
        insert(jdbc, new RealisticFilters(3, examples), count, perUser);
    }

    private static void insert(JdbcClient jdbc, RealisticFilters generator, int count, int perUser) {
        List<String> expressions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            expressions.add(generator.next());
        }
        for (int user = 0; user * perUser < count; user++) {
            jdbc.sql("insert into users (username, password_hash, role) values (:name, 'not-a-hash', 'USER')")
                    .param("name", "load-" + user)
                    .update();
        }
        for (int from = 0; from < count; from += 1000) {
            StringBuilder sql = new StringBuilder("insert into filters (owner, name, expression, stream) values ");
            List<String> chunk = expressions.subList(from, Math.min(count, from + 1000));
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ")
                        .append("('load-")
                        .append((from + i) / perUser)
                        .append("', 'load ")
                        .append(from + i)
                        .append("', :e")
                        .append(i)
                        .append(", 'ztf')");
            }
            JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
            for (int i = 0; i < chunk.size(); i++) {
                statement = statement.param("e" + i, chunk.get(i));
            }
            statement.update();
        }
    }

    /** Saves filters one after another through {@code POST /api/filters}, signed in or with HTTP Basic. */
    private static double[] saveLatencies(int port, RealisticFilters generator, int saves, boolean basic)
            throws Exception {
        String base = "http://localhost:" + port;
        HttpClient http = HttpClient.newHttpClient();
        WebSession session = new WebSession(base).signIn("load-lee", "load-password");
        Map<String, String> csrf = session.pageCsrf("/filters/new");
        String auth = "Basic "
                + Base64.getEncoder().encodeToString("load-lee:load-password".getBytes(StandardCharsets.UTF_8));
        double[] millis = new double[saves];
        for (int i = 0; i < saves; i++) {
            String body =
                    "{\"name\": \"saved " + (basic ? "b" : "s") + i + "\", \"stream\": \"ztf\", \"expression\": \""
                            + generator.next().replace("\"", "\\\"") + "\"}";
            long start = System.nanoTime();
            HttpResponse<String> response;
            if (basic) {
                response = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/filters"))
                                .header("Authorization", auth)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } else {
                response = session.postJson("/api/filters", body, csrf);
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 201) {
                throw new IllegalStateException("save answered " + response.statusCode() + ": " + response.body());
            }
        }
        Arrays.sort(millis);
        return millis;
    }
}
