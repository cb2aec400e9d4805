package org.fountain.ingest;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the matcher reads the survey streams (the streams themselves are {@code fountain.alerts.streams}).
 *
 * @param groupId the consumer group shared by every instance's matcher
 * @param deadLetterTopic where undecodable messages go, with the reason in a header
 */
@ConfigurationProperties("fountain.ingest")
@Validated
public record IngestProperties(
        @DefaultValue("fountain-match") @NotBlank String groupId,
        @DefaultValue("fountain.deadletters") @NotBlank String deadLetterTopic) {}
