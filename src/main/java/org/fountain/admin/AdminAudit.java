package org.fountain.admin;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every action taken on the operator pages: who, when, what, on what, and how it ended; kept in PostgreSQL. */
@Component
public class AdminAudit {

    private static final int MAX_OUTCOME = 2000;

    private final JdbcClient jdbc;

    AdminAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One action. */
    public record Action(long id, Instant at, String actor, String action, String target, String outcome) {}

    /** Records an action (its outcome cut at 2,000 characters). */
    public void record(String actor, String action, String target, String outcome) {
        jdbc.sql("insert into admin_actions (actor, action, target, outcome) values (:actor, :action, :target,"
                        + " :outcome)")
                .param("actor", cut(actor, 40))
                .param("action", cut(action, 60))
                .param("target", cut(target, 400))
                .param("outcome", cut(outcome, MAX_OUTCOME))
                .update();
    }

    /** The newest actions, up to {@code limit}, before the given id (or the newest, when 0). */
    public List<Action> newest(long beforeId, int limit) {
        return jdbc.sql("select id, at, actor, action, target, outcome from admin_actions where (:before = 0 or id <"
                        + " :before) order by id desc limit :limit")
                .param("before", beforeId)
                .param("limit", limit)
                .query((rs, row) -> new Action(
                        rs.getLong("id"),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("outcome")))
                .list();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
