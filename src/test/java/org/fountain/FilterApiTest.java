package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.fountain.accounts.Accounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The filters REST API over real HTTP: problem details, ownership, privacy, versions, OpenAPI. */
class FilterApiTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JsonMapper json;

    @Autowired
    org.fountain.filters.Filters filters;

    private final HttpClient http = HttpClient.newHttpClient();
    private static boolean registered;

    @BeforeEach
    void users() {
        if (!registered) {
            accounts.register("api-alice", "alice-password");
            accounts.register("api-bob", "bob-password-2");
            registered = true;
        }
    }

    private HttpResponse<String> call(String user, String password, String method, String path, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json, application/problem+json");
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> alice(String method, String path, Object body) throws Exception {
        return call("api-alice", "alice-password", method, path, body);
    }

    private HttpResponse<String> bob(String method, String path, Object body) throws Exception {
        return call("api-bob", "bob-password-2", method, path, body);
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void createsReadsUpdatesAndDeletesAFilterWithItsHistory() throws Exception {
        HttpResponse<String> created = alice(
                "POST",
                "/api/filters",
                Map.of("name", "Bright <b>red</b>", "expression", "candidate.magpsf < 17.0 && candidate.fid == 2"));
        assertThat(created.statusCode()).isEqualTo(201);
        long id = body(created).get("id").asLong();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/filters/" + id);
        assertThat(body(created).get("name").asString()).isEqualTo("Bright <b>red</b>");
        assertThat(body(created).get("stream").asString()).isEqualTo("ztf");

        HttpResponse<String> updated = alice(
                "PUT",
                "/api/filters/" + id,
                Map.of("name", "Bright red", "expression", "candidate.magpsf < 16.5 && candidate.fid == 2"));
        assertThat(updated.statusCode()).isEqualTo(200);

        JsonNode versions = body(alice("GET", "/api/filters/" + id + "/versions", null));
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("expression").asString()).contains("17.0");

        HttpResponse<String> reverted = alice("POST", "/api/filters/" + id + "/versions/1/revert", null);
        assertThat(body(reverted).get("expression").asString()).contains("17.0");
        assertThat(body(alice("GET", "/api/filters/" + id + "/versions", null)).size())
                .isEqualTo(3);

        assertThat(alice("DELETE", "/api/filters/" + id, null).statusCode()).isEqualTo(204);
        assertThat(alice("GET", "/api/filters/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void answersAnInvalidExpressionWithAProblemDetailListingPositionsAndSuggestions() throws Exception {
        HttpResponse<String> response =
                alice("POST", "/api/filters", Map.of("name", "typo", "expression", "candidate.magpfs < 18.5"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("title").asString()).isEqualTo("Invalid filter");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        JsonNode first = problem.get("problems").get(0);
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("column").asInt()).isEqualTo(10);
        assertThat(first.get("message").asString()).contains("did you mean magpsf");

        HttpResponse<String> incomplete = alice("POST", "/api/filters", Map.of("name", "no expression"));
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(body(incomplete).get("fields").toString()).contains("expression");
    }

    @Test
    void validatesAValidExpressionWithoutSavingItAndExplainsAnInvalidOne() throws Exception {
        int before = body(alice("GET", "/api/filters", null)).size();
        HttpResponse<String> ok = alice(
                "POST",
                "/api/filters/validate",
                Map.of("expression", "cone(candidate.ra, candidate.dec, 10.0, 20.0, 5.0)"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(body(ok).get("valid").asBoolean()).isTrue();
        JsonNode after = body(alice("GET", "/api/filters", null));
        assertThat(after.size()).isEqualTo(before);
        assertThat(after.toString()).doesNotContain("cone(candidate.ra, candidate.dec, 10.0, 20.0, 5.0)");

        HttpResponse<String> bad =
                alice("POST", "/api/filters/validate", Map.of("expression", "candidate.magpfs < 1.0"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(body(bad).get("valid").asBoolean()).isFalse();
        assertThat(body(bad).get("problems").get(0).get("column").asInt()).isEqualTo(10);
        assertThat(body(bad).get("problems").get(0).get("message").asString()).contains("did you mean magpsf");
    }

    @Test
    void keepsAPrivateFilterInvisibleToEveryoneElse() throws Exception {
        long secret = body(alice(
                        "POST",
                        "/api/filters",
                        Map.of("name", "Alice's secret", "expression", "candidate.magpsf < 12.0")))
                .get("id")
                .asLong();
        long shared = body(alice(
                        "POST",
                        "/api/filters",
                        Map.of(
                                "name",
                                "Alice's shared",
                                "expression",
                                "candidate.magpsf < 13.0",
                                "visibility",
                                "PUBLIC")))
                .get("id")
                .asLong();

        assertThat(bob("GET", "/api/filters/" + secret, null).statusCode()).isEqualTo(404);
        assertThat(bob("PUT", "/api/filters/" + secret, Map.of("name", "mine", "expression", "true"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(bob("DELETE", "/api/filters/" + secret, null).statusCode()).isEqualTo(404);
        assertThat(bob("GET", "/api/filters/" + secret + "/versions", null).statusCode())
                .isEqualTo(404);
        assertThat(bob("POST", "/api/filters/" + secret + "/follow", null).statusCode())
                .isEqualTo(404);
        assertThat(bob("POST", "/api/filters/" + secret + "/copy", null).statusCode())
                .isEqualTo(404);
        assertThat(bob("GET", "/api/filters", null).body()).doesNotContain("Alice's secret");
        String gallery = bob("GET", "/api/filters/public", null).body();
        assertThat(gallery).contains("Alice's shared").doesNotContain("Alice's secret");

        // the public one can be read, followed and copied, but still not changed
        assertThat(bob("GET", "/api/filters/" + shared, null).statusCode()).isEqualTo(200);
        assertThat(bob("POST", "/api/filters/" + shared + "/follow", null).statusCode())
                .isEqualTo(204);
        assertThat(bob("PUT", "/api/filters/" + shared, Map.of("name", "mine", "expression", "true"))
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> copy = bob("POST", "/api/filters/" + shared + "/copy", null);
        assertThat(copy.statusCode()).isEqualTo(201);
        assertThat(body(copy).get("owner").asString()).isEqualTo("api-bob");
        assertThat(body(copy).get("visibility").asString()).isEqualTo("PRIVATE");

        // the pages agree with the API
        WebSession bobsBrowser = new WebSession("http://localhost:" + port).signIn("api-bob", "bob-password-2");
        assertThat(bobsBrowser.get("/filters/" + secret + "/edit").statusCode()).isEqualTo(404);
        assertThat(bobsBrowser.get("/filters/public").body()).doesNotContain("Alice&#39;s secret");
    }

    @Test
    void escapesNamesAndDescriptionsOnThePages() throws Exception {
        alice(
                "POST",
                "/api/filters",
                Map.of(
                        "name", "<script>alert('name')</script>",
                        "description", "<img src=x onerror=alert('description')>",
                        "expression", "candidate.magpsf < 11.0",
                        "visibility", "PUBLIC"));
        WebSession browser = new WebSession("http://localhost:" + port).signIn("api-bob", "bob-password-2");

        String gallery = browser.get("/filters/public").body();
        assertThat(gallery).contains("&lt;script&gt;").doesNotContain("<script>alert(");
        String own = new WebSession("http://localhost:" + port)
                .signIn("api-alice", "alice-password")
                .get("/filters")
                .body();
        assertThat(own).contains("&lt;img src=x").doesNotContain("<img src=x").doesNotContain("<script>alert(");
    }

    @Test
    void refusesRequestsWithoutCredentials() throws Exception {
        assertThat(call(null, null, "GET", "/api/filters", null).statusCode()).isEqualTo(401);
        assertThat(call("api-alice", "wrong", "GET", "/api/filters", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void describesTheStreamsFieldsAndTheApiItself() throws Exception {
        assertThat(body(alice("GET", "/api/streams", null)).toString()).contains("ztf");
        JsonNode fields = body(alice("GET", "/api/streams/ztf/fields", null));
        assertThat(fields.toString()).contains("candidate.magpsf").contains("PSF-fit");
        HttpResponse<String> openApi = call(null, null, "GET", "/v3/api-docs", null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/filters/validate").contains("\"openapi\"");
    }

    @Test
    void replaysAnOwnFilterThroughTheApiOncePerCooldownAndRewindsOnlyForWhoStartedThem() throws Exception {
        double jd = jdNow();
        for (int i = 0; i < 3; i++) {
            publish(org.fountain.simulator.MockAlert.simple("ZTF26apirp" + i, 95_000 + i, jd, 7 + i, 7, 17));
        }
        long id = body(alice(
                        "POST",
                        "/api/filters",
                        Map.of("name", "Replayed over the API", "expression", "objectId.startsWith('ZTF26apirp')")))
                .get("id")
                .asLong();
        assertThat(bob("POST", "/api/filters/" + id + "/replay", Map.of("hours", 1))
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> started = alice("POST", "/api/filters/" + id + "/replay", Map.of("hours", 1));
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/rewinds/" + body(started).get("id").asString());
        org.awaitility.Awaitility.await()
                .atMost(SECONDS_20)
                .until(() -> body(alice("GET", location, null))
                        .get("state")
                        .asString()
                        .equals("DONE"));
        assertThat(body(alice("GET", location, null)).get("matched").asLong()).isEqualTo(3);
        assertThat(bob("GET", location, null).statusCode()).isEqualTo(404);
        assertThat(bob("DELETE", location, null).statusCode()).isEqualTo(404);

        HttpResponse<String> again = alice("POST", "/api/filters/" + id + "/replay", Map.of("hours", 1));
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 300L));
        assertThat(body(again).get("type").asString()).isEqualTo("/problems/rewind-busy");
        assertThat(body(again).get("detail").asString()).contains("wait");

        HttpResponse<String> invalid =
                alice("POST", "/api/rewinds", Map.of("expression", "candidate.magpfs < 15.0", "hours", 1));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(body(invalid).toString()).contains("did you mean magpsf");
    }

    @Test
    void aUserKeepsAtMostTheConfiguredNumberOfFiltersAndMayAddOneAgainAfterDeletingOne() throws Exception {
        accounts.register("api-max", "max-password-1");
        for (int i = 1; i < 100; i++) {
            filters.create("api-max", org.fountain.filters.FilterDraft.of("filter " + i, "candidate.magpsf < 1.0"));
        }
        HttpResponse<String> hundredth = call(
                "api-max",
                "max-password-1",
                "POST",
                "/api/filters",
                Map.of("name", "100", "expression", "candidate.magpsf < 1.0"));
        assertThat(hundredth.statusCode()).isEqualTo(201);

        HttpResponse<String> oneTooMany = call(
                "api-max",
                "max-password-1",
                "POST",
                "/api/filters",
                Map.of("name", "101", "expression", "candidate.magpsf < 1.0"));
        assertThat(oneTooMany.statusCode()).isEqualTo(400);
        assertThat(body(oneTooMany).toString()).contains("you already have 100 filters");
        // a copy is a filter too
        long shared = body(alice(
                        "POST",
                        "/api/filters",
                        Map.of(
                                "name",
                                "Shared to copy",
                                "expression",
                                "candidate.magpsf < 1.0",
                                "visibility",
                                "PUBLIC")))
                .get("id")
                .asLong();
        assertThat(call("api-max", "max-password-1", "POST", "/api/filters/" + shared + "/copy", null)
                        .statusCode())
                .isEqualTo(400);

        long first = body(hundredth).get("id").asLong();
        assertThat(call("api-max", "max-password-1", "DELETE", "/api/filters/" + first, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(call(
                                "api-max",
                                "max-password-1",
                                "POST",
                                "/api/filters",
                                Map.of("name", "again", "expression", "candidate.magpsf < 1.0"))
                        .statusCode())
                .isEqualTo(201);
    }
}
