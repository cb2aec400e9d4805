package org.fountain.accounts;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts settings.
 *
 * @param adminUsername the administrator created on first run
 * @param adminPassword its password; when unset one is generated and printed once in the log
 * @param limits how many failed sign-ins and registrations are let through before the rest wait
 * @param registration {@code open} (anyone may register), {@code approval} (new accounts wait until an administrator
 *     approves them on {@code /admin/users}) or {@code closed} (no registration)
 */
@ConfigurationProperties("fountain.accounts")
@Validated
public record AccountsProperties(
        @DefaultValue("admin") @NotBlank String adminUsername,
        String adminPassword,
        @DefaultValue @jakarta.validation.Valid Limits limits,
        @DefaultValue("open") Registration registration) {

    /** Who may create an account. */
    public enum Registration {
        OPEN,
        APPROVAL,
        CLOSED
    }

    /**
     * Limits on guessing and on sign-ups; past one, attempts are answered 429 with {@code Retry-After} until the window
     * ends, without checking a password.
     *
     * @param failedSignInsPerName failed sign-ins (form or HTTP Basic) as one user name per window
     * @param failedSignInsPerAddress failed sign-ins from one address per window, whatever the names
     * @param signInWindow the window of both
     * @param registrationsPerAddress registrations tried from one address per window
     * @param registrationWindow its window
     */
    public record Limits(
            @DefaultValue("10") @jakarta.validation.constraints.Min(1)
            int failedSignInsPerName,

            @DefaultValue("100") @jakarta.validation.constraints.Min(1)
            int failedSignInsPerAddress,

            @DefaultValue("15m") java.time.Duration signInWindow,

            @DefaultValue("20") @jakarta.validation.constraints.Min(1)
            int registrationsPerAddress,

            @DefaultValue("1h") java.time.Duration registrationWindow) {}
}
