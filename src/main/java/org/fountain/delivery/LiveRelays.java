package org.fountain.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every instance's live relay as it last reported on itself (each writes its row every {@link #REPORT_EVERY}), for
 * the operator pages of any instance. Rows of instances silent for a day are dropped by the others' reports.
 */
@Component
public class LiveRelays {

    /** How often each instance reports. */
    public static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final JdbcClient jdbc;

    LiveRelays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every relay that reported within the last day, the newest reports first. */
    public List<LiveRelay> all() {
        return jdbc.sql("""
                        select group_id, host, started_at, reported_at, max_lag_ms, sessions, lag_ms, delay_mean_ms,
                               delay_max_ms, listed, skipped, missed
                          from live_relays
                         order by reported_at desc, group_id""")
                .query((rs, n) -> new LiveRelay(
                        rs.getString("group_id"),
                        rs.getString("host"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("reported_at").toInstant(),
                        Duration.ofMillis(rs.getLong("max_lag_ms")),
                        rs.getInt("sessions"),
                        rs.getLong("lag_ms") / 1000.0,
                        rs.getDouble("delay_mean_ms"),
                        rs.getDouble("delay_max_ms"),
                        rs.getLong("listed"),
                        rs.getLong("skipped"),
                        rs.getLong("missed")))
                .list();
    }
}
