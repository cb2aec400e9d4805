package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.InvalidPasswordException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Guessing is throttled, passwords are bounded, the administrator's name is reserved, CSRF is not skipped by a header. */
class AccountsHardeningTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void failedBasicSignInsAsOneNameAreRefusedUncheckedPastTheLimitWhileOthersGoOn() throws Exception {
        accounts.register("guess-target", "target-password");
        accounts.register("guess-bystander", "bystander-password");
        double before = throttled("name");
        for (int i = 0; i < 10; i++) {
            assertThat(basic("guess-target", "wrong-guess-" + i).statusCode()).isEqualTo(401);
        }
        // the limit is reached: even the right password is not checked until the window ends
        HttpResponse<String> refused = basic("guess-target", "target-password");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 15 * 60L);
        assertThat(throttled("name") - before).isEqualTo(1.0);
        // the form is refused the same way, before its password is checked
        assertThatThrownBy(() -> new WebSession(base()).signIn("guess-target", "target-password"))
                .hasMessageContaining("sign-in as guess-target failed");

        assertThat(basic("guess-bystander", "bystander-password").statusCode()).isEqualTo(200);
    }

    @Test
    void passwordsAreTwelveCharactersToSeventyTwoBytesWithAClearMessage() throws Exception {
        assertThatThrownBy(() -> accounts.register("short-pw", "eleven-char"))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessage("At least 12 characters");
        accounts.register("exact-pw", "x".repeat(72));
        // 36 two-byte characters are 72 bytes; one more is too many for bcrypt
        assertThatThrownBy(() -> accounts.register("long-pw", "é".repeat(37)))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageStartingWith("At most 72 bytes");

        HttpResponse<String> page = new WebSession(base()).register("long-pw-form", "p".repeat(73));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("At most 72 bytes");
    }

    @Test
    void aUserChangesTheirPasswordOnTheAccountPageGivingTheCurrentOne() throws Exception {
        accounts.register("change-cleo", "cleo-old-password");
        WebSession session = new WebSession(base()).signIn("change-cleo", "cleo-old-password");

        HttpResponse<String> wrong = session.postForm(
                "/account",
                "/account/password",
                java.util.Map.of(
                        "currentPassword", "not-her-password",
                        "newPassword", "cleo-new-password",
                        "confirmPassword", "cleo-new-password"));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("That is not your current password");

        HttpResponse<String> weak = session.postForm(
                "/account",
                "/account/password",
                java.util.Map.of(
                        "currentPassword", "cleo-old-password",
                        "newPassword", "short",
                        "confirmPassword", "short"));
        assertThat(weak.body()).contains("At least 12 characters");

        HttpResponse<String> changed = session.postForm(
                "/account",
                "/account/password",
                java.util.Map.of(
                        "currentPassword", "cleo-old-password",
                        "newPassword", "cleo-new-password",
                        "confirmPassword", "cleo-new-password"));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(changed.headers().firstValue("Location").orElseThrow()).endsWith("/account?changed");

        new WebSession(base()).signIn("change-cleo", "cleo-new-password");
        assertThatThrownBy(() -> new WebSession(base()).signIn("change-cleo", "cleo-old-password"))
                .hasMessageContaining("failed");
    }

    @Test
    void aSessionAuthenticatedApiCallNeedsTheCsrfTokenWhateverAuthorizationHeaderItCarries() throws Exception {
        accounts.register("csrf-carla", "carla-password");
        WebSession session = new WebSession(base()).signIn("csrf-carla", "carla-password");
        String body = "{\"stream\":\"ztf\",\"expression\":\"candidate.magpsf < 18.0\"}";

        HttpResponse<String> forged = session.send(HttpRequest.newBuilder(URI.create(base() + "/api/filters/validate"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Digest anything")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(forged.statusCode()).isEqualTo(403);
        // a bearer header is checked as a token and never falls back to the session
        HttpResponse<String> bearer = session.send(HttpRequest.newBuilder(URI.create(base() + "/api/filters"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer anything")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"forged\",\"expression\":\"true\"}")));
        assertThat(bearer.statusCode()).isEqualTo(401);
        HttpResponse<String> plain = session.send(HttpRequest.newBuilder(URI.create(base() + "/api/filters"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"forged\",\"expression\":\"true\"}")));
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(session.get("/api/filters").body()).doesNotContain("forged");

        HttpResponse<String> withToken =
                session.postJson("/api/filters/validate", body, session.pageCsrf("/dashboard"));
        assertThat(withToken.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> basic(String username, String password) throws Exception {
        String credentials =
                Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new WebSession(base())
                .send(HttpRequest.newBuilder(URI.create(base() + "/api/filters"))
                        .header("Authorization", "Basic " + credentials)
                        .GET());
    }

    private double throttled(String kind) {
        var counter =
                meters.find("fountain.accounts.throttled").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }
}
