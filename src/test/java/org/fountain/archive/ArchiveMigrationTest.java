package org.fountain.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The migration to narrow match rows keeps an archive written before it: every match stays, every alert keeps its
 * summary and its bytes, and an alert archived without bytes gets a row of its own.
 */
class ArchiveMigrationTest {

    @Test
    void anArchiveWrittenWithFullMatchRowsKeepsEveryMatchAndEveryAlertsSummary() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource data = postgres.getPostgresDatabase();
            JdbcTemplate jdbc = new JdbcTemplate(data);
            flyway(data, "14").migrate();
            for (String table : List.of("archived_matches", "archived_alerts")) {
                jdbc.execute("create table " + table + "_20260101 partition of " + table
                        + " for values from ('2026-01-01') to ('2026-01-02')");
            }
            // alert 1 matched by two filters, its bytes kept; alert 2 by one, its bytes never read back
            String match = "insert into archived_matches (day, filter_id, stream, alert_id, owner, filter_name,"
                    + " object_id, mjd, ra, decl, magnitude, band, topic, part, \"offset\", matched_at, replay) values"
                    + " ('2026-01-01', ?, 'ztf', ?, 'mia', 'a name', ?, ?, 10.5, -20.25, ?, ?, 'ztf_x', 1, ?,"
                    + " '2026-01-01T12:00:00Z', false)";
            jdbc.update(match, 7, 1, "ZTF26one", 61000.5, 18.5, "g", 42);
            jdbc.update(match, 8, 1, "ZTF26one", 61000.5, 18.5, "g", 42);
            jdbc.update(match, 7, 2, "ZTF26two", 61000.75, null, null, 43);
            jdbc.update(
                    "insert into archived_alerts (day, stream, alert_id, object_id, topic, part, \"offset\", packet)"
                            + " values ('2026-01-01', 'ztf', 1, 'ZTF26one', 'ztf_x', 1, 42, ?)",
                    (Object) new byte[] {1, 2, 3});

            flyway(data, "latest").migrate();

            assertThat(jdbc.queryForList(
                            "select filter_id, alert_id from archived_matches order by alert_id, filter_id"))
                    .containsExactly(
                            Map.of("filter_id", 7L, "alert_id", 1L),
                            Map.of("filter_id", 8L, "alert_id", 1L),
                            Map.of("filter_id", 7L, "alert_id", 2L));
            List<Map<String, Object>> alerts = jdbc.queryForList("select alert_id, object_id, mjd, ra, decl, magnitude,"
                    + " band, \"offset\", packet from archived_alerts order by alert_id");
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(0))
                    .containsEntry("object_id", "ZTF26one")
                    .containsEntry("mjd", 61000.5)
                    .containsEntry("ra", 10.5)
                    .containsEntry("decl", -20.25)
                    .containsEntry("magnitude", 18.5)
                    .containsEntry("band", "g")
                    .containsEntry("offset", 42L);
            assertThat((byte[]) alerts.get(0).get("packet")).containsExactly(1, 2, 3);
            assertThat(alerts.get(1))
                    .containsEntry("object_id", "ZTF26two")
                    .containsEntry("mjd", 61000.75)
                    .containsEntry("magnitude", null)
                    .containsEntry("offset", 43L)
                    .containsEntry("packet", null);
        }
    }

    private static Flyway flyway(DataSource data, String target) {
        return Flyway.configure()
                .dataSource(data)
                .locations("classpath:db/migrations")
                .target(target)
                .load();
    }
}
