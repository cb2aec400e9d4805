package org.fountain.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.fountain.FountainIntegrationTest;
import org.fountain.WebSession;
import org.fountain.accounts.security.UserRows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Closed deployments: accounts that wait for an administrator's approval, and registration turned off. */
class RegistrationModesTest extends FountainIntegrationTest {

    @Autowired
    UserRows users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    ApplicationEventPublisher events;

    @LocalServerPort
    int port;

    @Autowired
    org.fountain.accounts.security.AccountStates states;

    @Autowired
    ApiTokens tokens;

    private Accounts accounts(AccountsProperties.Registration registration) {
        return accounts("admin", registration);
    }

    private Accounts accounts(String adminUsername, AccountsProperties.Registration registration) {
        AccountsProperties.Limits limits =
                new AccountsProperties.Limits(10, 100, Duration.ofMinutes(15), 20, Duration.ofHours(1));
        return new Accounts(
                users,
                states,
                tokens,
                passwords,
                events,
                new AccountsProperties(adminUsername, null, limits, registration));
    }

    @Test
    void theAdministratorsNameIsReservedInAnyCaseEvenBeforeTheAdministratorExists() {
        // no user of this name exists: only the reservation refuses it
        assertThat(users.exists("chief-admin")).isFalse();
        assertThatThrownBy(() -> accounts("chief-admin", AccountsProperties.Registration.OPEN)
                        .register("CHIEF-Admin", "impostor-password"))
                .isInstanceOf(UsernameTakenException.class);
        assertThat(users.exists("chief-admin")).isFalse();
    }

    @Test
    void anAccountRegisteredForApprovalSignsInOnlyOnceAnAdministratorApprovesIt() throws Exception {
        String base = "http://localhost:" + port;
        assertThat(accounts(AccountsProperties.Registration.APPROVAL).register("wait-wendy", "wendy-password"))
                .isFalse();
        assertThatThrownBy(() -> new WebSession(base).signIn("wait-wendy", "wendy-password"))
                .hasMessageContaining("failed");

        WebSession admin = new WebSession(base).signIn("admin", "test-admin-password");
        HttpResponse<String> approved = admin.postForm("/admin/users", "/admin/users/wait-wendy/approve", Map.of());
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(approved.headers().firstValue("Location").orElseThrow()).contains("approved=wait-wendy");

        new WebSession(base).signIn("wait-wendy", "wendy-password");
        assertThat(accounts(AccountsProperties.Registration.APPROVAL).awaitingApproval())
                .doesNotContain("wait-wendy");
    }

    @Test
    void registrationClosedCreatesNoAccount() {
        assertThatThrownBy(
                        () -> accounts(AccountsProperties.Registration.CLOSED).register("shut-out", "shut-password"))
                .isInstanceOf(RegistrationClosedException.class)
                .hasMessageContaining("ask its administrator");
        assertThat(users.exists("shut-out")).isFalse();
    }
}
