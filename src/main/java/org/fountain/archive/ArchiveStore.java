package org.fountain.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private static final String COLUMNS = "filter_id, filter_name, owner, stream, alert_id, object_id, mjd, ra, decl,"
            + " magnitude, band, topic, part, \"offset\", matched_at, replay";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();

    ArchiveStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /** A match row to write. */
    record Row(LocalDate day, MatchSummary match) {}

    /** An alert's bytes to keep. */
    record Packet(
            LocalDate day,
            String stream,
            long alertId,
            String objectId,
            String topic,
            int partition,
            long offset,
            byte @Nullable [] bytes) {}

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

    /** Writes the rows; those already archived (a record delivered again) are left as they are. */
    int insertMatches(List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int n = rows.size();
        // typed arrays: the driver encodes each kind its own way (an Object[] has every element printed and escaped)
        Object[] day = new Object[n];
        Long[] filterId = new Long[n];
        String[] stream = new String[n];
        Long[] alertId = new Long[n];
        String[] owner = new String[n];
        String[] filterName = new String[n];
        String[] objectId = new String[n];
        Double[] mjd = new Double[n];
        Double[] ra = new Double[n];
        Double[] dec = new Double[n];
        Double[] magnitude = new Double[n];
        String[] band = new String[n];
        String[] topic = new String[n];
        Integer[] part = new Integer[n];
        Long[] offset = new Long[n];
        Object[] matchedAt = new Object[n];
        Boolean[] replay = new Boolean[n];
        for (int i = 0; i < n; i++) {
            MatchSummary m = rows.get(i).match();
            day[i] = java.sql.Date.valueOf(rows.get(i).day());
            filterId[i] = m.filterId();
            stream[i] = m.alert().stream();
            alertId[i] = m.alert().alertId();
            owner[i] = m.owner();
            filterName[i] = m.filterName();
            objectId[i] = m.alert().objectId();
            mjd[i] = m.alert().mjd();
            ra[i] = m.alert().ra();
            dec[i] = m.alert().dec();
            magnitude[i] = m.alert().magnitude();
            band[i] = m.alert().band();
            topic[i] = m.alert().topic();
            part[i] = m.alert().partition();
            offset[i] = m.alert().offset();
            matchedAt[i] = Timestamp.from(Instant.ofEpochMilli(m.matchedAt()));
            replay[i] = m.replay();
        }
        Integer inserted = jdbcTemplate.execute((Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement("insert into " + MATCHES + " (day, filter_id,"
                    + " stream, alert_id, owner, filter_name, object_id, mjd, ra, decl, magnitude, band, topic, part,"
                    + " \"offset\", matched_at, replay) select * from unnest(?::date[], ?::bigint[], ?::varchar[],"
                    + " ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::float8[], ?::float8[],"
                    + " ?::float8[], ?::varchar[], ?::varchar[], ?::int[], ?::bigint[], ?::timestamptz[],"
                    + " ?::boolean[]) on conflict do nothing")) {
                int p = 1;
                statement.setArray(p++, c.createArrayOf("date", day));
                statement.setArray(p++, c.createArrayOf("int8", filterId));
                statement.setArray(p++, c.createArrayOf("varchar", stream));
                statement.setArray(p++, c.createArrayOf("int8", alertId));
                statement.setArray(p++, c.createArrayOf("varchar", owner));
                statement.setArray(p++, c.createArrayOf("varchar", filterName));
                statement.setArray(p++, c.createArrayOf("varchar", objectId));
                statement.setArray(p++, c.createArrayOf("float8", mjd));
                statement.setArray(p++, c.createArrayOf("float8", ra));
                statement.setArray(p++, c.createArrayOf("float8", dec));
                statement.setArray(p++, c.createArrayOf("float8", magnitude));
                statement.setArray(p++, c.createArrayOf("varchar", band));
                statement.setArray(p++, c.createArrayOf("varchar", topic));
                statement.setArray(p++, c.createArrayOf("int4", part));
                statement.setArray(p++, c.createArrayOf("int8", offset));
                statement.setArray(p++, c.createArrayOf("timestamptz", matchedAt));
                statement.setArray(p, c.createArrayOf("bool", replay));
                return statement.executeUpdate();
            }
        });
        return inserted == null ? 0 : inserted;
    }

    /** Keeps the alerts' bytes; those already kept are left as they are. */
    void insertPackets(List<Packet> packets) {
        if (packets.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate(
                "insert into " + ALERTS + " (day, stream, alert_id, object_id, topic, part, \"offset\", packet)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                packets,
                500,
                (PreparedStatement s, Packet p) -> {
                    s.setObject(1, p.day());
                    s.setString(2, p.stream());
                    s.setLong(3, p.alertId());
                    s.setString(4, p.objectId());
                    s.setString(5, p.topic());
                    s.setInt(6, p.partition());
                    s.setLong(7, p.offset());
                    s.setBytes(8, p.bytes());
                });
    }

    /** What a history query asks for. */
    record Query(
            List<Long> filterIds,
            String viewer,
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
        if (query.filterIds().isEmpty()) {
            return List.of();
        }
        // per filter, the newest (or oldest) few from its own index, then merged: fast however long the history
        StringBuilder inner = new StringBuilder("select " + COLUMNS + " from " + MATCHES
                + " where filter_id = f.id and (owner = :viewer or not replay)");
        List<Object[]> params = new ArrayList<>();
        if (query.band() != null) {
            inner.append(" and band = :band");
            params.add(new Object[] {"band", query.band()});
        }
        if (query.brighterThan() != null) {
            inner.append(" and magnitude < :brighter");
            params.add(new Object[] {"brighter", query.brighterThan()});
        }
        if (query.fainterThan() != null) {
            inner.append(" and magnitude > :fainter");
            params.add(new Object[] {"fainter", query.fainterThan()});
        }
        if (query.objectId() != null) {
            inner.append(" and object_id = :object");
            params.add(new Object[] {"object", query.objectId()});
        }
        HistoryCursor cursor = query.after() != null ? query.after() : query.before();
        if (cursor != null) {
            inner.append(
                    query.after() != null
                            ? " and (matched_at, alert_id, filter_id) > (:at, :alert, :filter)"
                            : " and (matched_at, alert_id, filter_id) < (:at, :alert, :filter)");
            params.add(new Object[] {"at", Timestamp.from(Instant.ofEpochMilli(cursor.matchedAt()))});
            params.add(new Object[] {"alert", cursor.alertId()});
            params.add(new Object[] {"filter", cursor.filterId()});
        }
        String d = query.after() != null ? " asc" : " desc";
        inner.append(" order by matched_at" + d + ", alert_id" + d + " limit :limit");
        String sql = "select m.* from unnest(:ids) as f(id) cross join lateral (" + inner + ") m order by m.matched_at"
                + d + ", m.alert_id" + d + ", m.filter_id" + d + " limit :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql)
                .param("ids", query.filterIds().toArray(Long[]::new))
                .param("viewer", query.viewer())
                .param("limit", query.limit());
        for (Object[] p : params) {
            spec = spec.param((String) p[0], p[1]);
        }
        return spec.query(ArchiveStore::archived).list();
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
    java.util.Optional<Kept> alert(String stream, long alertId) {
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

    /** The matches of one alert by any of the given filters, oldest first. */
    List<ArchivedMatch> matchesOf(String stream, long alertId, List<Long> filterIds, String viewer) {
        if (filterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from " + MATCHES + " where stream = :stream"
                        + " and alert_id = :id and filter_id = any(:ids) and (owner = :viewer or not replay)"
                        + " order by matched_at, filter_id")
                .param("stream", stream)
                .param("id", alertId)
                .param("ids", filterIds.toArray(Long[]::new))
                .param("viewer", viewer)
                .query(ArchiveStore::archived)
                .list();
    }

    private static ArchivedMatch archived(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long matchedAt = rs.getTimestamp("matched_at").getTime();
        double magnitude = rs.getDouble("magnitude");
        Double mag = rs.wasNull() ? null : magnitude;
        return new ArchivedMatch(
                new MatchSummary(
                        rs.getLong("filter_id"),
                        rs.getString("filter_name"),
                        rs.getString("owner"),
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
                new HistoryCursor(matchedAt, rs.getLong("alert_id"), rs.getLong("filter_id")).encode());
    }

    /** The newest matches of an object's alerts by any of the given filters, newest first. */
    List<ArchivedMatch> matchesOfObject(
            String stream, String objectId, List<Long> filterIds, String viewer, int limit) {
        if (filterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select m.* from unnest(:ids) as f(id) cross join lateral (select " + COLUMNS + " from "
                        + MATCHES + " where filter_id = f.id and stream = :stream and object_id = :object and"
                        + " (owner = :viewer or not replay) order by matched_at desc limit :limit) m"
                        + " order by m.matched_at desc, m.alert_id desc, m.filter_id desc limit :limit")
                .param("ids", filterIds.toArray(Long[]::new))
                .param("stream", stream)
                .param("object", objectId)
                .param("viewer", viewer)
                .param("limit", limit)
                .query(ArchiveStore::archived)
                .list();
    }
}
