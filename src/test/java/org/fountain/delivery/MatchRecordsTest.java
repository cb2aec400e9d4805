package org.fountain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fountain.alerts.AlertSummary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A match record written with each filter's part copied reads back as Jackson's own, field for field. */
class MatchRecordsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final MatchRecords records = new MatchRecords(json);

    private static AlertSummary alert(Double magnitude, String band) {
        return new AlertSummary(
                "ztf", 2475433850015015000L, "ZTF23ab\"c\\d", 60229.4, 10.5, -20.25, magnitude, band, "ztf_x", 1, 42);
    }

    @Test
    void isTheJsonJacksonWritesAndReadsBackEqual() {
        List<AlertMatches.Filter> filters = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            filters.add(new AlertMatches.Filter(i, "filter \"" + i + "\" ✓\n", "owner-" + (i % 7)));
        }
        for (AlertMatches matches : List.of(
                new AlertMatches(alert(18.5, "g"), 1_700_000_000_123L, filters, false),
                new AlertMatches(alert(null, null), 5L, List.of(), true),
                new AlertMatches(alert(17.0, "r"), 6L, filters.subList(0, 1), false))) {
            byte[] written = records.encode(matches);
            assertThat(json.readTree(written)).isEqualTo(json.readTree(json.writeValueAsBytes(matches)));
            assertThat(json.readValue(written, AlertMatches.class)).isEqualTo(matches);
        }
    }

    @Test
    void aRenamedFilterIsWrittenWithItsNewName() {
        AlertMatches before =
                new AlertMatches(alert(18.0, "g"), 1L, List.of(new AlertMatches.Filter(9, "old", "ann")), false);
        AlertMatches after =
                new AlertMatches(alert(18.0, "g"), 2L, List.of(new AlertMatches.Filter(9, "new", "ann")), false);
        records.encode(before);
        assertThat(json.readValue(records.encode(after), AlertMatches.class)
                        .filters()
                        .get(0)
                        .name())
                .isEqualTo("new");
    }
}
