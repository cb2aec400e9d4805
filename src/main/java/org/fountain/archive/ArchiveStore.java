package org.fountain.archive;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.Filter;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The archive's tables: day partitions created ahead and dropped whole, rows written a batch per statement (arrays
 * unnested by PostgreSQL) and ignored when already there, and the history read newest first by cursor.
 */
@Repository
class ArchiveStore {

    static final String MATCHES = "archived_matches";
    static final String ALERTS = "archived_alerts";
    /** A match's columns, of {@code m} (the match) joined to {@code a} (its alert). */
    private static final String COLUMNS = "m.filter_id, m.stream, m.alert_id, a.object_id, a.mjd, a.ra, a.decl,"
            + " a.magnitude, a.band, a.topic, a.part, a.\"offset\", m.matched_at, m.replay";

    private static final String JOINED =
            MATCHES + " m join " + ALERTS + " a on a.day = m.day and a.stream = m.stream and a.alert_id = m.alert_id";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();

    ArchiveStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /** The matches of one alert to write: the filters' ids, and when and how they were made. */
    record Row(LocalDate day, String stream, long alertId, long[] filterIds, long matchedAt, boolean replay) {}

    /** An alert matched: its summary, and its bytes when kept. */
    record Packet(LocalDate day, AlertSummary alert, byte @Nullable [] bytes) {}

    /**
     * The filters whose matches a viewer sees, by id, with their names and owners as they are now; their replays are
     * shown to their owners only.
     */
    record Visible(String viewer, Map<Long, Filter> filters) {

        Long[] ids() {
            return filters.keySet().toArray(Long[]::new);
        }

        Long[] owned() {
            return filters.values().stream()
                    .filter(f -> f.owner().equals(viewer))
                    .map(Filter::id)
                    .toArray(Long[]::new);
        }
    }

    static LocalDate dayOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Creates the partitions of the given days where they are missing (another instance may create them too). */
    void ensurePartitions(Collection<LocalDate> days) {
        for (LocalDate day : days) {
            if (partitions.contains(day)) {
                continue;
            }
            for (String table : List.of(MATCHES, ALERTS)) {
                String sql = "create table if not exists " + table + "_" + SUFFIX.format(day) + " partition of " + table
                        + " for values from ('" + day + "') to ('" + day.plusDays(1) + "')";
                try {
                    jdbcTemplate.execute(sql);
                } catch (DataAccessException e) {
                    // created meanwhile by another instance: fine if it is there now
                    if (!exists(table + "_" + SUFFIX.format(day))) {
                        throw e;
                    }
                }
            }
            partitions.add(day);
        }
    }

    private boolean exists(String table) {
        return jdbc.sql("select to_regclass(:name) is not null")
                .param("name", table)
                .query(Boolean.class)
                .single();
    }

    /**
     * Writes the matches, a row per filter and alert (the filters' ids of each alert unnested by PostgreSQL); those
     * already archived (a record delivered again) are left as they are.
     */
    int insertMatches(List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int n = rows.size();
        // typed arrays: the driver encodes each kind its own way (an Object[] has every element printed and escaped);
        // each alert's filters as the text of an array, cast and unnested in the statement
        Object[] day = new Object[n];
        String[] stream = new String[n];
        Long[] alertId = new Long[n];
        String[] filterIds = new String[n];
        Object[] matchedAt = new Object[n];
        Boolean[] replay = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            day[i] = Date.valueOf(row.day());
            stream[i] = row.stream();
            alertId[i] = row.alertId();
            StringBuilder ids = new StringBuilder(2 + row.filterIds().length * 8).append('{');
            for (int f = 0; f < row.filterIds().length; f++) {
                ids.append(f == 0 ? "" : ",").append(row.filterIds()[f]);
            }
            filterIds[i] = ids.append('}').toString();
            matchedAt[i] = Timestamp.from(Instant.ofEpochMilli(row.matchedAt()));
            replay[i] = row.replay();
        }
        Integer inserted = jdbcTemplate.execute((Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement("insert into " + MATCHES + " (day, filter_id, stream,"
                    + " alert_id, matched_at, replay) select r.day, f.id, r.stream, r.alert_id, r.matched_at, r.replay"
                    + " from unnest(?::date[], ?::varchar[], ?::bigint[], ?::text[], ?::timestamptz[], ?::boolean[])"
                    + " as r(day, stream, alert_id, ids, matched_at, replay) cross join lateral"
                    + " unnest(r.ids::bigint[]) as f(id) on conflict do nothing")) {
                statement.setArray(1, c.createArrayOf("date", day));
                statement.setArray(2, c.createArrayOf("varchar", stream));
                statement.setArray(3, c.createArrayOf("int8", alertId));
                statement.setArray(4, c.createArrayOf("text", filterIds));
                statement.setArray(5, c.createArrayOf("timestamptz", matchedAt));
                statement.setArray(6, c.createArrayOf("bool", replay));
                return statement.executeUpdate();
            }
        });
        return inserted == null ? 0 : inserted;
    }

    /** Keeps the alerts' summaries and bytes; those already kept are left as they are. */
    void insertPackets(List<Packet> packets) {
        if (packets.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate(
                "insert into " + ALERTS
                        + " (day, stream, alert_id, object_id, topic, part, \"offset\", packet, mjd, ra,"
                        + " decl, magnitude, band) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do"
                        + " nothing",
                packets,
                500,
                (PreparedStatement s, Packet p) -> {
                    AlertSummary a = p.alert();
                    s.setObject(1, p.day());
                    s.setString(2, a.stream());
                    s.setLong(3, a.alertId());
                    s.setString(4, a.objectId());
                    s.setString(5, a.topic());
                    s.setInt(6, a.partition());
                    s.setLong(7, a.offset());
                    s.setBytes(8, p.bytes());
                    s.setDouble(9, a.mjd());
                    s.setDouble(10, a.ra());
                    s.setDouble(11, a.dec());
                    s.setObject(12, a.magnitude(), Types.DOUBLE);
                    s.setString(13, a.band());
                });
    }

    /** What a history query asks for. */
    record Query(
            Visible visible,
            @Nullable HistoryCursor before,
            @Nullable HistoryCursor after,
            @Nullable String band,
            @Nullable Double brighterThan,
            @Nullable Double fainterThan,
            @Nullable String objectId,
            int limit) {}

    /**
     * Matches of the given filters, newest first before a cursor (or from the newest), or oldest first after one.
     * Replays are shown to their filter's owner only.
     */
    List<ArchivedMatch> history(Query query) {
        if (query.visible().filters().isEmpty()) {
            return List.of();
        }
        // per filter, the newest (or oldest) few from its own index, then merged: fast however long the history
        StringBuilder inner = new StringBuilder("select " + COLUMNS + " from " + JOINED
                + " where m.filter_id = f.id and (not m.replay or m.filter_id = any(:owned))");
        List<Object[]> params = new ArrayList<>();
        if (query.band() != null) {
            inner.append(" and a.band = :band");
            params.add(new Object[] {"band", query.band()});
        }
        if (query.brighterThan() != null) {
            inner.append(" and a.magnitude < :brighter");
            params.add(new Object[] {"brighter", query.brighterThan()});
        }
        if (query.fainterThan() != null) {
            inner.append(" and a.magnitude > :fainter");
            params.add(new Object[] {"fainter", query.fainterThan()});
        }
        if (query.objectId() != null) {
            inner.append(" and a.object_id = :object");
            params.add(new Object[] {"object", query.objectId()});
        }
        HistoryCursor cursor = query.after() != null ? query.after() : query.before();
        if (cursor != null) {
            inner.append(
                    query.after() != null
                            ? " and (m.matched_at, m.alert_id, m.filter_id) > (:at, :alert, :filter)"
                            : " and (m.matched_at, m.alert_id, m.filter_id) < (:at, :alert, :filter)");
            params.add(new Object[] {"at", Timestamp.from(Instant.ofEpochMilli(cursor.matchedAt()))});
            params.add(new Object[] {"alert", cursor.alertId()});
            params.add(new Object[] {"filter", cursor.filterId()});
        }
        String d = query.after() != null ? " asc" : " desc";
        inner.append(" order by m.matched_at" + d + ", m.alert_id" + d + " limit :limit");
        String sql = "select m.* from unnest(:ids) as f(id) cross join lateral (" + inner + ") m order by m.matched_at"
                + d + ", m.alert_id" + d + ", m.filter_id" + d + " limit :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql)
                .param("ids", query.visible().ids())
                .param("owned", query.visible().owned())
                .param("limit", query.limit());
        for (Object[] p : params) {
            spec = spec.param((String) p[0], p[1]);
        }
        return spec.query(archived(query.visible())).list();
    }

    /** A day partition of both tables, and its size on disk. */
    record Day(LocalDate day, long bytes) {}

    /** Every day partition, oldest first, with the size of its two tables together. */
    List<Day> days() {
        return jdbc.sql("select substring(c.relname from '[0-9]{8}$') as day, sum(pg_total_relation_size(c.oid)) as"
                        + " bytes from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid ="
                        + " i.inhparent where p.relname in ('" + MATCHES + "', '" + ALERTS + "') group by 1 order by 1")
                .query((rs, row) -> new Day(LocalDate.parse(rs.getString("day"), SUFFIX), rs.getLong("bytes")))
                .list();
    }

    /** Drops a day of both tables. */
    void drop(LocalDate day) {
        for (String table : List.of(MATCHES, ALERTS)) {
            jdbcTemplate.execute("drop table if exists " + table + "_" + SUFFIX.format(day));
        }
        partitions.remove(day);
    }

    /** An archived alert: where it was published, and its bytes if kept. */
    record Kept(String topic, int partition, long offset, byte @Nullable [] packet) {}

    /** The archived alert, if any. */
    Optional<Kept> alert(String stream, long alertId) {
        return jdbc.sql("select topic, part, \"offset\", packet from " + ALERTS + " where stream = :stream and"
                        + " alert_id = :id order by packet is null limit 1")
                .param("stream", stream)
                .param("id", alertId)
                .query((rs, row) -> new Kept(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4)))
                .optional();
    }

    /** The bytes of an archived alert, if kept. */
    byte @Nullable [] packet(String stream, long alertId) {
        return alert(stream, alertId).map(Kept::packet).orElse(null);
    }

    /** The matches of one alert by any of the filters the viewer sees, oldest first. */
    List<ArchivedMatch> matchesOf(String stream, long alertId, Visible visible) {
        if (visible.filters().isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from " + JOINED + " where m.stream = :stream and m.alert_id = :id and"
                        + " m.filter_id = any(:ids) and (not m.replay or m.filter_id = any(:owned))"
                        + " order by m.matched_at, m.filter_id")
                .param("stream", stream)
                .param("id", alertId)
                .param("ids", visible.ids())
                .param("owned", visible.owned())
                .query(archived(visible))
                .list();
    }

    /** Reads a match, naming its filter as the viewer sees it now. */
    private static RowMapper<ArchivedMatch> archived(Visible visible) {
        return (rs, row) -> {
            long matchedAt = rs.getTimestamp("matched_at").getTime();
            double magnitude = rs.getDouble("magnitude");
            Double mag = rs.wasNull() ? null : magnitude;
            long filterId = rs.getLong("filter_id");
            Filter filter = visible.filters().get(filterId);
            return new ArchivedMatch(
                    new MatchSummary(
                            filterId,
                            filter == null ? "" : filter.name(),
                            filter == null ? "" : filter.owner(),
                            new AlertSummary(
                                    rs.getString("stream"),
                                    rs.getLong("alert_id"),
                                    rs.getString("object_id"),
                                    rs.getDouble("mjd"),
                                    rs.getDouble("ra"),
                                    rs.getDouble("decl"),
                                    mag,
                                    rs.getString("band"),
                                    rs.getString("topic"),
                                    rs.getInt("part"),
                                    rs.getLong("offset")),
                            matchedAt,
                            rs.getBoolean("replay")),
                    new HistoryCursor(matchedAt, rs.getLong("alert_id"), filterId).encode());
        };
    }

    /**
     * The newest matches of an object's alerts by any of the filters the viewer sees, newest first: from the object's
     * alerts (by their index) to their matches, however long the filters' histories.
     */
    List<ArchivedMatch> matchesOfObject(String stream, String objectId, Visible visible, int limit) {
        if (visible.filters().isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from " + JOINED + " where a.stream = :stream and a.object_id = :object"
                        + " and m.filter_id = any(:ids) and (not m.replay or m.filter_id = any(:owned))"
                        + " order by m.matched_at desc, m.alert_id desc, m.filter_id desc limit :limit")
                .param("stream", stream)
                .param("object", objectId)
                .param("ids", visible.ids())
                .param("owned", visible.owned())
                .param("limit", limit)
                .query(archived(visible))
                .list();
    }
}
