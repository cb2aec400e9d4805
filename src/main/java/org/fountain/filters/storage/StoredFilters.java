package org.fountain.filters.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.FilterVersion;
import org.fountain.filters.FiltersProperties;
import org.fountain.filters.PublicFilter;
import org.fountain.filters.Visibility;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Filters in PostgreSQL. */
@Repository
public class StoredFilters {

    private static final String COLUMNS =
            "id, owner, name, description, expression, stream, visibility, active, kafka_output, paused_reason, created_at, updated_at";

    private final JdbcClient jdbc;

    private final FiltersProperties properties;

    StoredFilters(JdbcClient jdbc, FiltersProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public List<Filter> ownedBy(String owner) {
        return jdbc.sql("select " + COLUMNS + " from filters where owner = :owner order by name, id")
                .param("owner", owner)
                .query(StoredFilters::toFilter)
                .list();
    }

    /** When each active filter was last changed, by id: enough to tell which of them a reader must load again. */
    public Map<Long, Instant> activeVersions() {
        Map<Long, Instant> versions = new HashMap<>();
        jdbc.sql("select id, updated_at from filters where active").query(rs -> {
            versions.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
        });
        return versions;
    }

    /** Every filter changed after the given time, active or not. */
    public List<Filter> changedSince(Instant since) {
        return jdbc.sql("select " + COLUMNS + " from filters where updated_at > :since order by id")
                .param("since", Timestamp.from(since))
                .query(StoredFilters::toFilter)
                .list();
    }

    public long activeCount() {
        return jdbc.sql("select count(*) from filters where active")
                .query(Long.class)
                .single();
    }

    /** The active filters among the ids given. */
    public List<Filter> activeAmong(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from filters where active and id = any(:ids) order by id")
                .param("ids", ids.toArray(Long[]::new))
                .query(StoredFilters::toFilter)
                .list();
    }

    public Optional<Filter> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from filters where id = :id")
                .param("id", id)
                .query(StoredFilters::toFilter)
                .optional();
    }

    /**
     * A value that changes whenever any filter is created, changed or deleted: lets an instance notice changes made
     * through another instance.
     */
    public String changeMark() {
        return jdbc.sql("select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(extract(epoch from"
                        + " max(updated_at)), 0) || ':' || (select count(*) || ':' || coalesce(extract(epoch from"
                        + " max(created_at)), 0) from filter_follows) from filters")
                .query(String.class)
                .single();
    }

    public long countAll() {
        return jdbc.sql("select count(*) from filters").query(Long.class).single();
    }

    /** The user's filters that write to a Kafka topic of their own, but for the one given (0 for none). */
    public long countOutputsOwnedBy(String owner, long except) {
        return jdbc.sql("select count(*) from filters where owner = :owner and kafka_output and id <> :except")
                .param("owner", owner)
                .param("except", except)
                .query(Long.class)
                .single();
    }

    public long countOwnedBy(String owner) {
        return jdbc.sql("select count(*) from filters where owner = :owner")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    @Transactional
    public Filter insert(String owner, FilterDraft draft) {
        Filter filter = jdbc.sql(
                        "insert into filters (owner, name, description, expression, stream, visibility, active,"
                                + " kafka_output) values (:owner, :name, :description, :expression, :stream, :visibility,"
                                + " :active, :kafkaOutput) returning " + COLUMNS)
                .param("owner", owner)
                .params(draftParams(draft))
                .query(StoredFilters::toFilter)
                .single();
        saveVersion(filter);
        return filter;
    }

    /** The named parameters a draft fills in. */
    private static Map<String, Object> draftParams(FilterDraft draft) {
        return Map.of(
                "name", draft.name(),
                "description", draft.description(),
                "expression", draft.expression(),
                "stream", draft.stream(),
                "visibility", draft.visibility().name(),
                "active", draft.active(),
                "kafkaOutput", draft.kafkaOutput());
    }

    /** Copies the filter as it now stands into its history, as the next version. */
    private void saveVersion(Filter filter) {
        jdbc.sql("insert into filter_versions (filter_id, version, name, description, expression, stream, visibility,"
                        + " active, kafka_output) select f.id, coalesce((select max(v.version) from filter_versions v"
                        + " where v.filter_id = f.id), 0) + 1, f.name, f.description, f.expression, f.stream,"
                        + " f.visibility, f.active, f.kafka_output from filters f where f.id = :id")
                .param("id", filter.id())
                .update();
        jdbc.sql("delete from filter_versions where filter_id = :id and version <= (select max(version) from"
                        + " filter_versions where filter_id = :id) - :kept")
                .param("id", filter.id())
                .param("kept", properties.versionsKept())
                .update();
    }

    /** Every saved version, newest first. */
    public List<FilterVersion> versions(long id) {
        return jdbc.sql("select filter_id, version, name, description, expression, stream, visibility, active,"
                        + " kafka_output, saved_at from filter_versions where filter_id = :id order by version desc")
                .param("id", id)
                .query((rs, row) -> new FilterVersion(
                        rs.getLong("filter_id"),
                        rs.getInt("version"),
                        rs.getString("name"),
                        rs.getString("description"),
                        rs.getString("expression"),
                        rs.getString("stream"),
                        Visibility.valueOf(rs.getString("visibility")),
                        rs.getBoolean("active"),
                        rs.getBoolean("kafka_output"),
                        rs.getTimestamp("saved_at").toInstant()))
                .list();
    }

    /** Pauses a filter that keeps failing, saying why. */
    public void pause(long id, String reason) {
        jdbc.sql("update filters set active = false, paused_reason = :reason, updated_at = now() where id = :id")
                .param("id", id)
                .param("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .update();
    }

    /** Turns a filter's Kafka output off (its topic cannot be written), saying why; the filter keeps running. */
    public void stopKafkaOutput(long id, String reason) {
        jdbc.sql("update filters set kafka_output = false, paused_reason = :reason, updated_at = now()"
                        + " where id = :id and kafka_output")
                .param("id", id)
                .param("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .update();
    }

    @Transactional
    public Optional<Filter> update(long id, String owner, FilterDraft draft) {
        Optional<Filter> updated = jdbc.sql("update filters set name = :name, description = :description, expression ="
                        + " :expression, stream = :stream, visibility = :visibility, active = :active, kafka_output ="
                        + " :kafkaOutput, paused_reason = null, updated_at = now() where id = :id and owner = :owner"
                        + " returning " + COLUMNS)
                .param("id", id)
                .param("owner", owner)
                .params(draftParams(draft))
                .query(StoredFilters::toFilter)
                .optional();
        updated.ifPresent(this::saveVersion);
        return updated;
    }

    public boolean delete(long id, String owner) {
        return jdbc.sql("delete from filters where id = :id and owner = :owner")
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                > 0;
    }

    /** Public filters, most followed first, with the viewer's follows marked. */
    public List<PublicFilter> publicFilters(String viewer) {
        return jdbc.sql("select " + prefixed("f") + ", (select count(*) from filter_follows c where c.filter_id = f.id)"
                        + " as followers, exists (select 1 from filter_follows v where v.filter_id = f.id and"
                        + " v.username = :viewer) as followed from filters f where f.visibility = 'PUBLIC' order by"
                        + " followers desc, f.name, f.id")
                .param("viewer", viewer)
                .query((rs, row) ->
                        new PublicFilter(toFilter(rs, row), rs.getLong("followers"), rs.getBoolean("followed")))
                .list();
    }

    /** The public filters a user follows. */
    public List<Filter> followedBy(String username) {
        return jdbc.sql("select " + prefixed("f") + " from filters f join filter_follows ff on ff.filter_id = f.id"
                        + " where ff.username = :username and f.visibility = 'PUBLIC' order by f.name, f.id")
                .param("username", username)
                .query(StoredFilters::toFilter)
                .list();
    }

    /** A public filter's followers: all who receive its live matches, and those of them who take its replays too. */
    public record Followers(List<String> all, List<String> withReplays) {}

    /** The followers of each active public filter that has any, by its id. */
    public Map<Long, Followers> followersOfActivePublicFilters() {
        Map<Long, Followers> followers = new HashMap<>();
        jdbc.sql("select ff.filter_id, ff.username, ff.with_replays from filter_follows ff join filters f on f.id ="
                        + " ff.filter_id where f.visibility = 'PUBLIC' and f.active order by ff.filter_id, ff.username")
                .query(rs -> {
                    Followers of = followers.computeIfAbsent(
                            rs.getLong(1), k -> new Followers(new ArrayList<>(), new ArrayList<>()));
                    of.all().add(rs.getString(2));
                    if (rs.getBoolean(3)) {
                        of.withReplays().add(rs.getString(2));
                    }
                });
        return followers;
    }

    /** A filter's name and owner. */
    public record Named(String name, String owner) {}

    /** Each filter's name and owner, by id: of all filters, or of those among the ids given. */
    public Map<Long, Named> named(java.util.@Nullable Collection<Long> ids) {
        Map<Long, Named> named = new HashMap<>();
        var sql = ids == null
                ? jdbc.sql("select id, name, owner from filters")
                : jdbc.sql("select id, name, owner from filters where id = any(:ids)")
                        .param("ids", ids.toArray(Long[]::new));
        sql.query(rs -> {
            named.put(rs.getLong(1), new Named(rs.getString(2), rs.getString(3)));
        });
        return named;
    }

    /** The ids of the filters whose replays {@code username} takes too. */
    public Set<Long> replaysFollowedBy(String username) {
        return new HashSet<>(
                jdbc.sql("select filter_id from filter_follows where username = :username and" + " with_replays")
                        .param("username", username)
                        .query(Long.class)
                        .list());
    }

    /** How many filters the user follows, and whether one of them is this one. */
    public long countFollowedBy(String username) {
        return jdbc.sql("select count(*) from filter_follows where username = :username")
                .param("username", username)
                .query(Long.class)
                .single();
    }

    public boolean follows(String username, long filterId) {
        return jdbc.sql("select count(*) from filter_follows where username = :username and filter_id = :id")
                        .param("username", username)
                        .param("id", filterId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Follows a public filter of someone else, with or without its replays; true if anything changed. */
    public boolean follow(String username, long filterId, boolean withReplays) {
        return jdbc.sql("insert into filter_follows (username, filter_id, with_replays) select :username, id, :replays"
                                + " from filters where id = :id and visibility = 'PUBLIC' and owner <> :username"
                                + " on conflict (username, filter_id) do update set with_replays = excluded.with_replays"
                                + " where filter_follows.with_replays <> excluded.with_replays")
                        .param("username", username)
                        .param("id", filterId)
                        .param("replays", withReplays)
                        .update()
                > 0;
    }

    public boolean unfollow(String username, long filterId) {
        return jdbc.sql("delete from filter_follows where username = :username and filter_id = :id")
                        .param("username", username)
                        .param("id", filterId)
                        .update()
                > 0;
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static Filter toFilter(ResultSet rs, int row) throws SQLException {
        return new Filter(
                rs.getLong("id"),
                rs.getString("owner"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("expression"),
                rs.getString("stream"),
                Visibility.valueOf(rs.getString("visibility")),
                rs.getBoolean("active"),
                rs.getBoolean("kafka_output"),
                rs.getString("paused_reason"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
