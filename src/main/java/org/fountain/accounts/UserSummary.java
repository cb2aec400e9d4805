package org.fountain.accounts;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user as the operator pages list them.
 *
 * @param awaitingApproval registered and never approved (as opposed to disabled by an administrator)
 * @param disabledBy the administrator who disabled the account, or null
 * @param lastLogin when the user last signed in, to the minute, or null if never
 */
public record UserSummary(
        String username,
        Role role,
        boolean enabled,
        boolean awaitingApproval,
        @Nullable String disabledBy,
        Instant createdAt,
        @Nullable Instant lastLogin) {}
