package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.fountain.accounts.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What signed something in stops signing it in at once: a revoked token ends its open stream of matches, signing out
 * ends the session's, a disabled account's live dashboard is closed, a demoted administrator's session ends before it
 * can promote itself back, and a password change ends the account's other sessions (not the one it was made in); an
 * administrator's reset ends them all and revokes the tokens.
 */
class RevocationTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    ApiTokens tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    private String base() {
        return "http://localhost:" + port;
    }

    private HttpResponse<InputStream> tokenStream(String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/matches/stream"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aRevokedTokenEndsItsOpenStreamAndFreesItsSlot() throws Exception {
        accounts.register("revoke-rita", "rita-password-1");
        ApiTokens.Created token = tokens.create("revoke-rita", "streams", ApiToken.Scope.READ, 1);
        SseEvents[] open = new SseEvents[4];
        for (int i = 0; i < open.length; i++) {
            HttpResponse<InputStream> response = tokenStream(token.secret());
            assertThat(response.statusCode()).isEqualTo(200);
            open[i] = SseEvents.read(response.body());
        }
        String other =
                tokens.create("revoke-rita", "other", ApiToken.Scope.READ, 1).secret();
        assertThat(tokenStream(other).statusCode())
                .as("four streams take the user's slots")
                .isEqualTo(429);

        tokens.revoke("revoke-rita", token.token().id());
        for (SseEvents stream : open) {
            assertThat(stream.ended.await(20, TimeUnit.SECONDS))
                    .as("the stream ended")
                    .isTrue();
        }
        assertThat(open[0].comments).anyMatch(c -> c.contains("signed out"));
        assertThat(tokenStream(other).statusCode())
                .as("the slots are free again")
                .isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionsStream() throws Exception {
        accounts.register("revoke-sven", "sven-password-1");
        WebSession sven = new WebSession(base()).signIn("revoke-sven", "sven-password-1");
        HttpResponse<InputStream> response = sven.stream("/api/matches/stream");
        assertThat(response.statusCode()).isEqualTo(200);
        SseEvents stream = SseEvents.read(response.body());

        assertThat(sven.postForm("/dashboard", "/logout", Map.of()).statusCode())
                .isBetween(200, 399);
        assertThat(sven.get("/account").statusCode()).as("signed out").isEqualTo(302);
        assertThat(stream.ended.await(20, TimeUnit.SECONDS))
                .as("the stream ended")
                .isTrue();
    }

    @Test
    void aDisabledAccountsLiveDashboardIsClosed() throws Exception {
        accounts.register("revoke-dora", "dora-password-1");
        try (StompDashboard dashboard = StompDashboard.open(base(), "revoke-dora", "dora-password-1")) {
            assertThat(dashboard.connected()).isTrue();
            accounts.disable("revoke-dora", "admin");
            await().atMost(Duration.ofSeconds(20)).until(() -> !dashboard.connected());
        }
    }

    @Test
    void aDemotedAdministratorsSessionEndsBeforeItCanPromoteItselfBack() throws Exception {
        accounts.register("revoke-ada", "ada-password-1");
        accounts.changeRole("revoke-ada", Role.ADMIN, "admin");
        WebSession ada = new WebSession(base()).signIn("revoke-ada", "ada-password-1");
        assertThat(ada.get("/admin/users").statusCode()).isEqualTo(200);
        String form = ada.get("/admin/users").body();

        accounts.changeRole("revoke-ada", Role.USER, "admin");
        HttpResponse<String> next = ada.get("/admin/users");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElseThrow()).endsWith("/login?changed");
        // the page's form, posted with its token as the session had it: no session, no promotion
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(form);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> promote =
                ada.send(HttpRequest.newBuilder(URI.create(base() + "/admin/users/revoke-ada/role"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("role=ADMIN&_csrf=" + csrf.group(1))));
        assertThat(promote.headers().firstValue("Location").orElse(""))
                .as("not taken as a promotion (which goes back to the users page)")
                .doesNotEndWith("/admin/users");
        assertThat(accounts.users())
                .filteredOn(u -> u.username().equals("revoke-ada"))
                .extracting(u -> u.role())
                .containsExactly(Role.USER);
        // signed in again, the role is the new one
        WebSession again = new WebSession(base()).signIn("revoke-ada", "ada-password-1");
        assertThat(again.get("/admin/users").statusCode()).isEqualTo(403);
    }

    @Test
    void aPasswordChangeEndsTheAccountsOtherSessionsButNotItsOwn() throws Exception {
        accounts.register("revoke-pia", "pia-password-1");
        WebSession here = new WebSession(base()).signIn("revoke-pia", "pia-password-1");
        WebSession elsewhere = new WebSession(base()).signIn("revoke-pia", "pia-password-1");
        String token =
                tokens.create("revoke-pia", "script", ApiToken.Scope.READ, 1).secret();

        HttpResponse<String> changed = here.postForm(
                "/account",
                "/account/password",
                Map.of(
                        "currentPassword", "pia-password-1",
                        "newPassword", "pia-password-2",
                        "confirmPassword", "pia-password-2"));
        assertThat(changed.headers().firstValue("Location").orElse("")).endsWith("/account?changed");
        assertThat(here.get("/account").statusCode())
                .as("the session it was changed in")
                .isEqualTo(200);
        HttpResponse<String> other = elsewhere.get("/account");
        assertThat(other.statusCode()).isEqualTo(302);
        assertThat(other.headers().firstValue("Location").orElseThrow()).endsWith("/login?changed");
        assertThat(tokenStream(token).statusCode())
                .as("tokens are credentials of their own")
                .isEqualTo(200);
    }

    @Test
    void anAdministratorsPasswordResetEndsTheSessionsAndRevokesTheTokens() throws Exception {
        accounts.register("revoke-rex", "rex-password-1");
        WebSession rex = new WebSession(base()).signIn("revoke-rex", "rex-password-1");
        String token =
                tokens.create("revoke-rex", "script", ApiToken.Scope.READ, 1).secret();
        SseEvents stream = SseEvents.read(tokenStream(token).body());

        assertThat(accounts.resetPassword("revoke-rex")).isPresent();
        assertThat(rex.get("/account").statusCode()).isEqualTo(302);
        assertThat(tokenStream(token).statusCode()).isEqualTo(401);
        assertThat(stream.ended.await(20, TimeUnit.SECONDS)).isTrue();
    }
}
