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
 */
@ConfigurationProperties("fountain.accounts")
@Validated
public record AccountsProperties(
        @DefaultValue("admin") @NotBlank String adminUsername, String adminPassword) {}
