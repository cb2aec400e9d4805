package org.fountain.filters;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on filters.
 *
 * @param maxPerUser how many filters one user may own
 */
@ConfigurationProperties("fountain.filters")
@Validated
public record FiltersProperties(@DefaultValue("100") @Min(1) int maxPerUser) {}
