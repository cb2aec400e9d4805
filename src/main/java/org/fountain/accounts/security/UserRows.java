package org.fountain.accounts.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fountain.accounts.Role;
import org.fountain.accounts.UserSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Repository;

/** Users in PostgreSQL. */
@Repository
public class UserRows {

    /** Part of every update that changes how an account signs in: its open sessions end (see AccountStates). */
    private static final String CREDENTIALS_CHANGED =
            "credentials_version = credentials_version + 1, credentials_changed_at = now()";

    private final JdbcClient jdbc;

    UserRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from users where lower(username) = lower(:username)")
                        .param("username", username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public boolean anyWithRole(Role role) {
        return jdbc.sql("select count(*) from users where role = :role")
                        .param("role", role.name())
                        .query(Long.class)
                        .single()
                > 0;
    }

    public void insert(String username, String passwordHash, Role role) {
        insert(username, passwordHash, role, true);
    }

    public void insert(String username, String passwordHash, Role role, boolean enabled) {
        jdbc.sql("insert into users (username, password_hash, role, enabled) values (:username, :hash, :role,"
                        + " :enabled)")
                .param("username", username)
                .param("hash", passwordHash)
                .param("role", role.name())
                .param("enabled", enabled)
                .update();
    }

    public List<String> disabledUsers() {
        return jdbc.sql("select username from users where not enabled and disabled_by is null order by created_at, id")
                .query(String.class)
                .list();
    }

    public List<String> disabledByAdministrators() {
        return jdbc.sql("select username from users where not enabled and disabled_by is not null")
                .query(String.class)
                .list();
    }

    public boolean enable(String username) {
        return jdbc.sql("update users set enabled = true, disabled_by = null where username = :username and not"
                                + " enabled")
                        .param("username", username)
                        .update()
                > 0;
    }

    public boolean disable(String username, String by) {
        return jdbc.sql("update users set enabled = false, disabled_by = :by, " + CREDENTIALS_CHANGED
                                + " where username =" + " :username and enabled")
                        .param("username", username)
                        .param("by", by)
                        .update()
                > 0;
    }

    public boolean setRole(String username, Role role) {
        return jdbc.sql("update users set role = :role, " + CREDENTIALS_CHANGED + " where username = :username"
                                + " and role <> :role")
                        .param("username", username)
                        .param("role", role.name())
                        .update()
                > 0;
    }

    /** Notes a sign-in; at most once a minute per user, since an API client signs in on every request. */
    public void signedIn(String username) {
        jdbc.sql("update users set last_login_at = now() where username = :username and (last_login_at is null or"
                        + " last_login_at < now() - interval '1 minute')")
                .param("username", username)
                .update();
    }

    public List<UserSummary> summaries() {
        return jdbc.sql("select username, role, enabled, disabled_by, created_at, last_login_at from users order by"
                        + " lower(username)")
                .query((rs, row) -> {
                    Timestamp last = rs.getTimestamp("last_login_at");
                    boolean enabled = rs.getBoolean("enabled");
                    String by = rs.getString("disabled_by");
                    return new UserSummary(
                            rs.getString("username"),
                            Role.valueOf(rs.getString("role")),
                            enabled,
                            !enabled && by == null,
                            by,
                            rs.getTimestamp("created_at").toInstant(),
                            last == null ? null : last.toInstant());
                })
                .list();
    }

    public Optional<String> passwordHash(String username) {
        return jdbc.sql("select password_hash from users where username = :username")
                .param("username", username)
                .query(String.class)
                .optional();
    }

    public void updatePassword(String username, String passwordHash) {
        jdbc.sql("update users set password_hash = :hash, " + CREDENTIALS_CHANGED + " where username =" + " :username")
                .param("username", username)
                .param("hash", passwordHash)
                .update();
    }

    /**
     * Accounts whose credentials changed (password, role, disabled), with their version: all of them, or those changed
     * since the given time.
     */
    Map<String, Long> credentialsVersions(java.time.@Nullable Instant since) {
        Map<String, Long> versions = new HashMap<>();
        jdbc.sql("select username, credentials_version from users where credentials_changed_at >= :since")
                .param("since", Timestamp.from(since == null ? Instant.EPOCH : since))
                .query(rs -> {
                    versions.put(rs.getString("username"), rs.getLong("credentials_version"));
                });
        return versions;
    }

    Optional<UserDetails> find(String username) {
        return jdbc.sql("select username, password_hash, role, enabled from users where username = :username")
                .param("username", username)
                .query((rs, row) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .roles(rs.getString("role"))
                        .disabled(!rs.getBoolean("enabled"))
                        .build())
                .optional();
    }
}
