package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Personal API tokens from the account page to a script: shown once, stored hashed, read and write scopes, revoked
 * and expired tokens refused, a rate per token; and the match stream over server-sent events, resumed without a gap
 * by {@code Last-Event-ID}, refused for another user's filter.
 */
class ApiTokenTest extends FountainIntegrationTest {

    private static final Pattern SHOWN = Pattern.compile("id=\"new-token\">(ftn_[A-Za-z0-9_-]+)<");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Filters filters;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private String base() {
        return "http://localhost:" + port;
    }

    /** A token made on the account page, as its owner would copy it. */
    private String tokenFromThePage(WebSession session, String name, String scope) throws Exception {
        HttpResponse<String> created =
                session.postForm("/account", "/account/tokens", Map.of("name", name, "scope", scope, "days", "30"));
        assertThat(created.statusCode()).isEqualTo(302);
        String page = session.get("/account").body();
        Matcher shown = SHOWN.matcher(page);
        assertThat(shown.find()).as("the token is shown once on the page").isTrue();
        assertThat(session.get("/account").body())
                .doesNotContain(shown.group(1))
                .contains(name);
        return shown.group(1);
    }

    private HttpResponse<String> api(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json");
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenMadeOnTheAccountPageReadsOrWritesByItsScopeUntilRevokedOrExpired() throws Exception {
        accounts.register("token-tara", "tara-password-1");
        accounts.register("token-theo", "theo-password-1");
        WebSession tara = new WebSession(base()).signIn("token-tara", "tara-password-1");
        String reader = tokenFromThePage(tara, "notebook", "READ");
        String writer = tokenFromThePage(tara, "pipeline", "WRITE");
        // only the hash is kept: no column of any row holds the token, one row holds its SHA-256
        assertThat(jdbc.sql("select count(*) from api_tokens t where t::text like :t")
                        .param("t", "%" + reader.substring(4) + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from api_tokens where token_hash = encode(sha256(convert_to(:t,"
                                + " 'UTF8')), 'hex')")
                        .param("t", reader)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        assertThat(api(reader, "GET", "/api/filters", null).statusCode()).isEqualTo(200);
        String draft = "{\"name\":\"By token\",\"expression\":\"candidate.magpsf < 15\"}";
        HttpResponse<String> refused = api(reader, "POST", "/api/filters", draft);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_scope");
        HttpResponse<String> created = api(writer, "POST", "/api/filters", draft);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(filters.ownedBy("token-tara")).extracting(Filter::name).containsExactly("By token");

        // a token is its owner's: another user's filter stays out of reach
        Filter theos = filters.create("token-theo", FilterDraft.of("Theo's", "candidate.magpsf < 12"));
        assertThat(api(reader, "GET", "/api/filters/" + theos.id(), null).statusCode())
                .isEqualTo(404);
        assertThat(api(writer, "DELETE", "/api/filters/" + theos.id(), null).statusCode())
                .isEqualTo(404);
        assertThat(filters.ownedBy("token-theo")).hasSize(1);

        // a token is not a session: no cookie, and a page is not reachable with it
        assertThat(api(reader, "GET", "/api/filters", null).headers().firstValue("Set-Cookie"))
                .isEmpty();
        assertThat(api(reader, "GET", "/dashboard", null).statusCode()).isEqualTo(401);

        // revoked from the page: refused
        long id = tokens.list("token-tara").stream()
                .filter(t -> t.name().equals("notebook"))
                .findFirst()
                .orElseThrow()
                .id();
        tara.postForm("/account", "/account/tokens/" + id + "/revoke", Map.of());
        HttpResponse<String> revoked = api(reader, "GET", "/api/filters", null);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("invalid_token");
        assertThat(tara.get("/account").body()).contains("revoked");
        // another user cannot revoke it
        WebSession theo = new WebSession(base()).signIn("token-theo", "theo-password-1");
        long writerId = tokens.list("token-tara").stream()
                .filter(t -> t.name().equals("pipeline"))
                .findFirst()
                .orElseThrow()
                .id();
        theo.postForm("/account", "/account/tokens/" + writerId + "/revoke", Map.of());
        assertThat(api(writer, "GET", "/api/filters", null).statusCode()).isEqualTo(200);

        // expired: refused
        jdbc.sql("update api_tokens set expires_at = now() - interval '1 second' where id = :id")
                .param("id", writerId)
                .update();
        assertThat(api(writer, "GET", "/api/filters", null).statusCode()).isEqualTo(401);
        // and nothing that merely looks like a token gets in
        assertThat(api("ftn_" + "A".repeat(43), "GET", "/api/filters", null).statusCode())
                .isEqualTo(401);
        assertThat(api("not-a-token", "GET", "/api/filters", null).statusCode()).isEqualTo(401);

        // the API's description says how to sign in, and lists the stream
        String docs = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(docs).contains("\"scheme\":\"bearer\"").contains("/api/matches/stream");
    }

    @Test
    void eachTokenHasARatePastWhichItIsAnswered429WithRetryAfter() throws Exception {
        accounts.register("token-rhea", "rhea-password-1");
        String token =
                tokens.create("token-rhea", "busy", ApiToken.Scope.READ, 1).secret();
        String other =
                tokens.create("token-rhea", "quiet", ApiToken.Scope.READ, 1).secret();
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 2 * RATE + 1 && limited == null; i++) {
            HttpResponse<String> response = api(token, "GET", "/api/filters", null);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(limited).as("a 429 within two minutes' worth").isNotNull();
        assertThat(ok).isBetween(RATE, 2 * RATE);
        long retryAfter =
                Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        // another token of the same user is not held up
        assertThat(api(other, "GET", "/api/filters", null).statusCode()).isEqualTo(200);
    }

    /** {@code fountain.accounts.api.requests-per-minute} in the tests' configuration. */
    private static final int RATE = 100;

    private HttpResponse<InputStream> stream(String token, String lastEventId, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/api/matches/stream" + query))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void theMatchStreamSendsEachMatchAsAnEventAndResumesAfterTheLastEventIdWithoutAGap() throws Exception {
        accounts.register("token-sia", "sia-password-1");
        accounts.register("token-sam", "sam-password-1");
        Filter sias = filters.create("token-sia", FilterDraft.of("Stream", "objectId.startsWith('ZTF26sse')"));
        Filter sams = filters.create("token-sam", FilterDraft.of("Sam's", "objectId.startsWith('ZTF26sse')"));
        String token =
                tokens.create("token-sia", "stream", ApiToken.Scope.READ, 1).secret();

        assertThat(stream(token, null, "?filter=" + sams.id()).statusCode()).isEqualTo(404);

        HttpResponse<InputStream> first = stream(token, null, "?filter=" + sias.id());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        BlockingQueue<SseEvents.Event> events = SseEvents.read(first.body()).events;
        double jd = jdNow();
        publish(MockAlert.simple("ZTF26sse1", 8801, jd, 30, 30, 17));
        SseEvents.Event one = events.poll(30, TimeUnit.SECONDS);
        assertThat(one).as("the first match, streamed").isNotNull();
        assertThat(one.data()).contains("ZTF26sse1").contains("\"filterId\":" + sias.id());
        first.body().close();

        // while no stream is open, two more; then a reconnect with the last id seen gets exactly those, in order
        publish(MockAlert.simple("ZTF26sse2", 8802, jd, 31, 31, 17));
        publish(MockAlert.simple("ZTF26sse3", 8803, jd, 32, 32, 17));
        HttpResponse<InputStream> again = stream(token, one.id(), "?filter=" + sias.id());
        BlockingQueue<SseEvents.Event> resumed = SseEvents.read(again.body()).events;
        List<String> objects = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            SseEvents.Event e = resumed.poll(1, TimeUnit.SECONDS);
            if (e != null) {
                objects.add(e.data().replaceAll(".*\"objectId\":\"([^\"]+)\".*", "$1"));
            }
            return objects.size() >= 2;
        });
        assertThat(objects).containsExactly("ZTF26sse2", "ZTF26sse3");
        Thread.sleep(1500); // nothing more, and the first never again
        assertThat(resumed).isEmpty();
        again.body().close();
    }
}
