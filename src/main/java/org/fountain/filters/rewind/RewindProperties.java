package org.fountain.filters.rewind;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on "test on the last N hours".
 *
 * @param maxAlerts a rewind stops after scanning this many alerts
 * @param maxDuration or after this long
 * @param maxHours the furthest back one may rewind
 * @param concurrency rewinds running at once on this instance (each on a thread and a Kafka consumer of its own)
 * @param keep finished rewinds are kept this long for their owner to read
 * @param maxWaiting rewinds waiting for a thread on this instance; one more is refused (429) until one ends
 * @param replayCooldown after replaying a filter into its feed, its owner waits this long before the next replay
 * @param replaysPerDay replays one user may start in 24 hours
 */
@ConfigurationProperties("fountain.filters.rewind")
@Validated
record RewindProperties(
        @DefaultValue("200000") @Min(1) int maxAlerts,
        @DefaultValue("60s") Duration maxDuration,
        @DefaultValue("168") @Min(1) int maxHours,
        @DefaultValue("2") @Min(1) int concurrency,
        @DefaultValue("10m") Duration keep,
        @DefaultValue("8") @Min(0) int maxWaiting,
        @DefaultValue("5m") Duration replayCooldown,
        @DefaultValue("24") @Min(1) int replaysPerDay) {}
