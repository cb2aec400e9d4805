package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.ApiTokens;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.Visibility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Smaller bounds of the security review: a password exempts only API requests from CSRF, a signed-in user's API calls have the same per-minute limit as a token's, and follows and kept versions of
 * a filter are bounded.
 */
class SecurityLimitsTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    ApiTokens tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void aPasswordExemptsOnlyApiRequestsFromCsrf() throws Exception {
        accounts.register("limit-lou", "lou-password-1");
        String basic = "Basic "
                + Base64.getEncoder().encodeToString("limit-lou:lou-password-1".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/account/tokens"))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("name=forged&scope=WRITE&days=1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("a page's form without its token").isEqualTo(403);
        assertThat(tokens.list("limit-lou")).isEmpty();
        HttpResponse<String> api = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/filters"))
                        .header("Authorization", basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
    }

    @Test
    void aSignedInUsersApiCallsHaveTheLimitATokenHas() throws Exception {
        accounts.register("limit-lea", "lea-password-1");
        WebSession lea = new WebSession(base()).signIn("limit-lea", "lea-password-1");
        HttpResponse<String> limited = null;
        int ok = 0;
        for (int i = 0; i < 2 * RATE + 1 && limited == null; i++) {
            HttpResponse<String> response = lea.get("/api/filters");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(limited).as("a 429 within two minutes' worth").isNotNull();
        assertThat(ok).isBetween(RATE, 2 * RATE);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(lea.get("/dashboard").statusCode())
                .as("pages are not the API")
                .isEqualTo(200);
    }

    /** {@code fountain.accounts.api.requests-per-minute} in the tests' configuration. */
    private static final int RATE = 100;

    @Test
    void aUserFollowsAtMost200FiltersAndAFilterKeepsItsLast100Versions() {
        accounts.register("limit-fay", "fay-password-1");
        int owners = 3;
        java.util.List<Filter> shared = new java.util.ArrayList<>();
        for (int o = 0; o < owners; o++) {
            accounts.register("limit-sharer" + o, "sharer-password-1");
            for (int i = 0; i < 70; i++) {
                shared.add(filters.create(
                        "limit-sharer" + o,
                        new FilterDraft(
                                "Shared " + o + "-" + i,
                                "",
                                "candidate.magpsf < " + (10 + i * 0.01),
                                "ztf",
                                Visibility.PUBLIC,
                                true,
                                false)));
            }
        }
        int followed = filters.followedBy("limit-fay").size(); // the public examples a new user follows
        for (Filter filter : shared) {
            if (followed == 200) {
                assertThatThrownBy(() -> filters.follow(filter.id(), "limit-fay"))
                        .isInstanceOf(InvalidFilterException.class)
                        .hasMessageContaining("200 filters");
                break;
            }
            filters.follow(filter.id(), "limit-fay");
            followed++;
        }
        assertThat(filters.followedBy("limit-fay")).hasSize(200);
        // following one already followed again (its replays) is not refused
        filters.follow(shared.get(0).id(), "limit-fay", true);

        Filter edited = filters.create("limit-fay", FilterDraft.of("Edited", "candidate.magpsf < 18.0"));
        for (int i = 1; i <= 104; i++) {
            filters.update(
                    edited.id(), "limit-fay", FilterDraft.of("Edited", "candidate.magpsf < " + (18.0 + i * 0.001)));
        }
        var versions = filters.versions(edited.id(), "limit-fay");
        assertThat(versions).hasSize(100);
        assertThat(versions.get(0).version()).isEqualTo(105);
        assertThat(versions.get(99).version()).isEqualTo(6);
    }
}
