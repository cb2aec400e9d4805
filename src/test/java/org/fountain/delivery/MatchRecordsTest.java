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

    @Test
    void readsWhatJacksonReadsFieldsInAnyOrderUnknownOnesSkipped() {
        List<AlertMatches.Filter> filters = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            filters.add(new AlertMatches.Filter(i * 1_000_003L, "f \"" + i + "\" ✓", "o" + i));
        }
        for (AlertMatches matches : List.of(
                new AlertMatches(alert(18.5, "g"), 1_700_000_000_123L, filters, false),
                new AlertMatches(alert(null, null), 5L, List.of(), true))) {
            assertThat(records.read(records.encode(matches))).isEqualTo(matches);
            assertThat(records.read(json.writeValueAsBytes(matches))).isEqualTo(matches);
        }
        String shuffled = "{\"filters\":[{\"owner\":\"ann\",\"extra\":[1,{\"x\":2}],\"id\":7,\"name\":\"n\"},null],"
                + "\"replay\":true,\"offset\":9,\"alertId\":12,\"unknown\":{\"a\":[1,2]},\"stream\":\"lsst\","
                + "\"ra\":1,\"dec\":-2.5,\"mjd\":60000,\"magnitude\":null,\"objectId\":\"o\",\"topic\":\"t\","
                + "\"partition\":2,\"matchedAt\":3}";
        byte[] bytes = shuffled.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(records.read(bytes)).isEqualTo(json.readValue(bytes, AlertMatches.class));
        // strings may be missing (null, as Jackson binds them); numbers may not
        String noStrings = "{\"alertId\":1,\"mjd\":2,\"ra\":3,\"dec\":4,\"partition\":5,\"offset\":6,"
                + "\"matchedAt\":7,\"replay\":false,\"filters\":[{\"id\":8}]}";
        byte[] sparse = noStrings.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(records.read(sparse)).isEqualTo(json.readValue(sparse, AlertMatches.class));
        for (String missing : List.of("\"alertId\":1,", "\"offset\":6,", "\"replay\":false,", "{\"id\":8}")) {
            byte[] lacking = noStrings
                    .replace(missing, missing.startsWith("{") ? "{}" : "")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.readValue(lacking, AlertMatches.class))
                    .as("Jackson without " + missing)
                    .isInstanceOf(RuntimeException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> records.read(lacking))
                    .as("without " + missing)
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void refusesWhatIsNotAMatchRecord() {
        for (String bad : List.of(
                "",
                "[]",
                "42",
                "{\"filters\":{}}",
                "{\"filters\":[1]}",
                "{\"stream\":[\"x\"]}",
                "{\"ra\":\"east\"}",
                "{\"matchedAt\":1}{}",
                "{\"matchedAt\":1",
                "NOT JSON")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> records.read(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
