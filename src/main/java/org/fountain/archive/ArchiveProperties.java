package org.fountain.archive;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The match archive.
 *
 * @param enabled whether this instance archives matches (every instance may: they share the consumer group)
 * @param groupId the consumer group that writes the archive
 * @param retention matches older than this are dropped, a day at a time
 * @param maxSize and the oldest days are dropped while the archive is larger than this
 * @param checkEvery how often retention is applied
 * @param keepPackets whether the alerts' bytes (cutouts included) are kept for the alert pages
 * @param maxPageSize the most matches one history request returns
 * @param concurrency archive writers per instance (one per matches partition at most). One by default: matches are
 *     keyed by object, so each writer's alerts lie all along the survey partitions and each writer reads nearly every
 *     alert back; one reads each once, writes 1,170 alerts/s with cutouts here (three: 1,484), four times Rubin's
 *     rate, and leaves the cores to matching and live delivery
 * @param gather how long the broker may hold a fetch of matches to gather more (up to 1 MiB) into one batch: each
 *     batch is one PostgreSQL transaction and one read of its alerts back from the survey topics, and a few large ones
 *     cost much less than many small ones (the archive is this much behind live delivery at most)
 */
@ConfigurationProperties("fountain.archive")
@Validated
public record ArchiveProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("fountain-archive") @NotBlank String groupId,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("20GB") DataSize maxSize,
        @DefaultValue("1h") Duration checkEvery,
        @DefaultValue("true") boolean keepPackets,
        @DefaultValue("500") @Min(1) int maxPageSize,
        @DefaultValue("1s") Duration gather,
        @DefaultValue("1") @Min(1) int concurrency) {}
