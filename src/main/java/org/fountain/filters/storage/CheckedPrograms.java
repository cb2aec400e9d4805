package org.fountain.filters.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Type-checked filter programs kept in PostgreSQL, by key (a hash of the language and the expression). */
@Repository
public class CheckedPrograms {

    private static final int CHUNK = 5_000;

    private final JdbcClient jdbc;

    CheckedPrograms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The kept programs among the keys, touching them so they are not dropped while in use. */
    public Map<String, byte[]> find(Collection<String> keys) {
        Map<String, byte[]> found = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            String[] chunk =
                    all.subList(from, Math.min(all.size(), from + CHUNK)).toArray(String[]::new);
            jdbc.sql("update checked_programs set kept_at = now() where key = any(:keys) returning key, checked")
                    .param("keys", chunk)
                    .query(rs -> {
                        found.put(rs.getString(1), rs.getBytes(2));
                    });
        }
        return found;
    }

    public void keep(Map<String, byte[]> programs) {
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(programs.entrySet());
        for (int from = 0; from < all.size(); from += 500) {
            List<Map.Entry<String, byte[]>> chunk = all.subList(from, Math.min(all.size(), from + 500));
            StringBuilder sql = new StringBuilder("insert into checked_programs (key, checked) values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ")
                        .append("(:k")
                        .append(i)
                        .append(", :c")
                        .append(i)
                        .append(")");
            }
            JdbcClient.StatementSpec statement =
                    jdbc.sql(sql.append(" on conflict (key) do nothing").toString());
            for (int i = 0; i < chunk.size(); i++) {
                statement = statement
                        .param("k" + i, chunk.get(i).getKey())
                        .param("c" + i, chunk.get(i).getValue());
            }
            statement.update();
        }
    }

    /** Drops programs no instance has read or kept for 30 days. */
    public int forgetUnused() {
        return jdbc.sql("delete from checked_programs where kept_at < now() - interval '30 days'")
                .update();
    }
}
