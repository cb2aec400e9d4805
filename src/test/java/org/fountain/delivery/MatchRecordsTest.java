package org.fountain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fountain.alerts.AlertSummary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A match record, written and read by hand, is Jackson's own JSON of an {@link AlertMatches}, field for field. */
class MatchRecordsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final MatchRecords records = new MatchRecords(json);

    private static AlertSummary alert(Double magnitude, String band) {
        return new AlertSummary(
                "ztf", 2475433850015015000L, "ZTF23ab\"c\\d", 60229.4, 10.5, -20.25, magnitude, band, "ztf_x", 1, 42);
    }

    private static long[] ids(int n, long step) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i * step;
        }
        return ids;
    }

    @Test
    void isTheJsonJacksonWritesAndReadsBackEqual() {
        long[] filters = ids(300, 1);
        filters[299] = Long.MAX_VALUE; // beyond 2^53: exact
        for (AlertMatches matches : List.of(
                new AlertMatches(alert(18.5, "g"), 1_700_000_000_123L, filters, false),
                new AlertMatches(alert(null, null), 5L, new long[0], true),
                new AlertMatches(alert(17.0, "r"), 6L, new long[] {-3}, false))) {
            byte[] written = records.encode(matches);
            assertThat(json.readTree(written)).isEqualTo(json.readTree(json.writeValueAsBytes(matches)));
            assertThat(json.readValue(written, AlertMatches.class)).isEqualTo(matches);
            assertThat(records.read(written)).isEqualTo(matches);
        }
    }

    @Test
    void aRecordOfThousandsOfFiltersIsSplitIntoPartsOfAtMostTheLimitInOrder() {
        long[] filters = ids(AlertMatches.MAX_FILTERS_PER_RECORD * 2 + 7, 3);
        List<AlertMatches> parts = new AlertMatches(alert(18.0, "g"), 9L, filters, false).parts();
        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.filters()).hasSizeLessThanOrEqualTo(AlertMatches.MAX_FILTERS_PER_RECORD);
            assertThat(records.encode(part).length).isLessThan(1 << 20); // what a topic accepts by default
        });
        assertThat(parts.stream()
                        .flatMapToLong(p -> java.util.Arrays.stream(p.filters()))
                        .toArray())
                .containsExactly(filters);
    }

    @Test
    void readsWhatJacksonReadsFieldsInAnyOrderUnknownOnesSkipped() {
        for (AlertMatches matches : List.of(
                new AlertMatches(alert(18.5, "g"), 1_700_000_000_123L, ids(50, 1_000_003L), false),
                new AlertMatches(alert(null, null), 5L, new long[0], true))) {
            assertThat(records.read(records.encode(matches))).isEqualTo(matches);
            assertThat(records.read(json.writeValueAsBytes(matches))).isEqualTo(matches);
        }
        String shuffled = "{\"filters\":[7,null,8],"
                + "\"replay\":true,\"offset\":9,\"alertId\":12,\"unknown\":{\"a\":[1,2]},\"stream\":\"lsst\","
                + "\"ra\":1,\"dec\":-2.5,\"mjd\":60000,\"magnitude\":null,\"objectId\":\"o\",\"topic\":\"t\","
                + "\"partition\":2,\"matchedAt\":3}";
        byte[] bytes = shuffled.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(records.read(bytes).filters()).containsExactly(7, 8);
        assertThat(records.read(bytes))
                .isEqualTo(json.readValue(shuffled.replace("[7,null,8]", "[7,8]"), AlertMatches.class));
        // strings may be missing (null, as Jackson binds them); numbers may not
        String noStrings = "{\"alertId\":1,\"mjd\":2,\"ra\":3,\"dec\":4,\"partition\":5,\"offset\":6,"
                + "\"matchedAt\":7,\"replay\":false,\"filters\":[8]}";
        byte[] sparse = noStrings.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(records.read(sparse)).isEqualTo(json.readValue(sparse, AlertMatches.class));
        for (String missing : List.of("\"alertId\":1,", "\"offset\":6,", "\"replay\":false,")) {
            byte[] lacking = noStrings.replace(missing, "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.readValue(lacking, AlertMatches.class))
                    .as("Jackson without " + missing)
                    .isInstanceOf(RuntimeException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> records.read(lacking))
                    .as("without " + missing)
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void readsTheFiltersOfRecordsWrittenWithTheirNamesAndOwnersByTheirIds() {
        String old = "{\"stream\":\"ztf\",\"alertId\":1,\"objectId\":\"o\",\"mjd\":2,\"ra\":3,\"dec\":4,"
                + "\"magnitude\":null,\"band\":null,\"topic\":\"t\",\"partition\":5,\"offset\":6,\"matchedAt\":7,"
                + "\"filters\":[{\"id\":8,\"name\":\"n\",\"owner\":\"ann\"},{\"owner\":\"bo\",\"id\":9}],"
                + "\"replay\":false}";
        assertThat(records.read(old.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .filters())
                .containsExactly(8, 9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        records.read(old.replace("\"id\":8,", "").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessageContaining("needs its id");
    }

    @Test
    void refusesARecordNamingMoreFiltersThanAnyWriterWrites() {
        AlertMatches most = new AlertMatches(alert(18.0, "g"), 3L, ids(AlertMatches.MAX_FILTERS_PER_RECORD, 1), false);
        assertThat(records.read(records.encode(most))).isEqualTo(most);
        AlertMatches more =
                new AlertMatches(alert(18.0, "g"), 3L, ids(AlertMatches.MAX_FILTERS_PER_RECORD + 1, 1), false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> records.read(records.encode(more)))
                .hasMessageContaining("at most");
    }

    @Test
    void refusesWhatIsNotAMatchRecord() {
        for (String bad : List.of(
                "",
                "[]",
                "42",
                "{\"filters\":{}}",
                "{\"filters\":[1]}",
                "{\"filters\":[\"one\"]}",
                "{\"filters\":[1.5]}",
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
