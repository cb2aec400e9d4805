package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.filters.ExampleFilters;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.filters.language.FilterProgram;
import org.fountain.simulator.MockAlerts;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.Testbed;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Every new user follows the public examples, so a newcomer's dashboard is full only while they run: on the embedded
 * run's own mock stream (its default sky, mix and seed), over one runaway window of alerts, each example must match
 * clearly less than the default share at which the runaway rule pauses a filter, and match at least once.
 */
class ExampleFiltersStayLiveTest {

    @Test
    void noExampleMatchesEnoughOfTheMockStreamToBePaused() throws Exception {
        MatchingProperties defaults = new Binder(List.of()).bindOrCreate("fountain.matching", MatchingProperties.class);
        int window = (int) defaults.window();
        AlertDecoder decoder = TestbedAlerts.decoder();
        Supplier<MockMessage> messages = Testbed.messages(TestbedAlerts.JD, "--surveys", "ztf", "--no-cutouts");
        FilterLanguage language = new FilterLanguage(MockAlerts.schema());
        List<FilterDraft> examples = ExampleFilters.EXAMPLES;
        List<FilterProgram> programs =
                examples.stream().map(e -> language.compile(e.expression())).toList();
        int[] matched = new int[programs.size()];
        int alerts = 0;
        for (long offset = 0; alerts < window; offset++) {
            MockMessage message = messages.get();
            for (Alert alert : decoder.decode(new SourceCoordinates(message.topic(), 0, offset), message.value())) {
                Map<String, Object> values = AlertValues.of(alert.record());
                for (int f = 0; f < programs.size(); f++) {
                    if (programs.get(f).matches(values)) {
                        matched[f]++;
                    }
                }
                alerts++;
            }
        }
        for (int f = 0; f < programs.size(); f++) {
            double share = (double) matched[f] / alerts;
            assertThat(share)
                    .as(
                            "share of %,d mock alerts matched by the example '%s'",
                            alerts, examples.get(f).name())
                    .isLessThan(defaults.maxMatchShare() - 0.05)
                    .isGreaterThan(0.0);
        }
    }
}
