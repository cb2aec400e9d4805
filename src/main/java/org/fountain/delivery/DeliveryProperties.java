package org.fountain.delivery;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where matches go.
 *
 * @param matchesTopic the topic every match is written to (key = filter id)
 * @param matchesPartitions partitions of that topic when Fountain creates it
 */
@ConfigurationProperties("fountain.delivery")
@Validated
public record DeliveryProperties(
        @DefaultValue("fountain.matches") @NotBlank String matchesTopic,
        @DefaultValue("3") @Min(1) int matchesPartitions) {}
