package org.fountain.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The input streams Fountain reads, and limits that apply to all of them.
 *
 * @param streams the streams; a topic belongs to the first whose pattern matches it
 * @param maxMessageBytes larger messages (after gunzip too) are dead letters
 */
@ConfigurationProperties("fountain.alerts")
@Validated
public record StreamsProperties(
        @NotEmpty @Valid List<StreamDefinition> streams,
        @DefaultValue("10485760") @Min(1024) int maxMessageBytes) {}
