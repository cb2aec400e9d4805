package org.fountain.admin;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator pages.
 *
 * @param sampleEvery how often the cluster, the topics and the consumer groups are read (pages show the last sample)
 * @param history how long lag and rates are kept, in memory, at one point per sample
 * @param window observations of a group's partition that its status is judged over (Burrow's window)
 * @param groupPrefix consumer groups whose id starts with this are Fountain's: their status raises the banner
 * @param requestTimeout the longest one call to the broker may take; a sample that fails shows as stale
 * @param maxTimedPartitions lagging partitions whose lag in seconds is read per sample (the record at the committed
 *     offset); beyond, the lag is given in messages only
 * @param deadLettersScanned the newest dead letters the browser reads per partition
 */
@ConfigurationProperties("fountain.admin")
@Validated
public record AdminProperties(
        @DefaultValue("10s") Duration sampleEvery,
        @DefaultValue("24h") Duration history,
        @DefaultValue("10") @Min(2) int window,
        @DefaultValue("fountain-") String groupPrefix,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("50") @Min(0) int maxTimedPartitions,
        @DefaultValue("2000") @Min(1) int deadLettersScanned) {

    /** Samples kept: the history over the sampling interval. */
    int samplesKept() {
        return (int) Math.max(2, history.toMillis() / Math.max(1, sampleEvery.toMillis()));
    }
}
