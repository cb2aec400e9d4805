package org.fountain.simulator;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The mock stream.
 *
 * @param enabled whether this instance publishes mock alerts
 * @param rate alerts per second
 * @param topicPrefix topics are named {@code <prefix>_YYYYMMDD_programid1} after today's UTC date
 * @param partitions partitions of a topic the simulator creates
 * @param objects how many distinct objects the population holds
 * @param seed random seed, for repeatable streams
 */
@ConfigurationProperties("fountain.simulator")
@Validated
public record SimulatorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("3.0") @Positive double rate,
        @DefaultValue("ztf") @NotBlank String topicPrefix,
        @DefaultValue("3") @Min(1) int partitions,
        @DefaultValue("500") @Min(1) int objects,
        @DefaultValue("0") long seed) {}
