package org.fountain.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the matcher reads the survey streams (the streams themselves are {@code fountain.alerts.streams}).
 *
 * @param groupId the consumer group shared by every instance's matcher
 * @param deadLetterTopic where undecodable messages go, with the reason in a header
 * @param concurrency how many listener threads match on this instance (partitions are shared among them)
 * @param batchTimeBudget how long one batch (one Kafka transaction) may match before it commits what it has done and
 *     leaves the rest for the next; well under the producer's {@code transaction.timeout.ms}
 * @param gather how long the broker may hold a fetch to gather more alerts (up to 1 MiB) into one batch: each batch is
 *     a Kafka transaction, so a little waiting saves the broker and this instance most of their transaction work at
 *     a few hundred alerts per second; it adds at most this much to an alert's time to its dashboards ({@code 0}:
 *     fetch whatever is there)
 */
@ConfigurationProperties("fountain.ingest")
@Validated
public record IngestProperties(
        @DefaultValue("fountain-match") @NotBlank String groupId,
        @DefaultValue("fountain.deadletters") @NotBlank String deadLetterTopic,
        @DefaultValue("2") @Min(1) @Max(64) int concurrency,
        @DefaultValue("5s") Duration batchTimeBudget,
        @DefaultValue("40ms") Duration gather) {}
