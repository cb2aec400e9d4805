package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.AlertMatches;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The walking skeleton end to end, through the real broker, database and browser: user A registers, writes a filter
 * and sees a matching alert arrive on the dashboard; a non-matching alert never shows under A's filter; user B, signed
 * in at the same time, sees nothing of A's private filter. Both follow the public example filters from the start, and
 * see those filters' matches.
 */
class DashboardEndToEndTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    tools.jackson.databind.json.JsonMapper json;

    @BeforeAll
    static void needsChromium() {
        Browser.assumeInstalled();
    }

    @Test
    void aMatchReachesOnlyTheOwnersDashboardLive() {
        String base = "http://localhost:" + port;
        try (Browser a = Browser.open(base);
                Browser b = Browser.open(base)) {
            a.go("/");
            a.screenshot("home");
            a.register("astro-ann", "ann-password-1");
            a.screenshot("login-after-register");
            a.signIn("astro-ann", "ann-password-1");

            a.go("/filters/new");
            a.type("#name", "Very bright");
            a.type("#expression", "candidate.magpsf < 14.0 &&\ncandidate.rb >");
            a.find("#save-filter").click();
            WebElement error = a.waitFor("#expression-error");
            assertThat(error.getText()).contains("line 2, column");
            a.screenshot("filter-syntax-error");

            a.type("#expression", "candidate.magpsf < 14.0 && candidate.rb > 0.5");
            a.find("#save-filter").click();
            assertThat(a.waitFor("#flash").getText()).contains("Very bright");
            assertThat(a.find("#filters").getText()).contains("candidate.magpsf < 14.0");
            String veryBright = a.find("#filters tbody tr").getAttribute("data-filter-id");
            // a newcomer follows the administrator's public example filters from the start
            assertThat(a.find("#followed").getText())
                    .contains("ZTF purity cut", "Bright new transient", "Not a known asteroid");
            a.screenshot("my-filters");
            a.go("/filters/public");
            a.waitFor("#public-filters");
            a.screenshot("public-filters");

            b.register("astro-bob", "bob-password-1");
            b.signIn("astro-bob", "bob-password-1");

            a.go("/dashboard");
            awaitLive(a);
            awaitLive(b);
            a.screenshot("dashboard-waiting");

            double jd = jdNow();
            publish(MockAlert.simple("ZTF26e2efaint", 9001, jd, 210.5, -12.25, 19.5));
            publish(MockAlert.simple("ZTF26e2ebright", 9002, jd, 150.75, 2.5, 13.25));

            WebElement row =
                    a.waitFor("tr.match[data-object-id='ZTF26e2ebright'][data-filter-ids~='" + veryBright + "']");
            assertThat(row.getText()).contains("ZTF26e2ebright", "13.25", "150.75000", "2.50000", "Very bright");
            assertThat(row.findElement(By.cssSelector("td.band")).getText()).isEqualTo("r");
            // the faint alert fails A's own filter, but passes a followed example filter
            a.waitFor("tr.match[data-object-id='ZTF26e2efaint']");
            assertThat(matchRows(a))
                    .filteredOn(r -> List.of(r.getAttribute("data-filter-ids").split(" "))
                            .contains(veryBright))
                    .extracting(r -> r.getAttribute("data-object-id"))
                    .containsExactly("ZTF26e2ebright");
            assertThat(a.find("#match-rows").getText()).contains("Not a known asteroid");
            a.screenshot("dashboard-match");

            // B follows the same public examples, so B sees their matches, but never A's private filter's
            b.waitFor("tr.match[data-object-id='ZTF26e2ebright']");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> matchRows(b).stream()
                            .noneMatch(r -> List.of(
                                            r.getAttribute("data-filter-ids").split(" "))
                                    .contains(veryBright)));
            assertThat(b.find("#match-rows").getText()).doesNotContain("Very bright");
            b.screenshot("dashboard-other-user");

            // a replay of A's filter over past alerts: on A's dashboard, marked as such
            publishRaw(
                    "fountain.matches",
                    json.writeValueAsBytes(new AlertMatches(
                            new AlertSummary(
                                    "ztf", 9003, "ZTF26e2eolder", jd - 1, 151.0, 2.25, 13.5, "g", SURVEY_TOPIC, 0, 0),
                            System.currentTimeMillis(),
                            new long[] {Long.parseLong(veryBright)},
                            true)));
            WebElement replayed = a.waitFor("tr.match[data-object-id='ZTF26e2eolder']");
            assertThat(replayed.findElement(By.cssSelector("td.filter .badge.replay"))
                            .getText())
                    .isEqualTo("replayed");
            a.screenshot("dashboard-replayed");
            assertThat(a.consoleErrors()).isEmpty();
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.fountain.accounts.Accounts accounts;

    @org.springframework.beans.factory.annotation.Autowired
    org.fountain.filters.Filters filters;

    @org.springframework.beans.factory.annotation.Autowired
    org.fountain.archive.MatchHistory history;

    @Test
    void opensWithTheArchivedMatchesAndFillsAGapAfterLosingItsConnectionOnceAndInOrder() {
        accounts.register("gap-gwen", "gwen-password-1");
        org.fountain.filters.Filter gaps = filters.create(
                "gap-gwen", org.fountain.filters.FilterDraft.of("Gaps", "objectId.startsWith('ZTF26gap')"));
        double jd = jdNow();
        publish(MockAlert.simple("ZTF26gap1", 9101, jd, 11, 11, 17.1));
        publish(MockAlert.simple("ZTF26gap2", 9102, jd, 12, 12, 17.2));
        awaitArchived("gap-gwen", gaps.id(), 2);

        try (Browser browser = Browser.open("http://localhost:" + port)) {
            browser.signIn("gap-gwen", "gwen-password-1");
            browser.go("/dashboard");
            // from the archive, before anything arrives live
            browser.waitFor("tr.match.history[data-object-id='ZTF26gap2']");
            browser.waitFor("tr.match.history[data-object-id='ZTF26gap1']");
            awaitLive(browser);
            publish(MockAlert.simple("ZTF26gap3", 9103, jd, 13, 13, 17.3));
            browser.waitFor("tr.match[data-object-id='ZTF26gap3']");

            ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeScript("return window.fountainDashboard.disconnect()");
            await().atMost(SECONDS_20)
                    .until(() -> !"live".equals(browser.find("#status").getAttribute("data-state")));
            for (int i = 4; i <= 6; i++) {
                publish(MockAlert.simple("ZTF26gap" + i, 9100 + i, jd, 10 + i, 10 + i, 17 + i / 10.0));
            }
            awaitArchived("gap-gwen", gaps.id(), 6);
            ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeScript("window.fountainDashboard.reconnect()");
            awaitLive(browser);
            browser.waitFor("tr.match.missed[data-object-id='ZTF26gap6']");
            browser.screenshot("dashboard-gap-filled");

            // each once, in the archive's order (newest first; alerts on different partitions are matched in
            // whatever order their partitions are read)
            List<String> archiveOrder = history
                    .page(
                            "gap-gwen",
                            new org.fountain.archive.MatchHistory.Query(
                                    gaps.id(), null, null, null, null, null, null, 100))
                    .matches()
                    .stream()
                    .map(m -> m.match().alert().objectId())
                    .toList();
            assertThat(archiveOrder)
                    .containsExactlyInAnyOrder(
                            "ZTF26gap6", "ZTF26gap5", "ZTF26gap4", "ZTF26gap3", "ZTF26gap2", "ZTF26gap1");
            assertThat(matchRows(browser))
                    .extracting(r -> r.getAttribute("data-object-id"))
                    .filteredOn(id -> id.startsWith("ZTF26gap"))
                    .containsExactlyElementsOf(archiveOrder);

            // a reload keeps the history: all six, from the archive
            browser.driver.navigate().refresh();
            browser.waitFor("tr.match.history[data-object-id='ZTF26gap1']");
            assertThat(matchRows(browser))
                    .extracting(r -> r.getAttribute("data-object-id"))
                    .filteredOn(id -> id.startsWith("ZTF26gap"))
                    .containsExactlyElementsOf(archiveOrder);

            // the sky map: every match a point, a click opens the alert
            browser.go("/sky");
            browser.waitFor("svg.sky-map circle.match[data-object-id='ZTF26gap6']");
            assertThat(browser.driver.findElements(By.cssSelector("svg.sky-map circle.match")).stream()
                            .map(c -> c.getAttribute("data-object-id"))
                            .filter(id -> id.startsWith("ZTF26gap"))
                            .distinct())
                    .hasSize(6);
            assertThat(browser.find("#sky-legend").getText()).contains("Gaps");
            browser.screenshot("sky-map");
            // the alert's points for its several filters lie on one another: the one on top takes the click
            List<WebElement> points =
                    browser.driver.findElements(By.cssSelector("svg.sky-map circle.match[data-object-id='ZTF26gap6']"));
            points.get(points.size() - 1).click();
            browser.waitFor(".alert-page");
            assertThat(browser.driver.getCurrentUrl()).contains("/alerts/ztf/9106");

            // on a phone: nothing runs off the side, and Sign out is in reach
            browser.phone();
            browser.go("/dashboard");
            browser.waitFor("tr.match.history[data-object-id='ZTF26gap6']");
            assertThat(browser.pageWidth()).isLessThanOrEqualTo(390);
            var signOut = browser.find("#logout").getRect();
            assertThat(signOut.getX() + signOut.getWidth()).isLessThanOrEqualTo(390);
            browser.screenshot("dashboard-phone");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void anAlertPageShowsItsLightCurveCutoutsAndFieldsOnlyToThoseWhoseFiltersMatchedIt() throws Exception {
        accounts.register("alertpage-pia", "pia-password-12");
        accounts.register("alertpage-pat", "pat-password-12");
        // pat follows nothing: the example filters, which newcomers follow, would have matched the alert for him too
        filters.followedBy("alertpage-pat").forEach(f -> filters.unfollow(f.id(), "alertpage-pat"));
        org.fountain.filters.Filter pages = filters.create(
                "alertpage-pia", org.fountain.filters.FilterDraft.of("Pages", "objectId.startsWith('ZTF26page')"));
        double jd = jdNow();
        List<MockAlert.PastPoint> history = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            boolean detected = i % 3 != 0;
            history.add(new MockAlert.PastPoint(
                    jd - i * 1.5,
                    1 + i % 2,
                    detected ? 9200L + i : null,
                    20.4,
                    detected ? 18.0 + i * 0.2 : null,
                    detected ? 0.08 : null));
        }
        publishRaw(org.fountain.simulator.MockAlerts.containerFileWithCutouts(
                MockAlert.withHistory("ZTF26pageaaa", 9299, jd, 44.5, -5.25, 17.6, history)));
        // a later alert of the same object, carrying the first one's detection in its history
        List<MockAlert.PastPoint> later = new java.util.ArrayList<>(history);
        later.add(0, new MockAlert.PastPoint(jd, 2, 9299L, 20.5, 17.6, 0.05));
        publishRaw(org.fountain.simulator.MockAlerts.containerFileWithCutouts(
                MockAlert.withHistory("ZTF26pageaaa", 9300, jd + 0.5, 44.5, -5.25, 17.2, later)));
        awaitArchived("alertpage-pia", pages.id(), 2);

        try (Browser browser = Browser.open("http://localhost:" + port)) {
            browser.signIn("alertpage-pia", "pia-password-12");
            browser.go("/alerts/ztf/9299");
            browser.waitFor("#light-curve canvas");
            await().atMost(SECONDS_20).until(() -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeScript("return [...document.querySelectorAll('#cutouts img')]"
                            + ".every(i => i.complete && i.naturalWidth === 63)"));
            assertThat(browser.driver.findElements(By.cssSelector("#cutouts figure")))
                    .extracting(f -> f.getAttribute("data-kind"))
                    .containsExactly("science", "template", "difference");
            assertThat(browser.find("#fields").getText())
                    .contains("candidate.magpsf", "17.6", "objectId", "ZTF26pageaaa");
            assertThat(browser.find(".matched-by").getText()).contains("Pages");
            assertThat(browser.find("#links").getText()).contains("Lasair", "TNS", "SIMBAD");
            // the detection and its eight earlier points
            assertThat(browser.find("#light-curve").getAttribute("data-points")).isEqualTo("9");
            browser.screenshot("alert-page");
            browser.type("#field-search", "magpsf");
            assertThat(browser.driver.findElements(By.cssSelector("#fields tbody tr")).stream()
                            .filter(WebElement::isDisplayed)
                            .map(WebElement::getText)
                            .toList())
                    .isNotEmpty()
                    .allSatisfy(row -> assertThat(row.toLowerCase()).contains("magpsf"));
            // the object: both alerts, and their points each once (the first's nine and the second's own detection)
            browser.go("/objects/ztf/ZTF26pageaaa");
            browser.waitFor("#light-curve canvas");
            assertThat(browser.driver.findElements(By.cssSelector("#object-alerts tbody tr")))
                    .extracting(r -> r.getAttribute("data-alert-id"))
                    .containsExactly("9300", "9299");
            assertThat(browser.find("#light-curve").getAttribute("data-points")).isEqualTo("10");
            browser.screenshot("object-page");
            browser.phone();
            browser.go("/alerts/ztf/9299");
            browser.waitFor("#light-curve canvas");
            browser.screenshot("alert-page-phone");
            assertThat(browser.pageWidth())
                    .as(
                            "too wide: %s",
                            ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                                    .executeScript(
                                            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
                                                    + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"))
                    .isLessThanOrEqualTo(390);
            browser.screenshot("alert-page-phone");
            assertThat(browser.consoleErrors()).isEmpty();
        }

        WebSession other = new WebSession("http://localhost:" + port).signIn("alertpage-pat", "pat-password-12");
        assertThat(other.get("/alerts/ztf/9299").statusCode()).isEqualTo(404);
        assertThat(other.get("/api/alerts/ztf/9299").statusCode()).isEqualTo(404);
        assertThat(other.get("/api/alerts/ztf/9299/cutouts/science.png").statusCode())
                .isEqualTo(404);
        WebSession owner = new WebSession("http://localhost:" + port).signIn("alertpage-pia", "pia-password-12");
        var fits = owner.get("/api/alerts/ztf/9299/cutouts/difference.fits");
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.body()).startsWith("SIMPLE");
        assertThat(fits.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"ztf-9299-difference.fits\"");
        var api = json.readTree(owner.get("/api/alerts/ztf/9299").body());
        assertThat(api.get("lightCurve")).hasSize(9); // the detection and eight earlier points
        assertThat(api.get("lightCurve").toString()).contains("\"kind\":\"limit\"");
    }

    @Test
    void aFilterMatchingTooOftenToReadIsShownAsARateWithASampleAndCountsEveryMatch() {
        String base = "http://localhost:" + port;
        accounts.register("astro-fay", "fay-password-1");
        org.fountain.filters.Filter noisy = filters.create(
                "astro-fay", org.fountain.filters.FilterDraft.of("Everything bright", "objectId == 'none'"));
        // only this filter's matches on the page: not the example filters' history from the tests before
        filters.followedBy("astro-fay").forEach(f -> filters.unfollow(f.id(), "astro-fay"));
        try (Browser browser = Browser.open(base)) {
            browser.signIn("astro-fay", "fay-password-1");
            browser.go("/dashboard");
            awaitLive(browser);
            double jd = jdNow();
            // sixty matches within a second: three times the rate a dashboard lists match by match
            for (int i = 0; i < 60; i++) {
                publishRaw(
                        "fountain.matches",
                        json.writeValueAsBytes(new AlertMatches(
                                new AlertSummary(
                                        "ztf",
                                        9_400_000 + i,
                                        "ZTF26e2ehose" + i,
                                        jd - org.fountain.alerts.Sky.MJD_OFFSET,
                                        150.0,
                                        2.0,
                                        17.0,
                                        "g",
                                        SURVEY_TOPIC,
                                        0,
                                        0),
                                System.currentTimeMillis(),
                                new long[] {noisy.id()},
                                false)));
            }

            WebElement rate = browser.waitFor("#firehose .rate[data-filter-id='" + noisy.id() + "']");
            assertThat(rate.getText()).contains("Everything bright", "matches/s", "too many to list");
            await().atMost(SECONDS_20)
                    .untilAsserted(() ->
                            assertThat(browser.find("#match-count").getText()).isEqualTo("60 alerts"));
            assertThat(browser.find("#count-note").getText()).contains("counted in their rate");
            assertThat(matchRows(browser)).hasSizeLessThan(60);
            browser.screenshot("dashboard-firehose");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private void awaitArchived(String user, long filterId, int matches) {
        await().atMost(SECONDS_20)
                .until(() -> history.page(
                                        user,
                                        new org.fountain.archive.MatchHistory.Query(
                                                filterId, null, null, null, null, null, null, 100))
                                .matches()
                                .size()
                        == matches);
    }

    private static void awaitLive(Browser browser) {
        await().atMost(SECONDS_20)
                .until(() -> "live".equals(browser.find("#status").getAttribute("data-state")));
    }

    private static List<WebElement> matchRows(Browser browser) {
        return browser.driver.findElements(By.cssSelector("tr.match"));
    }
}
