package org.fountain.filters;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on filters.
 *
 * @param maxPerUser how many filters one user may own
 * @param pauseAfterFailures a filter that fails on this many alerts in a row is paused, and its owner told why
 * @param outputPartitions partitions of a filter's own Kafka output topic
 */
@ConfigurationProperties("fountain.filters")
@Validated
public record FiltersProperties(
        @DefaultValue("100") @Min(1) int maxPerUser,
        @DefaultValue("100") @Min(1) int pauseAfterFailures,
        @DefaultValue("1") @Min(1) int outputPartitions) {}
