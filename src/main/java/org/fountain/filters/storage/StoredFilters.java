package org.fountain.filters.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Filters in PostgreSQL. */
@Repository
public class StoredFilters {

    private static final String COLUMNS = "id, owner, name, expression, active, created_at, updated_at";

    private final JdbcClient jdbc;

    StoredFilters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Filter> ownedBy(String owner) {
        return jdbc.sql("select " + COLUMNS + " from filters where owner = :owner order by name, id")
                .param("owner", owner)
                .query(StoredFilters::toFilter)
                .list();
    }

    public List<Filter> active() {
        return jdbc.sql("select " + COLUMNS + " from filters where active order by id")
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
                        + " max(updated_at)), 0) from filters")
                .query(String.class)
                .single();
    }

    public long countOwnedBy(String owner) {
        return jdbc.sql("select count(*) from filters where owner = :owner")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    public Filter insert(String owner, FilterDraft draft) {
        return jdbc.sql("insert into filters (owner, name, expression, active) values (:owner, :name, :expression,"
                        + " :active) returning " + COLUMNS)
                .param("owner", owner)
                .param("name", draft.name())
                .param("expression", draft.expression())
                .param("active", draft.active())
                .query(StoredFilters::toFilter)
                .single();
    }

    public Optional<Filter> update(long id, String owner, FilterDraft draft) {
        return jdbc.sql("update filters set name = :name, expression = :expression, active = :active, updated_at ="
                        + " now() where id = :id and owner = :owner returning " + COLUMNS)
                .param("id", id)
                .param("owner", owner)
                .param("name", draft.name())
                .param("expression", draft.expression())
                .param("active", draft.active())
                .query(StoredFilters::toFilter)
                .optional();
    }

    public boolean delete(long id, String owner) {
        return jdbc.sql("delete from filters where id = :id and owner = :owner")
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                > 0;
    }

    private static Filter toFilter(ResultSet rs, int row) throws SQLException {
        return new Filter(
                rs.getLong("id"),
                rs.getString("owner"),
                rs.getString("name"),
                rs.getString("expression"),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
