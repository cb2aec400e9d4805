package org.fountain.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.fountain.FountainIntegrationTest;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.AlertMatches;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.FilterNotFoundException;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The match archive, written by its own consumer group from the real matches topic into the real database. */
class ArchiveTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    MatchHistory history;

    @Autowired
    ArchiveStore store;

    @Autowired
    JsonMapper json;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void keepsEveryMatchWithTheAlertsBytesOncePerFilterAndAlertAndPagesThroughThem() throws Exception {
        accounts.register("archive-ada", "ada-password-1");
        accounts.register("archive-ben", "ben-password-1");
        accounts.register("archive-cy", "cy-password-12");
        Filter bright = filters.create(
                "archive-ada",
                new FilterDraft(
                        "Bright archived",
                        "",
                        "objectId.startsWith('ZTF26arch') && candidate.magpsf < 17.0",
                        "ztf",
                        Visibility.PUBLIC,
                        true,
                        false));
        Filter all = filters.create("archive-ada", FilterDraft.of("All archived", "objectId.startsWith('ZTF26arch')"));
        filters.follow(bright.id(), "archive-ben");
        double jd = jdNow();
        byte[] first = MockAlerts.containerFile(MockAlert.simple("ZTF26archaaa", 990_001, jd, 10.5, 20.5, 16.5));
        publishRaw(first);
        for (int i = 2; i <= 5; i++) {
            publish(MockAlert.simple("ZTF26archaa" + i, 990_000 + i, jd, 10 + i, 20, i % 2 == 0 ? 16.0 : 18.0));
        }

        // five alerts match "all", three of them also "bright": eight rows of ada's filters (new users follow the
        // example filters too: their rows are hers to see as well)
        await().atMost(SECONDS_20).untilAsserted(() -> assertThat(adas(100)).hasSize(8));
        List<ArchivedMatch> ada = adas(100);
        assertThat(ada).extracting(m -> m.match().alert().alertId()).startsWith(990_005L); // newest first
        ArchivedMatch oldest = ada.get(ada.size() - 1);
        assertThat(oldest.match().alert().objectId()).isEqualTo("ZTF26archaaa");
        assertThat(oldest.match().alert().ra()).isEqualTo(10.5);
        assertThat(oldest.match().alert().dec()).isEqualTo(20.5);
        assertThat(oldest.match().alert().magnitude()).isEqualTo(16.5);
        assertThat(oldest.match().alert().stream()).isEqualTo("ztf");
        assertThat(oldest.match().alert().topic()).isEqualTo(SURVEY_TOPIC);
        assertThat(store.packet("ztf", 990_001)).isEqualTo(first);

        // the follower sees the public filter's matches; someone else none of ada's, and may not ask for them
        assertThat(history.page("archive-ben", MatchHistory.Query.latest(100)).matches())
                .filteredOn(m -> m.match().owner().equals("archive-ada"))
                .extracting(m -> m.match().filterId())
                .hasSize(3)
                .containsOnly(bright.id());
        assertThat(history.page("archive-cy", MatchHistory.Query.latest(100)).matches())
                .noneMatch(m -> m.match().owner().equals("archive-ada"));
        assertThatThrownBy(() -> history.page(
                        "archive-cy", new MatchHistory.Query(all.id(), null, null, null, null, null, null, 10)))
                .isInstanceOf(FilterNotFoundException.class);

        // one filter's five in pages of two, newest first; then everything after the oldest, oldest first
        List<ArchivedMatch> five =
                ada.stream().filter(m -> m.match().filterId() == all.id()).toList();
        MatchHistory.Page page =
                history.page("archive-ada", new MatchHistory.Query(all.id(), null, null, null, null, null, null, 2));
        List<ArchivedMatch> paged = new java.util.ArrayList<>(page.matches());
        while (page.next() != null) {
            page = history.page(
                    "archive-ada", new MatchHistory.Query(all.id(), page.next(), null, null, null, null, null, 2));
            paged.addAll(page.matches());
        }
        assertThat(paged).isEqualTo(five);
        List<ArchivedMatch> after = history.page(
                        "archive-ada",
                        new MatchHistory.Query(all.id(), null, five.get(4).cursor(), null, null, null, null, 100))
                .matches();
        List<ArchivedMatch> newerFirst = new java.util.ArrayList<>(after);
        java.util.Collections.reverse(newerFirst);
        assertThat(newerFirst).isEqualTo(five.subList(0, 4));
        // and by magnitude and object
        assertThat(history.page(
                                "archive-ada",
                                new MatchHistory.Query(all.id(), null, null, null, 17.0, null, null, 100))
                        .matches())
                .extracting(m -> m.match().alert().objectId())
                .containsExactly("ZTF26archaa4", "ZTF26archaa2", "ZTF26archaaa");
        assertThat(history.page(
                                "archive-ada",
                                new MatchHistory.Query(all.id(), null, null, null, null, null, "ZTF26archaa3", 100))
                        .matches())
                .hasSize(1);

        // the same over HTTP: the live match's fields, flattened, with the cursor; the next page's cursor
        tools.jackson.databind.JsonNode json1 =
                json.readTree(get("archive-ada", "ada-password-1", "/api/matches?filter=" + all.id() + "&limit=2")
                        .body());
        assertThat(json1.get("matches")).hasSize(2);
        assertThat(json1.get("matches").get(0).get("objectId").asString()).isEqualTo("ZTF26archaa5");
        assertThat(json1.get("matches").get(0).get("filterName").asString()).isEqualTo("All archived");
        assertThat(json1.get("matches").get(0).get("cursor").asString())
                .isEqualTo(five.get(0).cursor());
        assertThat(json1.get("next").asString()).isEqualTo(five.get(1).cursor());
        assertThat(get("archive-cy", "cy-password-12", "/api/matches?filter=" + all.id())
                        .statusCode())
                .isEqualTo(404);
        var bad = get("archive-ada", "ada-password-1", "/api/matches?before=nonsense");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not a history cursor");

        // the same match record delivered again writes nothing new for the filters it had; a filter added to it shows
        // that it was read
        Filter third = filters.create("archive-ada", FilterDraft.of("Third", "objectId == 'nothing'"));
        AlertMatches again = new AlertMatches(
                oldest.match().alert(), oldest.match().matchedAt(), new long[] {all.id(), third.id()}, false);
        publishRaw("fountain.matches", json.writeValueAsBytes(again));
        await().atMost(SECONDS_20).untilAsserted(() -> assertThat(adas(100)).hasSize(9));
        assertThat(adas(100))
                .filteredOn(m ->
                        m.match().alert().alertId() == oldest.match().alert().alertId())
                .extracting(m -> m.match().filterId())
                .containsExactlyInAnyOrder(all.id(), bright.id(), third.id());
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private java.net.http.HttpResponse<String> get(String user, String password, String path) throws Exception {
        String basic = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Basic " + basic)
                                .header("Accept", "application/json")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private List<ArchivedMatch> adas(int limit) {
        return history.page("archive-ada", MatchHistory.Query.latest(limit)).matches().stream()
                .filter(m -> m.match().owner().equals("archive-ada"))
                .toList();
    }

    @Test
    void keepsRubinIdsBeyondTwoToTheFiftyThirdExactOnTheWayToTheBrowser() throws Exception {
        java.nio.file.Path frame = java.nio.file.Path.of("..", "shared", "alerts", "lsst", "framed", "lsst.v11_1.avro");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isRegularFile(frame),
                "../shared/alerts is absent: this needs the real Rubin frame");
        byte[] bytes = java.nio.file.Files.readAllBytes(frame);
        org.fountain.alerts.Alert decoded = org.fountain.alerts.TestStreams.decoder(
                        org.fountain.alerts.TestStreams.lsst("../shared/alerts/lsst/schema", null))
                .decode(new org.fountain.alerts.SourceCoordinates(RUBIN_TOPIC, 0, 0), bytes)
                .get(0);
        long diaSourceId = ((Number) ((org.apache.avro.generic.GenericRecord)
                                decoded.record().get("diaSource"))
                        .get("diaSourceId"))
                .longValue();
        assertThat(diaSourceId).isGreaterThan(1L << 53);
        assertThat(Long.parseLong(decoded.objectId())).isGreaterThan(1L << 53);
        accounts.register("archive-ros", "ros-password-1");
        Filter rubin = filters.create("archive-ros", FilterDraft.on("rubin", "Rubin all", "diaSource.ra >= 0.0"));
        publishRaw(RUBIN_TOPIC, bytes);
        await().atMost(SECONDS_20)
                .until(() -> !history.page(
                                "archive-ros",
                                new MatchHistory.Query(rubin.id(), null, null, null, null, null, null, 10))
                        .matches()
                        .isEmpty());

        String id = Long.toString(decoded.alertId());
        var page = json.readTree(get("archive-ros", "ros-password-1", "/api/matches?filter=" + rubin.id())
                .body());
        assertThat(page.get("matches").get(0).get("alertId").isString()).isTrue();
        assertThat(page.get("matches").get(0).get("alertId").asString()).isEqualTo(id);
        var alert = json.readTree(
                get("archive-ros", "ros-password-1", "/api/alerts/rubin/" + id).body());
        assertThat(alert.get("alertId").asString()).isEqualTo(id);
        assertThat(alert.get("objectId").asString()).isEqualTo(decoded.objectId());
        assertThat(alert.get("fields").get("diaSource.diaSourceId").isString()).isTrue();
        assertThat(alert.get("fields").get("diaSource.diaSourceId").asString()).isEqualTo(Long.toString(diaSourceId));
        assertThat(alert.get("lightCurve")).isNotEmpty();
        assertThat(get("archive-ros", "ros-password-1", "/alerts/rubin/" + id).body())
                .contains("alert " + id)
                .contains(Long.toString(diaSourceId))
                .contains(decoded.objectId());
    }

    @Test
    void skipsAndCountsMatchRecordsNoMatchCanBeAndArchivesTheNext() throws Exception {
        accounts.register("archive-pat", "pat-password-1");
        Filter filter = filters.create("archive-pat", FilterDraft.of("Poison", "objectId == 'nothing'"));
        double before = meters.counter("fountain.archive.unreadable").count();
        long[] to = {filter.id()};
        long now = System.currentTimeMillis();
        List<AlertMatches> poison = List.of(
                new AlertMatches(
                        new AlertSummary("ztf", 1, "ZTF26poison1", 1, 1, 1, 18.0, "g", SURVEY_TOPIC, 0, 0),
                        Long.MAX_VALUE,
                        to,
                        false),
                new AlertMatches(
                        new AlertSummary("ztf", 2, "ZTF26poison2", 1, 1, 1, 18.0, "g", SURVEY_TOPIC, -1, 0),
                        now,
                        to,
                        false),
                new AlertMatches(
                        new AlertSummary("ztf", 3, "ZTF26poison3", 1, 1, 1, 18.0, "g", "no/such topic", 0, 0),
                        now,
                        to,
                        false));
        for (AlertMatches p : poison) {
            publishRaw("fountain.matches", json.writeValueAsBytes(p));
        }
        publishRaw("fountain.matches", "{not json".getBytes());
        publishRaw(
                "fountain.matches",
                json.writeValueAsBytes(new AlertMatches(
                        new AlertSummary("ztf", 4, "ZTF26healthy", 1, 1, 1, 18.0, "g", SURVEY_TOPIC, 0, 0),
                        now,
                        to,
                        false)));

        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(history.page("archive-pat", MatchHistory.Query.latest(10))
                                .matches())
                        .extracting(m -> m.match().alert().objectId())
                        .contains("ZTF26healthy"));
        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(
                                meters.counter("fountain.archive.unreadable").count() - before)
                        .isEqualTo(4));
        assertThat(history.page("archive-pat", MatchHistory.Query.latest(10)).matches())
                .extracting(m -> m.match().alert().objectId())
                .doesNotContain("ZTF26poison1", "ZTF26poison2", "ZTF26poison3");
    }

    @Test
    void refusesACursorThatIsNotOneAndALimitOutOfRange() {
        accounts.register("archive-dee", "dee-password-1");
        assertThatThrownBy(() -> history.page(
                        "archive-dee", new MatchHistory.Query(null, "not-a-cursor", null, null, null, null, null, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a history cursor");
        assertThatThrownBy(() -> history.page("archive-dee", MatchHistory.Query.latest(501)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be between 1 and 500");
    }

    @Test
    void dropsDaysOlderThanTheRetentionAndThenTheOldestWhileTooLarge() {
        LocalDate old = LocalDate.of(2020, 1, 1);
        for (LocalDate day : List.of(old, old.plusDays(1), old.plusDays(2))) {
            store.ensurePartitions(List.of(day));
            long at = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            store.insertMatches(List.of(new ArchiveStore.Row(day, "ztf", at, new long[] {-1}, at, false)));
        }
        Clock thirdDay = Clock.fixed(Instant.parse("2020-01-03T12:00:00Z"), ZoneOffset.UTC);

        // two days kept (the 2nd and the 3rd): the 1st goes
        ArchiveRetention byAge =
                new ArchiveRetention(store, properties(Duration.ofDays(2), DataSize.ofGigabytes(1)), thirdDay);
        assertThat(byAge.apply()).containsExactly(old);
        // over a one-byte cap every day but "today" goes, oldest first
        ArchiveRetention bySize =
                new ArchiveRetention(store, properties(Duration.ofDays(3650), DataSize.ofBytes(1)), thirdDay);
        assertThat(bySize.apply()).containsExactly(old.plusDays(1));
        assertThat(store.days())
                .extracting(ArchiveStore.Day::day)
                .contains(old.plusDays(2))
                .doesNotContain(old, old.plusDays(1));
        store.drop(old.plusDays(2));
        store.drop(old.plusDays(3));
    }

    private static ArchiveProperties properties(Duration retention, DataSize maxSize) {
        return new ArchiveProperties(
                true, "unused", retention, maxSize, Duration.ofHours(1), true, 500, Duration.ofSeconds(1), 3);
    }
}
