package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The account page and the administrator's accounts page in a real browser. */
class AccountPagesEndToEndTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @BeforeAll
    static void needsChromium() {
        Browser.assumeInstalled();
    }

    @Test
    void aUserChangesTheirPasswordAndAnAdministratorSeesTheAccountsPage() {
        try (Browser browser = Browser.open("http://localhost:" + port)) {
            browser.go("/register");
            browser.type("#username", "page-pia");
            browser.type("#password", "short");
            browser.type("#confirmPassword", "short");
            browser.find("#register").click();
            assertThat(browser.waitFor(".field-error").getText()).isEqualTo("At least 12 characters");
            browser.screenshot("register-short-password");

            browser.register("page-pia", "pia-password-1");
            browser.signIn("page-pia", "pia-password-1");
            browser.find("#nav-account").click();
            browser.waitFor("#change-password");
            browser.type("#currentPassword", "pia-password-1");
            browser.type("#newPassword", "pia-password-2");
            browser.type("#confirmPassword", "pia-password-2");
            browser.find("#change-password").click();
            assertThat(browser.waitFor("#password-changed").getText()).contains("Your password is changed");
            browser.screenshot("account-password-changed");
            // a personal API token, shown once
            browser.type("#token-name", "my notebook");
            browser.find("#create-token").click();
            assertThat(browser.waitFor("#new-token").getText()).startsWith("ftn_");
            assertThat(browser.find("#token-list").getText())
                    .contains("my notebook")
                    .contains("read");
            browser.screenshot("account-token-created");
            browser.find("#logout").click();
            browser.signIn("page-pia", "pia-password-2");

            browser.find("#logout").click();
            browser.signIn("admin", "test-admin-password");
            browser.go("/admin/users");
            assertThat(browser.waitFor("main").getText()).contains("Registration on this portal is open");
            browser.screenshot("admin-accounts");

            // on a phone every page fits the width, the administrator's too
            browser.phone();
            for (String page : java.util.List.of("/", "/dashboard", "/admin/users", "/admin/simulator")) {
                browser.go(page);
                browser.waitFor("main");
                assertThat(browser.pageWidth()).as(page).isLessThanOrEqualTo(390);
                browser.screenshot("phone-admin" + page.replace('/', '-'));
            }
            browser.find("#logout").click();
            for (String page : java.util.List.of("/login", "/register")) {
                browser.go(page);
                browser.waitFor("main");
                assertThat(browser.pageWidth()).as(page).isLessThanOrEqualTo(390);
                browser.screenshot("phone" + page.replace('/', '-'));
            }
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
