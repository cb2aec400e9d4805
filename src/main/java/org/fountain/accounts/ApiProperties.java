package org.fountain.accounts;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How scripts reach {@code /api}.
 *
 * @param basicAuth whether the API also takes an account's password over HTTP Basic (off: personal tokens only)
 * @param requestsPerMinute requests one token may make per minute; beyond, 429 with {@code Retry-After}
 * @param maxTokensPerUser tokens one user may hold (revoked and expired ones do not count)
 * @param maxDays the longest a token may live
 */
@ConfigurationProperties("fountain.accounts.api")
@Validated
public record ApiProperties(
        @DefaultValue("false") boolean basicAuth,
        @DefaultValue("600") @Min(1) int requestsPerMinute,
        @DefaultValue("20") @Min(1) int maxTokensPerUser,
        @DefaultValue("365") @Min(1) int maxDays) {}
