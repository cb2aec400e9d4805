package org.fountain.accounts.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.fountain.accounts.Accounts;
import org.fountain.filters.Filters;
import org.fountain.filters.rewind.Rewinds;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The web slice with Fountain's security rules: what an anonymous visitor and a signed-in user may reach. */
@WebMvcTest
@Import({SecurityConfig.class, Throttle.class, AccountStates.class})
@org.springframework.boot.context.properties.EnableConfigurationProperties({
    org.fountain.accounts.AccountsProperties.class,
    org.fountain.accounts.ApiProperties.class
})
class SecurityWebTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    UserRows users;

    @MockitoBean
    Accounts accounts;

    @MockitoBean
    Filters filters;

    @MockitoBean
    Rewinds rewinds;

    @MockitoBean
    org.fountain.archive.MatchHistory history;

    @MockitoBean
    org.fountain.archive.ArchivedAlerts archivedAlerts;

    @MockitoBean
    org.fountain.archive.web.MatchStreams matchStreams;

    @MockitoBean
    org.fountain.notifications.NotificationTargets notificationTargets;

    @MockitoBean
    org.fountain.accounts.ApiTokens apiTokens;

    @MockitoBean
    org.fountain.accounts.Credentials credentials;

    @MockitoBean
    org.fountain.admin.ClusterSampler sampler;

    @MockitoBean
    org.fountain.admin.TopicSettings topicSettings;

    @MockitoBean
    org.fountain.admin.MessagePeek peek;

    @MockitoBean
    org.fountain.admin.DeadLetterBrowser deadLetters;

    @MockitoBean
    org.fountain.admin.AdminAudit audit;

    @MockitoBean
    org.fountain.filters.ActiveFilters activeFilters;

    @org.junit.jupiter.api.BeforeEach
    void openRegistration() {
        org.mockito.Mockito.when(accounts.registration())
                .thenReturn(org.fountain.accounts.AccountsProperties.Registration.OPEN);
        org.mockito.Mockito.when(accounts.register(
                        org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyString()))
                .thenReturn(true);
    }

    @Test
    void everyPageCarriesTheContentSecurityPolicy() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(
                        header().string(
                                        "Content-Security-Policy",
                                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                                + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"));
        mvc.perform(get("/dashboard"))
                .andExpect(status().isFound())
                .andExpect(header().string(
                                "Content-Security-Policy", org.hamcrest.Matchers.startsWith("default-src 'self';")));
    }

    @Test
    void refusesAccountPasswordsOnTheApiByDefaultAndSaysHowToGetIn() throws Exception {
        org.mockito.Mockito.when(users.find("ada"))
                .thenReturn(java.util.Optional.of(org.springframework.security.core.userdetails.User.withUsername("ada")
                        .password("{noop}ada-password-1")
                        .roles("USER")
                        .build()));
        mvc.perform(get("/api/filters")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("ada", "ada-password-1")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("personal API token")));
        mvc.perform(get("/api/filters").header("Authorization", "Bearer ftn_unknown"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token")));
    }

    @Test
    void redirectsAnAnonymousVisitorOfTheDashboardToSignIn() throws Exception {
        mvc.perform(get("/dashboard")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void redirectsAnAnonymousVisitorOfTheFiltersToSignIn() throws Exception {
        mvc.perform(get("/filters")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void letsAnyoneSeeTheHomeSignInAndRegistrationPages() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk());
        mvc.perform(get("/login")).andExpect(status().isOk());
        mvc.perform(get("/register")).andExpect(status().isOk());
    }

    @Test
    @WithMockUser(username = "ada", roles = "USER")
    void showsTheDashboardToASignedInUser() throws Exception {
        mvc.perform(get("/dashboard")).andExpect(status().isOk());
    }

    @Test
    @WithMockUser(username = "ada", roles = "USER")
    void keepsOperatorEndpointsFromOrdinaryUsers() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isForbidden());
        mvc.perform(get("/admin")).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(username = "ada", roles = "USER")
    void deniesPathsNobodyListed() throws Exception {
        mvc.perform(get("/something-new")).andExpect(status().isForbidden());
    }

    @Test
    void refusesARegistrationWithoutCsrfToken() throws Exception {
        mvc.perform(post("/register").param("username", "mallory").param("password", "0123456789abc"))
                .andExpect(status().isForbidden());
    }

    @Test
    void acceptsARegistrationWithCsrfToken() throws Exception {
        mvc.perform(post("/register")
                        .with(csrf())
                        .param("username", "grace")
                        .param("password", "0123456789abc")
                        .param("confirmPassword", "0123456789abc"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrlPattern("/login?registered=*"));
    }
}
