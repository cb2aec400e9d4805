package org.fountain.accounts;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A personal API token as its owner's list shows it (never the token itself, which is shown once, at creation).
 *
 * @param prefix the token's first characters, to recognise it by
 * @param scope what it may do
 */
public record ApiToken(
        long id,
        String name,
        String prefix,
        Scope scope,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt) {

    /** What a token may do: read (GET), or read and write (everything its owner may do through the API). */
    public enum Scope {
        READ,
        WRITE
    }

    public boolean usable(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
