package org.fountain.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens: created named, with a scope and an expiry, shown once, kept as a SHA-256 hash; listed and
 * revoked by their owner. A disabled owner's tokens stop working with the account.
 */
@Service
public class ApiTokens {

    /** Every token starts so: easy to find in a leaked file, and told apart from a password. */
    public static final String PREFIX = "ftn_";

    private static final int SHOWN_PREFIX = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ApiProperties properties;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, ApiProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** A token just made: its secret, shown once, and how the list will show it. */
    public record Created(String secret, ApiToken token) {}

    /**
     * Makes a token.
     *
     * @throws IllegalArgumentException when the name is blank or too long, the lifetime out of range, or the user
     *     holds as many usable tokens as allowed
     */
    public Created create(String username, String name, ApiToken.Scope scope, int days) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new IllegalArgumentException("Name the token (at most 100 characters), to know it again in the list");
        }
        if (days < 1 || days > properties.maxDays()) {
            throw new IllegalArgumentException("A token lives from 1 to " + properties.maxDays() + " days");
        }
        Instant now = clock.instant();
        long usable = list(username).stream().filter(t -> t.usable(now)).count();
        if (usable >= properties.maxTokensPerUser()) {
            throw new IllegalArgumentException(
                    "At most " + properties.maxTokensPerUser() + " tokens at a time: revoke one first");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = now.plus(Duration.ofDays(days));
        long id = jdbc.sql("insert into api_tokens (username, name, token_hash, prefix, scope, created_at, expires_at)"
                        + " values (:username, :name, :hash, :prefix, :scope, :created, :expires) returning id")
                .param("username", username)
                .param("name", trimmed)
                .param("hash", hash(secret))
                .param("prefix", secret.substring(0, SHOWN_PREFIX))
                .param("scope", scope.name())
                .param("created", Timestamp.from(now))
                .param("expires", Timestamp.from(expires))
                .query(Long.class)
                .single();
        return new Created(
                secret, new ApiToken(id, trimmed, secret.substring(0, SHOWN_PREFIX), scope, now, expires, null, null));
    }

    /** The user's tokens, newest first. */
    public List<ApiToken> list(String username) {
        return jdbc.sql("select id, name, prefix, scope, created_at, expires_at, last_used_at, revoked_at from"
                        + " api_tokens where username = :username order by id desc")
                .param("username", username)
                .query((rs, row) -> new ApiToken(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("prefix"),
                        ApiToken.Scope.valueOf(rs.getString("scope")),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(),
                        instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .list();
    }

    /** Revokes one of the user's tokens; false when the user has no such token, or it is revoked already. */
    public boolean revoke(String username, long id) {
        return jdbc.sql("update api_tokens set revoked_at = now() where id = :id and username = :username and"
                                + " revoked_at is null")
                        .param("id", id)
                        .param("username", username)
                        .update()
                > 0;
    }

    /** Revokes every token of the user that is not revoked yet (an administrator reset their password); how many. */
    public int revokeAll(String username) {
        return jdbc.sql("update api_tokens set revoked_at = now() where username = :username and revoked_at is null")
                .param("username", username)
                .update();
    }

    /** Whether the token still signs its owner in: not revoked, not expired, its owner enabled. */
    public boolean usable(long id) {
        return jdbc.sql("select count(*) from api_tokens t join users u on u.username = t.username where t.id = :id and"
                                + " t.revoked_at is null and t.expires_at > now() and u.enabled")
                        .param("id", id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Who a token belongs to, as the API sees them. */
    public record Bearer(long tokenId, String username, Role role, ApiToken.Scope scope) {}

    /**
     * The owner of a usable token (not revoked, not expired, its owner enabled), noting its use at most once a
     * minute; empty for anything else.
     */
    public Optional<Bearer> authenticate(@Nullable String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<Bearer> bearer = jdbc.sql("select t.id, t.username, u.role, t.scope from api_tokens t join users u on"
                        + " u.username = t.username where t.token_hash = :hash and t.revoked_at is null and"
                        + " t.expires_at > now() and u.enabled")
                .param("hash", hash(secret))
                .query((rs, row) -> new Bearer(
                        rs.getLong("id"),
                        rs.getString("username"),
                        Role.valueOf(rs.getString("role")),
                        ApiToken.Scope.valueOf(rs.getString("scope"))))
                .optional();
        bearer.ifPresent(b -> jdbc.sql("update api_tokens set last_used_at = now() where id = :id and (last_used_at is"
                        + " null or last_used_at < now() - interval '1 minute')")
                .param("id", b.tokenId())
                .update());
        return bearer;
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
