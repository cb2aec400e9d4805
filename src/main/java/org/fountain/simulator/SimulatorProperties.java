package org.fountain.simulator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The mock stream (Fountain's testbed).
 *
 * @param enabled whether this instance publishes mock alerts
 * @param cadence {@code steady} (rate alerts a second) or {@code bursts} (burst-size alerts every burst-interval, like
 *     Rubin's visits)
 * @param rate alerts per second in steady cadence
 * @param burstSize alerts per burst
 * @param burstInterval time between the starts of two bursts
 * @param surveys which surveys' packets to write: {@code ztf} (container files), {@code lsst} (Confluent frames)
 * @param lsstShare the share of alerts written as Rubin packets when both surveys are on
 * @param topicPrefix ZTF-shaped topics are {@code <prefix>_YYYYMMDD_programid1} after the UTC date
 * @param lsstTopic the topic of Rubin-shaped alerts
 * @param partitions partitions of a topic the simulator creates
 * @param objects how many objects the mock sky holds at a time
 * @param seed random seed: the same seed gives the same sky and the same sequence of detections
 * @param cutouts whether alerts carry their three FITS image stamps
 * @param mix shares of supernova, variable-star, agn, asteroid and bogus (normalised)
 * @param replay republish a folder of real alert files instead of synthetic ones
 */
@ConfigurationProperties("fountain.simulator")
@Validated
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("steady") Cadence cadence,
        @DefaultValue("3.0") @Positive double rate,
        @DefaultValue("1000") @Min(1) int burstSize,
        @DefaultValue("40s") Duration burstInterval,
        @DefaultValue({"ztf", "lsst"}) @NotEmpty List<String> surveys,

        @DefaultValue("0.3") @DecimalMin("0.0") @DecimalMax("1.0")
        double lsstShare,

        @DefaultValue("ztf") @NotBlank String topicPrefix,
        @DefaultValue("lsst-alerts-v90-mock") @NotBlank String lsstTopic,
        @DefaultValue("3") @Min(1) int partitions,
        @DefaultValue("500") @Min(1) int objects,
        @DefaultValue("0") long seed,
        @DefaultValue("true") boolean cutouts,
        @Nullable Map<ObjectKind, Double> mix,
        @DefaultValue @Valid Replay replay) {

    /** How alerts are spaced in time. */
    public enum Cadence {
        STEADY,
        BURSTS
    }

    /**
     * Replay of real alert files.
     *
     * @param folder a folder of alert files (any format Fountain reads), e.g. {@code ../shared/alerts/ztf}; empty for
     *     synthetic alerts
     * @param rewrite give each replayed alert a new id and shift its times to now, so each pass is new alerts
     * @param schemaDirectory schemas for rewriting Confluent-framed files ({@code <major>/<minor>/})
     */
    public record Replay(
            @Nullable String folder,
            @DefaultValue("true") boolean rewrite,
            @Nullable String schemaDirectory) {

        public boolean active() {
            return folder != null && !folder.isBlank();
        }
    }

    /** The configured mix, or the default one. */
    public Map<ObjectKind, Double> mixOrDefault() {
        return mix == null || mix.isEmpty() ? MockPopulation.defaultMix() : mix;
    }
}
