package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fountain.accounts.Accounts;
import org.fountain.admin.ClusterSampler;
import org.fountain.admin.ClusterSnapshot;
import org.fountain.admin.LagStatus;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The operator pages through the real broker and database: lag and Burrow's status while the matcher is held, dead
 * letters listed, downloaded and retried, a message peeked, users and filters managed and every action audited, and
 * every admin URL closed to users and to the anonymous.
 */
class OperatorPagesTest extends FountainIntegrationTest {

    private static final String ADMIN_PASSWORD = "test-admin-password";

    @LocalServerPort
    int port;

    @Autowired
    ClusterSampler sampler;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    MeterRegistry meters;

    private String base() {
        return "http://localhost:" + port;
    }

    private WebSession admin() throws Exception {
        return new WebSession(base()).signIn("admin", ADMIN_PASSWORD);
    }

    private static final List<String> ADMIN_PAGES = List.of(
            "/admin",
            "/admin/throughput.json",
            "/admin/topics",
            "/admin/topics/" + SURVEY_TOPIC,
            "/admin/topics/" + SURVEY_TOPIC + "/rate.json",
            "/admin/groups",
            "/admin/groups/fountain-match",
            "/admin/groups/fountain-match/lag.json",
            "/admin/deadletters",
            "/admin/deadletters/0/0",
            "/admin/deadletters/0/0/bytes",
            "/admin/peek",
            "/admin/users",
            "/admin/filters",
            "/admin/audit",
            "/admin/simulator");

    private static final List<String> ADMIN_ACTIONS = List.of(
            "/admin/users/someone/disable",
            "/admin/users/someone/enable",
            "/admin/users/someone/approve",
            "/admin/users/someone/role",
            "/admin/users/someone/password",
            "/admin/filters/1/pause",
            "/admin/deadletters/0/0/retry",
            "/admin/topics/fountain.matches/config");

    @Test
    void everyAdminPageAndActionIsRefusedToAUserAndSendsTheAnonymousToLogin() throws Exception {
        accounts.register("ops-ursula", "ursula-password");
        WebSession user = new WebSession(base()).signIn("ops-ursula", "ursula-password");
        WebSession anonymous = new WebSession(base());
        for (String page : ADMIN_PAGES) {
            assertThat(user.get(page).statusCode()).as("user GET " + page).isEqualTo(403);
            HttpResponse<String> away = anonymous.get(page);
            assertThat(away.statusCode()).as("anonymous GET " + page).isEqualTo(302);
            assertThat(away.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        }
        for (String action : ADMIN_ACTIONS) {
            // with the user's own valid CSRF token: refused for the role, not the token
            assertThat(user.postForm("/account", action, Map.of("role", "ADMIN", "reason", "x"))
                            .statusCode())
                    .as("user POST " + action)
                    .isEqualTo(403);
        }
        // an administrator's action without a CSRF token is refused too, and changes nothing
        WebSession admin = admin();
        HttpResponse<String> forged =
                admin.send(HttpRequest.newBuilder(URI.create(base() + "/admin/users/ops-ursula/disable"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(accounts.users().stream()
                        .filter(u -> u.username().equals("ops-ursula"))
                        .findFirst()
                        .orElseThrow()
                        .enabled())
                .isTrue();
        // and the admin reaches every page
        for (String page : ADMIN_PAGES) {
            if (!page.startsWith("/admin/deadletters/0/0")) {
                assertThat(admin.get(page).statusCode()).as("admin GET " + page).isEqualTo(200);
            }
        }
    }

    @Test
    void lagAppearsWhileTheMatcherIsHeldAndItsStatusTurnsFromOkToStallThenStop() throws Exception {
        publish(MockAlert.simple("ZTF26opslag0", 7000, jdNow(), 1, 1, 18));
        await().atMost(SECONDS_20)
                .until(() -> partition(sampler.sample(), "fountain-match").lag() == 0);
        assertThat(group(sampler.sample(), "fountain-match").status()).isEqualTo(LagStatus.OK);

        MessageListenerContainer ingest = listeners.getListenerContainer("ingest");
        ingest.pause();
        try {
            // held once every consumer that has partitions has paused them
            await().atMost(SECONDS_20)
                    .until(() -> ((org.springframework.kafka.listener.ConcurrentMessageListenerContainer<?, ?>) ingest)
                            .getContainers().stream()
                                    .filter(c -> !c.getAssignedPartitions().isEmpty())
                                    .allMatch(MessageListenerContainer::isContainerPaused));
            for (int i = 1; i <= 5; i++) {
                publish(MockAlert.simple("ZTF26opslag" + i, 7000 + i, jdNow(), 1, 1, 18));
            }
            ClusterSnapshot snapshot = null;
            for (int i = 0; i < 10; i++) {
                snapshot = sampler.sample();
            }
            ClusterSnapshot.GroupPartition held = partition(snapshot, "fountain-match");
            assertThat(held.lag()).isGreaterThanOrEqualTo(5);
            assertThat(held.lagMillis()).isPositive();
            assertThat(held.consumer()).isNotNull();
            assertThat(held.status()).isEqualTo(LagStatus.STALL);
            assertThat(sampler.unhealthy())
                    .extracting(ClusterSnapshot.Group::id)
                    .contains("fountain-match");
            assertThat(meters.get("fountain.admin.groups.unhealthy").gauge().value())
                    .isGreaterThanOrEqualTo(1);
            String overview = admin().get("/admin").body();
            assertThat(overview).contains("id=\"unhealthy-banner\"").contains("STALL");
            String page = admin().get("/admin/groups/fountain-match").body();
            assertThat(page).contains("STALL");

            // nobody consumes: STOP
            ingest.stop();
            await().atMost(SECONDS_20)
                    .until(() ->
                            group(sampler.sample(), "fountain-match").members().isEmpty());
            assertThat(partition(sampler.snapshot(), "fountain-match").status()).isEqualTo(LagStatus.STOP);
        } finally {
            if (!ingest.isRunning()) {
                ingest.start();
            }
            ingest.resume();
        }
        await().atMost(SECONDS_20)
                .until(() -> partition(sampler.sample(), "fountain-match").lag() == 0);
        assertThat(partition(sampler.snapshot(), "fountain-match").status()).isEqualTo(LagStatus.OK);
        // the history holds the rise and the fall
        double[][] history =
                sampler.lagHistory("fountain-match", java.time.Instant.now().minusSeconds(600));
        assertThat(java.util.Arrays.stream(history[1]).max().orElse(0)).isGreaterThanOrEqualTo(5);
        assertThat(history[1][history[1].length - 1]).isZero();
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("liveRelayGroupId")
    String liveRelayGroupId;

    @Test
    void theLiveRelayIsShownAndJudgedByItsOwnReportNotByItsTrailingOffsets() throws Exception {
        // this instance's relay reports itself; its group shows the relay's lag, not the committed offsets' (which
        // trail by up to a minute on an idle stream, by design), and is OK
        await().atMost(SECONDS_20).until(() -> {
            ClusterSnapshot.Group relay = group(sampler.sample(), liveRelayGroupId);
            return !relay.members().isEmpty() && relay.relay() != null;
        });
        ClusterSnapshot.Group relay = group(sampler.snapshot(), liveRelayGroupId);
        assertThat(relay.status()).isEqualTo(LagStatus.OK);
        assertThat(relay.relay().lagSeconds()).isLessThan(5.0);
        assertThat(sampler.unhealthy()).extracting(ClusterSnapshot.Group::id).doesNotContain(liveRelayGroupId);
        String groups = admin().get("/admin/groups").body();
        assertThat(groups).contains("data-group=\"" + liveRelayGroupId + "\"").contains("live relay");
        // the overview lists every instance's relay with its counts
        String overview = admin().get("/admin").body();
        assertThat(overview)
                .contains("id=\"live-relays\"")
                .contains("data-group=\"" + liveRelayGroupId + "\"")
                .contains("relay-skipped");

        // a relay that stops reporting (its instance stuck or gone) is STOP, and unhealthy, until it reports again
        await().atMost(SECONDS_20).until(() -> {
            jdbc.sql("update live_relays set reported_at = now() - interval '1 minute' where group_id = ?")
                    .param(liveRelayGroupId)
                    .update();
            return group(sampler.sample(), liveRelayGroupId).status() == LagStatus.STOP;
        });
        assertThat(sampler.unhealthy()).extracting(ClusterSnapshot.Group::id).contains(liveRelayGroupId);
        await().atMost(SECONDS_20)
                .until(() -> group(sampler.sample(), liveRelayGroupId).status() == LagStatus.OK);
        // one behind by more than its max-lag is WARN
        await().atMost(SECONDS_20).until(() -> {
            jdbc.sql("update live_relays set lag_ms = max_lag_ms + 1000 where group_id = ?")
                    .param(liveRelayGroupId)
                    .update();
            return group(sampler.sample(), liveRelayGroupId).status() == LagStatus.WARN;
        });
        await().atMost(SECONDS_20)
                .until(() -> group(sampler.sample(), liveRelayGroupId).status() == LagStatus.OK);
    }

    @Test
    void aDeadLetterIsListedDownloadedAndRetriedAndTheRetryIsAudited() throws Exception {
        byte[] garbage = "NOT AN ALERT ops-garbage".getBytes(StandardCharsets.UTF_8);
        publishRaw(garbage);
        WebSession admin = admin();
        await().atMost(SECONDS_20)
                .until(() -> admin.get("/admin/deadletters?reason=unknown-format")
                        .body()
                        .contains(SURVEY_TOPIC));
        String list = admin.get("/admin/deadletters?reason=unknown-format").body();
        java.util.regex.Matcher open = java.util.regex.Pattern.compile("/admin/deadletters/(\\d+)/(\\d+)\"")
                .matcher(list);
        byte[] downloaded = null;
        String letter = null;
        while (open.find()) {
            String candidate = "/admin/deadletters/" + open.group(1) + "/" + open.group(2);
            HttpResponse<byte[]> bytes =
                    admin.sendBytes(HttpRequest.newBuilder(URI.create(base() + candidate + "/bytes")));
            if (java.util.Arrays.equals(bytes.body(), garbage)) {
                downloaded = bytes.body();
                letter = candidate;
                assertThat(bytes.headers().firstValue("Content-Disposition").orElseThrow())
                        .contains("attachment");
            }
        }
        assertThat(downloaded).as("the letter's bytes, downloaded").isEqualTo(garbage);
        assertThat(admin.get(letter).body()).contains("unknown-format");

        HttpResponse<String> retried = admin.postForm(letter, letter + "/retry", Map.of());
        assertThat(retried.statusCode()).isEqualTo(302);
        assertThat(admin.get(letter).body()).contains("Still fails");

        // a letter whose bytes decode now (as after a schema added): the retry says what it holds
        byte[] valid = MockAlerts.containerFile(MockAlert.simple("ZTF26opsretry", 7100, jdNow(), 1, 1, 18));
        long at = endOffset("fountain.deadletters");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVICES.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("fountain.deadletters", 0, null, valid);
            record.headers().add("fountain.reason", "no-schema-source".getBytes(StandardCharsets.UTF_8));
            record.headers().add("fountain.stream", "ztf".getBytes(StandardCharsets.UTF_8));
            record.headers().add("fountain.source.topic", SURVEY_TOPIC.getBytes(StandardCharsets.UTF_8));
            record.headers().add("fountain.source.partition", "0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("fountain.source.offset", "1".getBytes(StandardCharsets.UTF_8));
            record.headers()
                    .add(
                            "fountain.original.size",
                            Integer.toString(valid.length).getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        String fixed = "/admin/deadletters/0/" + at;
        assertThat(admin.postForm(fixed, fixed + "/retry", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(admin.get(fixed).body()).contains("Decodes now: 1 alert").contains("ZTF26opsretry");

        String audit = admin.get("/admin/audit").body();
        assertThat(audit).contains("retry dead letter").contains("Still fails").contains("Decodes now");
    }

    @Test
    void theRetentionOfFountainsOwnTopicsCanBeChangedAndASurveysCannot() throws Exception {
        sampler.sample();
        WebSession admin = admin();
        String topic = "/admin/topics/fountain.deadletters";
        admin.postForm(topic, topic + "/config", Map.of("setting", "retention.ms", "value", "1209600000"));
        assertThat(topicNamed(sampler.snapshot(), "fountain.deadletters")
                        .config()
                        .get("retention.ms"))
                .isEqualTo("1209600000");
        assertThat(admin.get(topic).body()).contains("is now 1209600000");

        String survey = "/admin/topics/" + SURVEY_TOPIC;
        String before = topicNamed(sampler.snapshot(), SURVEY_TOPIC).config().get("retention.ms");
        admin.postForm(topic, survey + "/config", Map.of("setting", "retention.ms", "value", "1000"));
        admin.postForm(topic, topic + "/config", Map.of("setting", "cleanup.policy", "value", "1"));
        admin.postForm(topic, topic + "/config", Map.of("setting", "retention.bytes", "value", "lots"));
        sampler.sample();
        assertThat(topicNamed(sampler.snapshot(), SURVEY_TOPIC).config().get("retention.ms"))
                .isEqualTo(before);
        assertThat(admin.get("/admin/audit").body())
                .contains("change retention.ms")
                .contains("refused: " + SURVEY_TOPIC + " is not one of Fountain&#39;s topics")
                .contains("refused: Only retention.ms and retention.bytes can be changed here")
                .contains("must be a whole number");
    }

    private static ClusterSnapshot.Topic topicNamed(ClusterSnapshot snapshot, String name) {
        return snapshot.topics().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSurveyMessageIsPeekedDecodedWithItsSchemaAndALinkToItsAlertPage() throws Exception {
        long offset = endOffset(SURVEY_TOPIC);
        publish(MockAlert.simple("ZTF26opspeek", 7200, jdNow(), 1, 1, 18));
        String page = admin().get("/admin/peek?topic=" + SURVEY_TOPIC + "&partition=0&offset=" + offset)
                .body();
        assertThat(page)
                .contains("ZTF26opspeek")
                .contains("candidate.magpsf")
                .contains("/alerts/ztf/7200")
                .contains("id=\"peek-schema\"");
        assertThat(admin().get("/admin/peek?topic=" + SURVEY_TOPIC + "&partition=0&offset=999999999")
                        .body())
                .contains("holds no message");
        assertThat(admin().get("/admin/peek?topic=fountain.matches&partition=0&offset=0")
                        .body())
                .contains("Only survey topics");
    }

    @Test
    void anAdministratorDisablesEnablesPromotesResetsAndPausesAndEveryActionIsAudited() throws Exception {
        accounts.register("ops-olga", "olga-password-1");
        Filter filter = filters.create("ops-olga", FilterDraft.of("Olga's", "candidate.magpsf < 10"));
        WebSession olga = new WebSession(base()).signIn("ops-olga", "olga-password-1");
        assertThat(olga.get("/dashboard").statusCode()).isEqualTo(200);
        WebSession admin = admin();
        assertThat(admin.get("/admin/users").body()).contains("ops-olga");

        // disabled: the open session ends at its next request, and a new sign-in is refused
        assertThat(admin.postForm("/admin/users", "/admin/users/ops-olga/disable", Map.of())
                        .statusCode())
                .isEqualTo(302);
        HttpResponse<String> ended = olga.get("/dashboard");
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location").orElseThrow()).contains("/login");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WebSession(base()).signIn("ops-olga", "olga-password-1"))
                .hasMessageContaining("failed");
        assertThat(accounts.awaitingApproval()).doesNotContain("ops-olga");

        admin.postForm("/admin/users", "/admin/users/ops-olga/enable", Map.of());
        new WebSession(base()).signIn("ops-olga", "olga-password-1");

        // an administrator cannot disable themself
        admin.postForm("/admin/users", "/admin/users/admin/disable", Map.of());
        assertThat(admin.get("/admin/users").statusCode()).isEqualTo(200);

        // promoted: the operator pages open to her
        admin.postForm("/admin/users", "/admin/users/ops-olga/role", Map.of("role", "ADMIN"));
        assertThat(new WebSession(base())
                        .signIn("ops-olga", "olga-password-1")
                        .get("/admin")
                        .statusCode())
                .isEqualTo(200);
        admin.postForm("/admin/users", "/admin/users/ops-olga/role", Map.of("role", "USER"));

        // a reset password is shown once and works; the old one no longer does
        HttpResponse<String> reset = admin.postForm("/admin/users", "/admin/users/ops-olga/password", Map.of());
        assertThat(reset.statusCode()).isEqualTo(302);
        String shown = admin.get("/admin/users").body();
        java.util.regex.Matcher password =
                java.util.regex.Pattern.compile("id=\"new-password\">([^<]+)<").matcher(shown);
        assertThat(password.find()).isTrue();
        new WebSession(base()).signIn("ops-olga", password.group(1));
        assertThat(admin.get("/admin/users").body()).doesNotContain(password.group(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WebSession(base()).signIn("ops-olga", "olga-password-1"))
                .hasMessageContaining("failed");

        // a filter paused with a reason its owner sees
        assertThat(admin.get("/admin/filters?owner=ops-olga").body()).contains("Olga&#39;s");
        admin.postForm(
                "/admin/filters", "/admin/filters/" + filter.id() + "/pause", Map.of("reason", "costs too much"));
        Filter paused = filters.find(filter.id(), "ops-olga");
        assertThat(paused.active()).isFalse();
        assertThat(paused.pausedReason()).contains("costs too much");

        String audit = admin.get("/admin/audit").body();
        assertThat(audit)
                .contains("disable")
                .contains("enable")
                .contains("make admin")
                .contains("reset password")
                .contains("pause filter")
                .contains("refused: An administrator cannot disable their own account")
                .doesNotContain(password.group(1));
    }

    @Test
    void everyOperatorPageRendersInABrowserWithItsChartsAndNoConsoleErrors() throws Exception {
        Browser.assumeInstalled();
        publish(MockAlert.simple("ZTF26opsshot", 7300, jdNow(), 1, 1, 18));
        sampler.sample();
        Thread.sleep(1100); // a second sample one second later gives rates
        sampler.sample();
        try (Browser browser = Browser.open(base())) {
            browser.signIn("admin", ADMIN_PASSWORD);
            Map<String, String> pages = new java.util.LinkedHashMap<>();
            pages.put("/admin", "#throughput-chart");
            pages.put("/admin/topics", "#topics");
            pages.put("/admin/topics/" + SURVEY_TOPIC, "#partitions");
            pages.put("/admin/groups", "#groups");
            pages.put("/admin/groups/fountain-match", "#lag-chart");
            pages.put("/admin/deadletters", "main");
            pages.put(
                    "/admin/peek?topic=" + SURVEY_TOPIC + "&partition=0&offset=" + (endOffset(SURVEY_TOPIC) - 1),
                    "#peeked");
            pages.put("/admin/users", "#users");
            pages.put("/admin/filters", "#all-filters");
            pages.put("/admin/audit", "main");
            pages.put("/admin/simulator", "main");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                browser.go(page.getKey());
                browser.waitFor(page.getValue());
                if (page.getValue().endsWith("-chart")) {
                    await().atMost(SECONDS_20)
                            .until(() -> browser.driver
                                            .findElements(
                                                    org.openqa.selenium.By.cssSelector(page.getValue() + " canvas"))
                                            .size()
                                    == 1);
                }
                browser.screenshot("admin" + page.getKey().replaceAll("[^a-z0-9]+", "-"));
                assertThat(browser.consoleErrors()).as(page.getKey()).isEmpty();
            }
            // the overview's live delivery by instance, scrolled into view
            browser.go("/admin");
            browser.waitFor("#live-relays");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeScript("document.getElementById('live-relays').scrollIntoView()");
            browser.screenshot("admin-overview-live-relays");
            browser.phone();
            browser.go("/admin");
            browser.waitFor("main");
            assertThat(browser.pageWidth()).isLessThanOrEqualTo(390);
            browser.screenshot("phone-admin-overview");
        }
    }

    private static ClusterSnapshot.Group group(ClusterSnapshot snapshot, String id) {
        return snapshot.groups().stream()
                .filter(g -> g.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group " + id + " in " + snapshot.groups()));
    }

    private static ClusterSnapshot.GroupPartition partition(ClusterSnapshot snapshot, String id) {
        return group(snapshot, id).partitions().stream()
                .filter(p -> p.topic().equals(SURVEY_TOPIC))
                .findFirst()
                .orElseThrow(() -> new AssertionError("group " + id + " reads no " + SURVEY_TOPIC));
    }
}
