package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.notifications.NotificationTarget;
import org.fountain.notifications.NotificationTargets;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifications end to end: matches through the real broker to a real HTTP endpoint (signed, retried with back-off,
 * paused after repeated failures with the reason, resumed; a Slack-compatible body) and to a real SMTP server (an
 * address confirmed by its link, then a digest); other users refused.
 */
class NotificationsTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    ApiTokens tokens;

    @Autowired
    NotificationTargets targets;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    /** What the endpoint received: headers and body of each request. */
    private record Received(Map<String, List<String>> headers, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** An endpoint on this machine that fails its first {@code failures} requests with 500, then takes them. */
    private String endpoint(int failures) throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            int status = seen.incrementAndGet() <= failures ? 500 : 204;
            byte[] answer = status == 500 ? "boom".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private HttpResponse<String> api(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aWebhookReceivesSignedMatchesAfterFailuresWithBackOffAndOtherUsersAreRefused() throws Exception {
        accounts.register("hook-hana", "hana-password-1");
        accounts.register("hook-hugo", "hugo-password-1");
        Filter filter = filters.create("hook-hana", FilterDraft.of("Hooked", "objectId.startsWith('ZTF26hook')"));
        String token =
                tokens.create("hook-hana", "hooks", ApiToken.Scope.WRITE, 1).secret();
        String hugo =
                tokens.create("hook-hugo", "hooks", ApiToken.Scope.WRITE, 1).secret();
        String url = endpoint(2);

        String draft = "{\"kind\":\"WEBHOOK\",\"target\":\"" + url + "\"}";
        HttpResponse<String> stranger = api(hugo, "POST", "/api/filters/" + filter.id() + "/notifications", draft);
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(404);
        HttpResponse<String> made = api(token, "POST", "/api/filters/" + filter.id() + "/notifications", draft);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode body = json.readTree(made.body());
        String secret = body.get("secret").asString();
        long id = body.get("notification").get("id").asLong();
        assertThat(secret).startsWith("whsec_");
        assertThat(api(hugo, "DELETE", "/api/filters/" + filter.id() + "/notifications/" + id, null)
                        .statusCode())
                .isEqualTo(404);

        publish(MockAlert.simple("ZTF26hook1", 9901, jdNow(), 40, 40, 17.5));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> targets.find("hook-hana", id).orElseThrow().sent() == 1);
        // two failures, then taken: three requests carrying the same match, the last one kept
        assertThat(received).hasSize(3);
        Received last = received.get(2);
        assertThat(last.body()).contains("ZTF26hook1").contains("\"filter\":{\"id\":" + filter.id());
        String timestamp = last.headers().get("X-fountain-timestamp").get(0);
        assertThat(last.headers().get("X-fountain-signature").get(0))
                .isEqualTo("sha256=" + hmac(secret, timestamp + "." + last.body()));
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
        NotificationTarget sent = targets.find("hook-hana", id).orElseThrow();
        assertThat(sent.queued()).isZero();
        assertThat(sent.failuresInARow()).isZero();
        assertThat(sent.pausedReason()).isNull();
    }

    @Test
    void aWebhookThatKeepsFailingIsPausedWithTheReasonAndResumedByItsOwnerWithNothingLost() throws Exception {
        accounts.register("hook-hedda", "hedda-password-1");
        Filter filter = filters.create("hook-hedda", FilterDraft.of("Failing", "objectId.startsWith('ZTF26fail')"));
        String url = endpoint(1_000);
        long id = targets.addWebhook("hook-hedda", filter.id(), url, true)
                .target()
                .id();

        publish(MockAlert.simple("ZTF26fail1", 9911, jdNow(), 41, 41, 17.5));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> targets.find("hook-hedda", id).orElseThrow().pausedReason() != null);
        NotificationTarget paused = targets.find("hook-hedda", id).orElseThrow();
        assertThat(paused.pausedReason()).contains("3 failures in a row").contains("HTTP 500: boom");
        assertThat(paused.queued()).isEqualTo(1);
        int tries = received.size();
        assertThat(tries).isEqualTo(3);
        // a Slack-compatible body
        JsonNode slack = json.readTree(received.get(0).body());
        assertThat(slack.get("text").asString()).contains("*Failing*").contains("ZTF26fail1");

        // its owner sees why on the page
        WebSession hedda = new WebSession("http://localhost:" + port).signIn("hook-hedda", "hedda-password-1");
        assertThat(hedda.get("/filters/" + filter.id() + "/notifications").body())
                .contains("HTTP 500: boom")
                .contains("paused");
        if (Browser.installed()) {
            try (Browser browser = Browser.open("http://localhost:" + port)) {
                browser.signIn("hook-hedda", "hedda-password-1");
                browser.go("/filters/" + filter.id() + "/notifications");
                assertThat(browser.waitFor("#notifications").getText()).contains("paused");
                browser.screenshot("filter-notifications-paused");
                assertThat(browser.consoleErrors()).isEmpty();
            }
        }
        // resumed, it tries again, the match still waiting
        hedda.postForm(
                "/filters/" + filter.id() + "/notifications",
                "/filters/" + filter.id() + "/notifications/" + id + "/resume",
                Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() > tries);
        assertThat(received.get(received.size() - 1).body()).contains("ZTF26fail1");
    }

    @Test
    void anEmailDigestIsSentOnceItsAddressIsConfirmedByTheLinkSentToIt() throws Exception {
        accounts.register("mail-mira", "mira-password-1");
        Filter filter = filters.create("mail-mira", FilterDraft.of("Mailed", "objectId.startsWith('ZTF26mail')"));
        WebSession mira = new WebSession("http://localhost:" + port).signIn("mail-mira", "mira-password-1");
        String page = "/filters/" + filter.id() + "/notifications";
        HttpResponse<String> added =
                mira.postForm(page, page + "/email", Map.of("address", "mira@example.org", "minutes", "1"));
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(mira.get(page).body()).contains("waiting for confirmation");

        MimeMessage confirmation = awaitMail("mira@example.org", "confirm");
        Matcher link = Pattern.compile("/notifications/confirm/([0-9a-f]{64})")
                .matcher(confirmation.getContent().toString());
        assertThat(link.find()).isTrue();
        // another user cannot confirm it
        accounts.register("mail-mallory", "mallory-password-1");
        WebSession mallory = new WebSession("http://localhost:" + port).signIn("mail-mallory", "mallory-password-1");
        assertThat(mallory.get(link.group()).body()).contains("not one of yours");
        assertThat(mira.get(link.group()).body()).contains("Confirmed");

        publish(MockAlert.simple("ZTF26mail1", 9921, jdNow(), 43, 43, 17.5));
        MimeMessage digest = awaitMail("mira@example.org", "match");
        String text = digest.getContent().toString();
        assertThat(text).contains("ZTF26mail1").contains("/alerts/ztf/9921");
        assertThat(digest.getSubject()).contains("Mailed");
    }

    @Test
    void confirmationMailsAreCountedPerAddressAndPerUserEvenWhenTheirNotificationsAreDeleted() throws Exception {
        accounts.register("mail-carl", "carl-password-1");
        accounts.register("mail-cora", "cora-password-1");
        Filter carls = filters.create("mail-carl", FilterDraft.of("Carl\u0007's\tfilter", "objectId == 'ZTF26none'"));
        Filter coras = filters.create("mail-cora", FilterDraft.of("Cora's", "objectId == 'ZTF26none'"));
        for (int i = 0; i < 3; i++) { // added and deleted again: each time a mail to the same address
            long id = targets.addEmail("mail-carl", carls.id(), "victim@example.net", 60)
                    .target()
                    .id();
            targets.delete("mail-carl", id);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> targets.addEmail("mail-carl", carls.id(), "victim@example.net", 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 confirmation mails today");
        // whoever asks
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> targets.addEmail("mail-cora", coras.id(), "VICTIM@example.net", 60))
                .isInstanceOf(IllegalArgumentException.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> MAIL.getReceivedMessagesForDomain("victim@example.net").length == 3);
        for (MimeMessage sent : MAIL.getReceivedMessagesForDomain("victim@example.net")) {
            assertThat(sent.getSubject()).contains("Carl 's filter").doesNotContainPattern("\\p{Cntrl}");
        }

        // and per user: ten a day, to any addresses
        for (int i = 0; i < 7; i++) {
            long id = targets.addEmail("mail-carl", carls.id(), "carl" + i + "@example.net", 60)
                    .target()
                    .id();
            targets.delete("mail-carl", id);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> targets.addEmail("mail-carl", carls.id(), "carl-more@example.net", 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 confirmation mails a day per user");
        assertThat(MAIL.getReceivedMessagesForDomain("carl-more@example.net")).isEmpty();
    }

    private static MimeMessage awaitMail(String to, String subjectWord) {
        MimeMessage[] found = new MimeMessage[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MimeMessage message : MAIL.getReceivedMessagesForDomain(to)) {
                if (message.getSubject().contains(subjectWord)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
