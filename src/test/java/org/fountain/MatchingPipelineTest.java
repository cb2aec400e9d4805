package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fountain.accounts.Accounts;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.FilterHealth;
import org.fountain.filters.FilterHealthSource;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Alerts through the real broker and database: decode, match, publish; bad input is skipped and counted. */
class MatchingPipelineTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FilterHealthSource health;

    @LocalServerPort
    int port;

    @Test
    void publishesMatchesWhileSkippingUndecodableMessagesAndFailingFilters() {
        accounts.register("pipeline-ann", "pipeline-password");
        Filter bright = filters.create(
                "pipeline-ann",
                FilterDraft.of("Bright pipe", "candidate.magpsf < 12.5 && objectId.startsWith('ZTF26pipe')"));
        Filter broken = filters.create("pipeline-ann", FilterDraft.of("Broken", "int(objectId) > 0"));
        double unknownFormat = undecodable("unknown-format");
        double corrupt = undecodable("corrupt-block");

        try (KafkaConsumer<byte[], byte[]> matches = matchesConsumer()) {
            double jd = jdNow();
            publishRaw("not an alert at all".getBytes(StandardCharsets.UTF_8));
            publish(MockAlert.simple("ZTF26pipeaaa", 501, jd, 10.0, 10.0, 12.0));
            byte[] whole = MockAlerts.containerFile(MockAlert.simple("ZTF26pipebbb", 502, jd, 11.0, 11.0, 11.0));
            publishRaw(Arrays.copyOf(whole, whole.length - 40));
            publish(MockAlert.simple("ZTF26pipeccc", 503, jd, 12.0, 12.0, 19.0));
            publishRaw(new byte[0]);
            publish(MockAlert.simple("ZTF26pipeddd", 504, jd, 13.0, 13.0, 12.2));

            List<MatchSummary> received = new ArrayList<>();
            await().atMost(SECONDS_20).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> record : matches.poll(Duration.ofMillis(200))) {
                    for (MatchSummary match : KafkaRecords.matches(json, record)) {
                        if (match.filterId() == bright.id()) {
                            received.add(match);
                        }
                    }
                }
                assertThat(received)
                        .extracting(m -> m.alert().objectId())
                        .containsExactly("ZTF26pipeaaa", "ZTF26pipeddd");
            });
            MatchSummary first = received.get(0);
            assertThat(first.filterId()).isEqualTo(bright.id()); // the record names filters by id alone
            assertThat(first.alert().alertId()).isEqualTo(501);
            assertThat(first.alert().magnitude()).isEqualTo(12.0);
            assertThat(first.alert().band()).isEqualTo("r");
            assertThat(first.alert().topic()).isEqualTo(SURVEY_TOPIC);
        }

        assertThat(undecodable("unknown-format") - unknownFormat).isEqualTo(1.0);
        assertThat(undecodable("corrupt-block") - corrupt).isEqualTo(1.0);
        FilterHealth brokenHealth = filters.healthOf(List.of(broken)).get(broken.id());
        assertThat(brokenHealth.errors()).isGreaterThanOrEqualTo(3);
        assertThat(brokenHealth.matches()).isZero();
        assertThat(brokenHealth.lastError()).isNotBlank();
    }

    @Test
    void showsIngestMetricsToAdministratorsOnly() throws Exception {
        publish(MockAlert.simple("ZTF26metric1", 601, jdNow(), 20.0, 20.0, 18.0));
        publishRaw("still not an alert".getBytes(StandardCharsets.UTF_8));
        await().atMost(SECONDS_20).until(() -> undecodable("unknown-format") > 0);
        String base = "http://localhost:" + port;
        accounts.register("metrics-mia", "metrics-password");

        // anonymous: sent to the login page (the API alone answers 401)
        var anonymous = new WebSession(base).get("/actuator/prometheus");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(new WebSession(base)
                        .signIn("metrics-mia", "metrics-password")
                        .get("/actuator/prometheus")
                        .statusCode())
                .isEqualTo(403);
        var scrape = new WebSession(base).signIn("admin", "test-admin-password").get("/actuator/prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("fountain_ingest_alerts_total{stream=\"ztf\"}")
                .contains("fountain_ingest_bytes_total{stream=\"ztf\"}")
                .contains("fountain_ingest_decode_seconds_count{stream=\"ztf\"}")
                .contains("fountain_ingest_undecodable_total{reason=\"unknown-format\",stream=\"ztf\"}")
                .contains("fountain_ingest_deadletters_total{stream=\"ztf\"}");
        // and the values are the counters': at least the one undecodable message sent here, at most what is counted now
        double scraped =
                scraped(scrape.body(), "fountain_ingest_undecodable_total{reason=\"unknown-format\",stream=\"ztf\"}");
        assertThat(scraped).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(undecodable("unknown-format"));
        assertThat(scraped(scrape.body(), "fountain_ingest_alerts_total{stream=\"ztf\"}"))
                .isGreaterThanOrEqualTo(1)
                .isLessThanOrEqualTo(meters.find("fountain.ingest.alerts")
                        .tag("stream", "ztf")
                        .counter()
                        .count());
    }

    private static double scraped(String body, String series) {
        return body.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
    }

    @Test
    void pausesAFilterThatKeepsFailingAndTellsItsOwnerWhy() throws Exception {
        accounts.register("pause-paula", "paula-password");
        Filter failing = filters.create("pause-paula", FilterDraft.of("Always fails", "int(objectId) > 0"));
        double jd = jdNow();
        for (int i = 0; i < 110; i++) {
            publish(MockAlert.simple("ZTF26pause" + i, 70_000 + i, jd, 1, 1, 18));
        }

        await().atMost(SECONDS_20).untilAsserted(() -> {
            Filter now = filters.find(failing.id(), "pause-paula");
            assertThat(now.active()).isFalse();
            assertThat(now.pausedReason())
                    .contains("Paused after failing on 100 alerts in a row")
                    .contains("For input string");
        });
        String page = new WebSession("http://localhost:" + port)
                .signIn("pause-paula", "paula-password")
                .get("/filters")
                .body();
        assertThat(page).contains("Paused after failing on 100 alerts in a row").contains("paused");
    }

    @Test
    void aFilterThatFailsOftenButSucceedsInBetweenIsNotPausedUntilAHundredFailuresInARow() {
        accounts.register("flip-flo", "flip-password");
        Filter flaky = filters.create(
                "flip-flo", FilterDraft.of("Often fails", "objectId.contains('ok') || int(objectId) > 0"));
        double jd = jdNow();
        // 150 alerts, one in ten of which it matches: never 100 failures in a row
        for (int i = 0; i < 150; i++) {
            String id = i % 10 == 0 ? "ZTF26flipok" + i : "ZTF26flipa" + i;
            publish(MockAlert.simple(id, 71_000 + i, jd, 2, 2, 18));
        }
        await().atMost(SECONDS_20).untilAsserted(() -> {
            FilterHealth health = filters.healthOf(List.of(flaky)).get(flaky.id());
            assertThat(health.matches()).isEqualTo(15);
            assertThat(health.errors()).isGreaterThanOrEqualTo(135);
        });
        assertThat(filters.find(flaky.id(), "flip-flo").active()).isTrue();
        // then 100 failures in a row: paused, on an alert of this second run
        for (int i = 0; i < 100; i++) {
            publish(MockAlert.simple("ZTF26flipb" + i, 72_000 + i, jd, 2, 2, 18));
        }
        await().atMost(SECONDS_20).untilAsserted(() -> {
            Filter now = filters.find(flaky.id(), "flip-flo");
            assertThat(now.active()).isFalse();
            assertThat(now.pausedReason())
                    .contains("Paused after failing on 100 alerts in a row")
                    .contains("ZTF26flipb");
        });
    }

    @Test
    void tellsTheOwnerWhenAStoredFilterNoLongerCompilesAndKeepsItRunning() throws Exception {
        accounts.register("schema-sid", "schema-password");
        Filter filter = filters.create("schema-sid", FilterDraft.of("Faint", "candidate.magpsf > 25.0"));
        // as if the stream's schema had changed under a stored filter: it names a field the schema lacks
        jdbc.update(
                "update filters set expression = ?, updated_at = now() where id = ?",
                "candidate.magpsf > 25.0 && candidate.gone > 1.0",
                filter.id());

        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(health.healthOf(List.of(filter.id()))
                                .get(filter.id())
                                .problem())
                        .startsWith(
                                "Running as last compiled: this version does not compile against the ztf stream's schema.")
                        .contains("gone"));
        String page = new WebSession("http://localhost:" + port)
                .signIn("schema-sid", "schema-password")
                .get("/filters")
                .body();
        assertThat(page).contains("class=\"compile-problem\"").contains("Running as last compiled");
        assertThat(filters.find(filter.id(), "schema-sid").active()).isTrue();
    }

    @Test
    void showsTheMockStreamPageToAdministratorsOnly() throws Exception {
        String base = "http://localhost:" + port;
        accounts.register("simulator-sam", "simulator-password");

        assertThat(new WebSession(base)
                        .signIn("simulator-sam", "simulator-password")
                        .get("/admin/simulator")
                        .statusCode())
                .isEqualTo(403);
        var page = new WebSession(base).signIn("admin", "test-admin-password").get("/admin/simulator");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("The mock stream is off on this instance");
    }

    private double undecodable(String reason) {
        var counter =
                meters.find("fountain.ingest.undecodable").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static KafkaConsumer<byte[], byte[]> matchesConsumer() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SERVICES.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        consumer.subscribe(List.of("fountain.matches"));
        await().atMost(SECONDS_20).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().size() == 3;
        });
        return consumer;
    }
}
