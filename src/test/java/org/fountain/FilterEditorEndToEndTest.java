package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The filter editor in a real browser: suggestions from the schema, live checking, examples, the builder. */
class FilterEditorEndToEndTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @BeforeAll
    static void needsChromium() {
        Browser.assumeInstalled();
    }

    @Test
    void helpsWriteAFilter() {
        try (Browser browser = Browser.open("http://localhost:" + port)) {
            browser.register("editor-eve", "eve-password-1");
            browser.signIn("editor-eve", "eve-password-1");
            browser.go("/filters/new");
            browser.type("#name", "Typed with help");
            WebElement expression = browser.find("#expression");

            expression.sendKeys("candidate.magp");
            WebElement suggestion = browser.waitFor("#suggestions .suggestion");
            assertThat(suggestion.getText()).contains("candidate.magpsf").contains("double");
            browser.screenshot("editor-suggestions");
            expression.sendKeys(Keys.ENTER);
            assertThat(expression.getAttribute("value")).isEqualTo("candidate.magpsf");

            expression.sendKeys(" < 18.0 && candidate.rbb > 0.5");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> browser.find("#live-status").getText().contains("did you mean rb"));
            assertThat(browser.find("#live-status").getText()).contains("line 1, column");
            browser.screenshot("editor-live-error");

            expression.sendKeys(Keys.BACK_SPACE.toString().repeat(7));
            expression.sendKeys(" > 0.5");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> browser.find("#live-status").getText().contains("valid"));

            browser.find("[data-name='Near M101']").click();
            assertThat(expression.getAttribute("value")).startsWith("cone(candidate.ra, candidate.dec, 210.80227");

            browser.find("#builder summary").click();
            new Select(browser.find("#builder-rows select.field")).selectByValue("candidate.rb");
            new Select(browser.find("#builder-rows select.op")).selectByValue(">=");
            browser.find("#builder-rows input.value").sendKeys("0.65");
            browser.find("#builder-add").click();
            WebElement second = browser.driver
                    .findElements(By.cssSelector("#builder-rows .builder-row"))
                    .get(1);
            new Select(second.findElement(By.cssSelector("select.field"))).selectByValue("candidate.magpsf");
            new Select(second.findElement(By.cssSelector("select.op"))).selectByValue("<");
            second.findElement(By.cssSelector("input.value")).sendKeys("18");
            browser.find("#builder-write").click();
            assertThat(expression.getAttribute("value"))
                    .isEqualTo("(candidate.rb != null && candidate.rb >= 0.65)\n  && candidate.magpsf < 18.0");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> browser.find("#live-status").getText().contains("valid"));
            browser.screenshot("editor-builder");

            browser.find("#rewind-hours").clear();
            browser.find("#rewind-hours").sendKeys("2");
            browser.find("#rewind-start").click();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> browser.find("#rewind-summary").getText().contains("done"));
            assertThat(browser.find("#rewind-summary").getText())
                    .contains("alerts scanned")
                    .contains("per hour");
            browser.screenshot("editor-rewind");

            browser.find("#save-filter").click();
            assertThat(browser.waitFor("#flash").getText()).contains("Typed with help");
            assertThat(browser.consoleErrors()).isEmpty();

            // on a phone, every page of the filters fits the width
            browser.phone();
            for (String page : java.util.List.of("/filters", "/filters/new", "/filters/public", "/account", "/sky")) {
                browser.go(page);
                browser.waitFor("main");
                assertThat(browser.pageWidth())
                        .as(
                                "%s too wide: %s",
                                page,
                                ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                                        .executeScript("return [...document.querySelectorAll('body *')]"
                                                + ".filter(e => e.getBoundingClientRect().right > 391).slice(0, 6)"
                                                + ".map(e => e.tagName + '.' + e.className + '#' + e.id + ' '"
                                                + " + Math.round(e.getBoundingClientRect().right))"))
                        .isLessThanOrEqualTo(390);
                browser.screenshot("phone" + page.replace('/', '-'));
            }
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
