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
 * @param maxOutputsPerUser how many of one user's filters may write to a Kafka topic of their own (each is a topic on
 *     the cluster)
 * @param maxFollowsPerUser how many public filters of others one user may follow
 * @param versionsKept how many saved versions of a filter are kept (the oldest go first)
 */
@ConfigurationProperties("fountain.filters")
@Validated
public record FiltersProperties(
        @DefaultValue("100") @Min(1) int maxPerUser,
        @DefaultValue("100") @Min(1) int pauseAfterFailures,
        @DefaultValue("1") @Min(1) int outputPartitions,
        @DefaultValue("10") @Min(0) int maxOutputsPerUser,
        @DefaultValue("200") @Min(0) int maxFollowsPerUser,
        @DefaultValue("100") @Min(1) int versionsKept) {}
