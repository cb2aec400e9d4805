package org.fountain.accounts.security;

import java.util.List;
import java.util.Optional;
import org.fountain.accounts.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Repository;

/** Users in PostgreSQL. */
@Repository
public class UserRows {

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
        return jdbc.sql("select username from users where not enabled order by created_at, id")
                .query(String.class)
                .list();
    }

    public boolean enable(String username) {
        return jdbc.sql("update users set enabled = true where username = :username and not enabled")
                        .param("username", username)
                        .update()
                > 0;
    }

    public Optional<String> passwordHash(String username) {
        return jdbc.sql("select password_hash from users where username = :username")
                .param("username", username)
                .query(String.class)
                .optional();
    }

    public void updatePassword(String username, String passwordHash) {
        jdbc.sql("update users set password_hash = :hash where username = :username")
                .param("username", username)
                .param("hash", passwordHash)
                .update();
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
