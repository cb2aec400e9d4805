package org.fountain.ingest;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the matcher reads.
 *
 * @param stream the name of the input stream
 * @param topicPattern regular expression of the survey topics to read
 * @param groupId the consumer group shared by every instance's matcher
 */
@ConfigurationProperties("fountain.ingest")
@Validated
public record IngestProperties(
        @DefaultValue("ztf") @NotBlank String stream,
        @DefaultValue("ztf_.*") @NotBlank String topicPattern,
        @DefaultValue("fountain-match") @NotBlank String groupId) {}
