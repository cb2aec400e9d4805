package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL stopped and started again mid-stream: alerts go on being matched from the filters in memory, a save while
 * it is away fails with 503 and says why, and once it is back saves work and go live. This test has a database and a
 * broker of its own, since it stops the database.
 */
@DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fountain.simulator.enabled=false", "fountain.accounts.admin-password=pg-admin-password"})
class PostgresRestartTest {

    private static final String TOPIC = "ztf_20990404_programid1";
    private static final EmbeddedKafkaKraftBroker KAFKA = startKafka();
    private static final Path DATA = dataDirectory();
    private static final int PORT = freePort();
    private static EmbeddedPostgres postgres = startPostgres();

    private static EmbeddedKafkaKraftBroker startKafka() {
        EmbeddedKafkaKraftBroker kafka = EmbeddedServices.startKafka();
        kafka.addTopics(new NewTopic(TOPIC, 1, (short) 1));
        return kafka;
    }

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory("fountain-pg-restart");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same data and port each time, so that it is the same database coming back. */
    private static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setDataDirectory(DATA)
                    .setCleanDataDirectory(false)
                    .setPort(PORT)
                    .start();
            EmbeddedServices.stopWithThisProcess(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void matchingGoesOnWhileTheDatabaseIsAwayAndSavesFailClearlyThenRecover() throws Exception {
        accounts.register("pg-paula", "paula-password");
        Filter before = filters.create("pg-paula", FilterDraft.of("Before", "objectId.startsWith('ZTF26pgbefore')"));
        WebSession session = new WebSession("http://localhost:" + port).signIn("pg-paula", "paula-password");
        Map<String, String> csrf = session.pageCsrf("/dashboard");
        String body =
                "{\"name\":\"During\",\"expression\":\"objectId.startsWith('ZTF26pgduring')\",\"stream\":\"ztf\"}";

        try (KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(KAFKA.getBrokersAsString());
                KafkaRecords matches = new KafkaRecords(KAFKA.getBrokersAsString(), "fountain.matches")) {
            long stopping = System.nanoTime();
            postgres.close();
            for (int i = 0; i < 5; i++) {
                send(producer, MockAlert.simple("ZTF26pgbefore" + (char) ('a' + i), 94_000 + i, jd(), 20, 20, 17));
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(objectIds(matches, before)).hasSize(5));
            long matchedAway = System.nanoTime();

            HttpResponse<String> refused = session.postJson("/api/filters", body, csrf);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.body()).contains("The database cannot be reached, so nothing was saved");
            assertThatThrownBy(() -> filters.create("pg-paula", FilterDraft.of("During", "objectId == 'x'")))
                    .isInstanceOf(DataAccessException.class);

            long starting = System.nanoTime();
            postgres = startPostgres();
            long back = System.nanoTime();
            HttpResponse<String> saved = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> session.postJson("/api/filters", body, csrf), r -> r.statusCode() == 201);
            long savedAgain = System.nanoTime();
            long during = json.readTree(saved.body()).get("id").asLong();
            send(producer, MockAlert.simple("ZTF26pgduringa", 94_100, jd(), 21, 21, 17));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(matches.poll().stream()
                                    .flatMap(r -> KafkaRecords.matches(json, r).stream())
                                    .filter(m -> m.filterId() == during)
                                    .map(m -> m.alert().objectId()))
                            .containsExactly("ZTF26pgduringa"));
            System.out.printf(
                    "PostgreSQL restart: 5 alerts matched %.1f s after the database stopped; it was away %.1f s;"
                            + " the first save after it came back succeeded %.1f s later%n",
                    (matchedAway - stopping) / 1e9, (back - stopping) / 1e9, (savedAgain - back) / 1e9);
            assertThat(starting).isGreaterThan(stopping);
        }
    }

    private List<String> objectIds(KafkaRecords matches, Filter filter) {
        return matches.poll().stream()
                .flatMap(r -> KafkaRecords.matches(json, r).stream())
                .filter(m -> m.filterId() == filter.id())
                .map(m -> m.alert().objectId())
                .toList();
    }

    private static double jd() {
        return org.fountain.alerts.Sky.julianDate(System.currentTimeMillis());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, MockAlert alert) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, MockAlerts.containerFile(alert)))
                .get(10, TimeUnit.SECONDS);
    }
}
