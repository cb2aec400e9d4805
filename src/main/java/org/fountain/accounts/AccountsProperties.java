package org.fountain.accounts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
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
        @DefaultValue @Valid Limits limits,
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
            @DefaultValue("10") @Min(1) int failedSignInsPerName,

            @DefaultValue("100") @Min(1) int failedSignInsPerAddress,

            @DefaultValue("15m") Duration signInWindow,

            @DefaultValue("20") @Min(1) int registrationsPerAddress,

            @DefaultValue("1h") Duration registrationWindow) {}
}
